package dev.distillery.models;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import dev.distillery.spi.Network;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

/** Saved parameters (batch-norm running statistics included) load back to identical outputs. */
class ParameterRoundTripTest {

  static final List<String> IDS = TestNetworks.IDS;

  @ParameterizedTest(name = "{0}")
  @FieldSource("IDS")
  void saveThenLoadGivesIdenticalInferenceOutputs(String id) throws Exception {
    try (NDManager manager = NDManager.newBaseManager()) {
      Network trained = TestNetworks.initialized(id, TestNetworks.GRAY_32, manager, 11);
      Set<String> names = new HashSet<>();
      for (Pair<String, Parameter> parameter : trained.block().getParameters()) {
        assertThat(names.add(parameter.getKey())).as(parameter.getKey()).isTrue();
      }
      // a training pass moves the running statistics away from their initial values
      TestNetworks.forward(
          manager,
          trained.block(),
          TestNetworks.randomBatch(manager, TestNetworks.GRAY_32, 4, 12),
          true);
      NDArray x = TestNetworks.randomBatch(manager, TestNetworks.GRAY_32, 2, 13);
      NDList expected = TestNetworks.forward(manager, trained.block(), x, false);

      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      trained.block().saveParameters(new DataOutputStream(bytes));

      Network loaded = TestNetworks.initialized(id, TestNetworks.GRAY_32, manager, 99);
      NDArray before = TestNetworks.forward(manager, loaded.block(), x, false).get(0);
      assertThat(before.contentEquals(expected.get(0))).isFalse();

      loaded
          .block()
          .loadParameters(
              manager, new DataInputStream(new ByteArrayInputStream(bytes.toByteArray())));
      NDList actual = TestNetworks.forward(manager, loaded.block(), x, false);
      assertThat(actual).hasSameSizeAs(expected);
      for (int i = 0; i < expected.size(); i++) {
        assertThat(actual.get(i).contentEquals(expected.get(i))).as("output %d", i).isTrue();
      }
    }
  }

  @Test
  void modelSaveThenLoadGivesIdenticalLogits(@TempDir Path dir) throws Exception {
    try (NDManager manager = NDManager.newBaseManager();
        Model saved = Model.newInstance("resnet20");
        Model restored = Model.newInstance("resnet20")) {
      Network trained = TestNetworks.initialized("resnet20", TestNetworks.GRAY_32, manager, 21);
      saved.setBlock(trained.block());
      NDArray x = TestNetworks.randomBatch(manager, TestNetworks.GRAY_32, 2, 22);
      TestNetworks.forward(manager, trained.block(), x, true);
      NDArray expected = trained.logits(TestNetworks.forward(manager, trained.block(), x, false));
      saved.save(dir, "resnet20");

      Network fresh = TestNetworks.create("resnet20", TestNetworks.GRAY_32);
      restored.setBlock(fresh.block());
      restored.load(dir, "resnet20");
      fresh.block().initialize(manager, DataType.FLOAT32, TestNetworks.GRAY_32.batchShape(1));
      NDArray actual = fresh.logits(TestNetworks.forward(manager, fresh.block(), x, false));
      assertThat(actual.contentEquals(expected)).isTrue();
    }
  }
}

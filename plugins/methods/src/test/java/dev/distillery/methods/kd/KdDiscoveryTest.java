package dev.distillery.methods.kd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDManager;
import dev.distillery.methods.at.AtOptions;
import dev.distillery.methods.nst.NstOptions;
import dev.distillery.methods.pkt.PktOptions;
import dev.distillery.methods.sp.SpOptions;
import dev.distillery.spi.MethodPlugin;
import dev.distillery.spi.MethodSetup;
import dev.distillery.spi.UserException;
import dev.distillery.testkit.TestNetworks;
import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;

/**
 * ServiceLoader finds {@code kd} with RepDistiller's weight 0.9; it makes a loss named kd and
 * refuses a teacher and student built for different class counts.
 */
public class KdDiscoveryTest {

  @Test
  void serviceLoaderFindsKd() {
    List<MethodPlugin<?>> found = new ArrayList<>();
    ServiceLoader.load(MethodPlugin.class).forEach(found::add);
    assertThat(found)
        .extracting(MethodPlugin::id)
        .containsExactly(
            "kd", "at", "sp", "nst", "pkt", "rkd", "dkd", "cc", "fitnet", "fsp", "vid", "ab", "ofd",
            "mgd", "crd");
    MethodPlugin<?> kd = found.get(0);
    assertThat(kd.optionsType()).isEqualTo(KdOptions.class);
    assertThat(kd.defaultWeight()).isEqualTo(0.9);
    assertThat(kd.description()).isNotBlank();
  }

  @Test
  void serviceLoaderFindsFeatureMethodsWithRepDistillerWeights() {
    java.util.Map<String, MethodPlugin<?>> byId = new java.util.HashMap<>();
    ServiceLoader.load(MethodPlugin.class).forEach(m -> byId.put(m.id(), m));
    assertThat(byId.get("at").optionsType()).isEqualTo(AtOptions.class);
    assertThat(byId.get("at").defaultWeight()).isEqualTo(1000.0);
    assertThat(byId.get("sp").optionsType()).isEqualTo(SpOptions.class);
    assertThat(byId.get("sp").defaultWeight()).isEqualTo(3000.0);
    assertThat(byId.get("nst").optionsType()).isEqualTo(NstOptions.class);
    assertThat(byId.get("nst").defaultWeight()).isEqualTo(50.0);
    assertThat(byId.get("pkt").optionsType()).isEqualTo(PktOptions.class);
    assertThat(byId.get("pkt").defaultWeight()).isEqualTo(30000.0);
  }

  @Test
  void createsKdLossAndRejectsDifferentClassCounts() {
    KdMethod method = new KdMethod();
    try (NDManager manager = NDManager.newBaseManager()) {
      assertThat(
              method
                  .create(
                      new KdOptions(2.0),
                      new MethodSetup(
                          TestNetworks.logitsOnly("lenet5", 10),
                          TestNetworks.logitsOnly("lenet5-half", 10),
                          manager))
                  .name())
          .isEqualTo("kd");
      assertThatThrownBy(
              () ->
                  method.create(
                      KdOptions.defaults(),
                      new MethodSetup(
                          TestNetworks.logitsOnly("resnet32x4", 100),
                          TestNetworks.logitsOnly("resnet8x4", 10),
                          manager)))
          .isInstanceOf(UserException.class)
          .hasMessageContaining("resnet32x4' has 100 classes")
          .hasMessageContaining("resnet8x4' has 10");
    }
  }
}

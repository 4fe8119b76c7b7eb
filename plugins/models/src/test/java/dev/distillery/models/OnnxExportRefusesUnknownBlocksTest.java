package dev.distillery.models;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDManager;
import dev.distillery.models.onnx.OnnxExportFormat;
import dev.distillery.spi.ModelInput;
import dev.distillery.spi.Network;
import dev.distillery.spi.UserException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A network whose block does not describe its ONNX graph (here the DCGAN discriminator, which is
 * not one of the zoo's classifiers) is refused with a message that names it and lists the
 * architectures that export, and no file is left behind.
 */
class OnnxExportRefusesUnknownBlocksTest {

  @Test
  void theDcganDiscriminatorIsRefusedByName(@TempDir Path directory) {
    try (NDManager manager = NDManager.newBaseManager()) {
      Network network =
          TestNetworks.initialized("dcgan-discriminator", new ModelInput(3, 32, 32, 2), manager, 3);
      Path file = directory.resolve("discriminator.onnx");

      assertThatThrownBy(() -> new OnnxExportFormat().write(network, file))
          .isInstanceOf(UserException.class)
          .hasMessageContaining("model 'dcgan-discriminator' cannot be exported to ONNX")
          .hasMessageContaining("resnet20")
          .hasMessageContaining("ghostnet-small");
      org.assertj.core.api.Assertions.assertThat(file).doesNotExist();
    }
  }
}

package dev.distillery.models;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.distillery.spi.ModelInput;
import dev.distillery.spi.UserException;
import org.junit.jupiter.api.Test;

/** LeNet-5 rejects images too small for its three 5x5 convolutions, saying how to fix it. */
class LeNetInputSizeTest {

  @Test
  void unpadded28x28IsRejected() {
    assertThatThrownBy(() -> TestNetworks.create("lenet5-half", new ModelInput(1, 28, 28, 10)))
        .isInstanceOf(UserException.class)
        .hasMessageContaining("lenet5-half")
        .hasMessageContaining("28x28")
        .hasMessageContaining("pad the images to 32x32");
  }
}

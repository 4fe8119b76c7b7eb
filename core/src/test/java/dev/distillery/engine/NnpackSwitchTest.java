package dev.distillery.engine;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * After the switch libtorch uses NNPACK exactly where NNPACK can run: off on a CPU it does not
 * support (where libtorch would otherwise print a warning before every batch-1 convolution),
 * untouched elsewhere.
 */
class NnpackSwitchTest {

  @Test
  void libtorchUsesNnpackOnlyWhereItCanRun() {
    NnpackSwitch.State state = NnpackSwitch.apply();

    assertThat(state).as("libtorch_cpu.so reached through JNA").isNotNull();
    assertThat(state.enabled()).isEqualTo(state.available());
    assertThat(NnpackSwitch.apply()).isSameAs(state);
  }
}

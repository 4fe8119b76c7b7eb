package dev.distillery.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The CPU model and the vector instruction sets that pick libtorch's kernels, from /proc/cpuinfo.
 */
class MachineFactsCpuTest {

  @Test
  void readsTheModelAndOnlyTheVectorFlagsOfTheFirstProcessor(@TempDir Path directory)
      throws Exception {
    Path cpuinfo = directory.resolve("cpuinfo");
    Files.writeString(
        cpuinfo,
        """
        processor\t: 0
        model name\t: AMD EPYC 9R14
        flags\t\t: fpu vme sse4_2 avx fma avx2 avx512f avx512bw avx512_vnni rdrand

        processor\t: 1
        model name\t: AMD EPYC 9R14
        flags\t\t: fpu avx2 amx_tile
        """);

    MachineFacts.Cpu cpu = MachineFacts.readCpu(cpuinfo);

    assertThat(cpu.model()).isEqualTo("AMD EPYC 9R14");
    assertThat(cpu.flags())
        .containsExactly("sse4_2", "avx", "fma", "avx2", "avx512f", "avx512bw", "avx512_vnni");
  }

  @Test
  void withoutCpuinfoTheArchitectureStandsIn(@TempDir Path directory) {
    MachineFacts.Cpu cpu = MachineFacts.readCpu(directory.resolve("missing"));

    assertThat(cpu.model()).isEqualTo(System.getProperty("os.arch"));
    assertThat(cpu.flags()).isEmpty();
  }
}

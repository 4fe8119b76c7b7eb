package dev.distillery.stages;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A distill stage that reads its teacher's outputs from a feature store ends with exactly the
 * weights and epoch losses of the same stage running the teacher: the stored outputs are the
 * teacher's forward pass bit for bit (inference mode, per-image results independent of the batch
 * they were computed in, on this CPU).
 */
class CachedDistillSameWeightsTest {

  @Test
  void cachedAndComputedTeacherOutputsTrainTheSameStudent() throws Exception {
    FeatureCacheRuns.Run cached = FeatureCacheRuns.cache();
    FeatureCacheRuns.Run plain = FeatureCacheRuns.plain();
    assertThat(cached.teacherOutputs("kd-cached")).startsWith("cached");
    assertThat(plain.teacherOutputs("kd-cached")).startsWith("computed");

    Path a = cached.directory().stageDirectory("kd-cached").resolve("student.params");
    Path b = plain.directory().stageDirectory("kd-cached").resolve("student.params");
    assertThat(Files.mismatch(a, b)).as("student parameter files differ").isEqualTo(-1L);
    assertThat(epochLosses(cached)).hasSize(2).isEqualTo(epochLosses(plain));
  }

  private static List<String> epochLosses(FeatureCacheRuns.Run run) throws Exception {
    return Files.readAllLines(run.directory().metricsFile()).stream()
        .filter(l -> l.contains("\"event\":\"epoch\"") && l.contains("\"stage\":\"kd-cached\""))
        .map(l -> l.replaceAll(".*\"loss\":([-0-9.eE]+).*", "$1"))
        .toList();
  }
}

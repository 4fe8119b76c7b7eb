package dev.distillery.stages;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.distillery.options.OptionsMapper;
import java.nio.file.Files;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A collapse found at an epoch end is reported in the metrics, the log and the result, and with
 * {@code on-collapse: restore} the stage goes back to the last healthy epoch end and reruns the
 * epoch on reseeded latent vectors, at most {@code max-restores} times; later collapses are only
 * reported and training goes on. The stage here can never be healthy ({@code min-classes} 11 of 10
 * classes): epoch 1 collapses three times (two restores, then reported), epoch 2 once.
 */
class GeneratorCollapseTest {

  @Test
  void restoresUpToMaxRestoresThenReports() throws Exception {
    SharedRun run = DataFreeRuns.run();
    JsonNode result =
        OptionsMapper.mapper()
            .readTree(run.directory().stageDirectory("collapsing").resolve("result.json").toFile());
    assertThat(result.path("summary").path("collapses").asInt()).isEqualTo(4);
    assertThat(result.path("summary").path("restores").asInt()).isEqualTo(2);
    JsonNode notes = result.path("report").path("collapses");
    assertThat(notes).hasSize(4);
    assertThat(notes.get(0).path("reason").asText())
        .startsWith("the teacher sees")
        .contains("classes in the generated probe (min-classes 11)");

    List<String> events =
        Files.readAllLines(run.directory().metricsFile()).stream()
            .filter(
                l -> l.contains("\"stage\":\"collapsing\"") && l.contains("\"event\":\"collapse\""))
            .toList();
    assertThat(events).hasSize(4);
    assertThat(events.get(0))
        .contains("\"epoch\":1", "restored the end of epoch 0, reseeded latents");
    assertThat(events.get(1)).contains("\"epoch\":1", "restored the end of epoch 0");
    assertThat(events.get(2)).contains("\"epoch\":1", "\"action\":\"continued\"");
    assertThat(events.get(3)).contains("\"epoch\":2", "\"action\":\"continued\"");
    assertThat(run.progress())
        .anySatisfy(
            event -> {
              assertThat(event.getString("stage")).isEqualTo("collapsing");
              assertThat(event.getJsonObject("figures").getDouble("collapses")).isEqualTo(4.0);
            });
  }
}

package dev.distillery.status;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.distillery.pipeline.StageDevice;
import dev.distillery.pipeline.StagePlacement;
import dev.distillery.pipeline.StageSpec;
import dev.distillery.run.RunDirectory;
import dev.distillery.run.RunState;
import dev.distillery.run.StageStatus;
import dev.distillery.status.RunStatusModel.StageView;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The status model joins run.json's states, the live progress events and placement notes, and the
 * epoch records of metrics.jsonl: states (waiting included), progress and ETA, failure reasons and
 * curves.
 */
class RunStatusModelTest {

  private final AtomicLong nanos = new AtomicLong();

  private RunStatusModel model(Path directory) {
    Map<String, StageSpec> stages = new LinkedHashMap<>();
    stages.put("teacher", stage("teacher", "train", List.of()));
    stages.put("student", stage("student", "distill", List.of("teacher")));
    return new RunStatusModel("tiny", stages, new RunDirectory(directory), nanos::get);
  }

  private static StageSpec stage(String id, String uses, List<String> needs) {
    return new StageSpec(
        id,
        uses,
        needs,
        JsonNodeFactory.instance.objectNode(),
        new Object(),
        "key-" + id,
        new StagePlacement(StageDevice.ANY, 1));
  }

  private static JsonObject progress(String stage, String phase, long done, long total) {
    return new JsonObject()
        .put("stage", stage)
        .put("phase", phase)
        .put("done", done)
        .put("total", total)
        .put("figures", new JsonObject().put("loss.total", 0.5).put("throughput", 100.0));
  }

  private static void state(Path directory, StageStatus teacher, StageStatus student) {
    RunState state = new RunState();
    state.status = "running";
    state.stage("teacher").status = teacher;
    state.stage("student").status = student;
    state.stage("student").message = student == StageStatus.FAILED ? "loss became NaN" : null;
    state.write(directory.resolve("run.json"));
  }

  @Test
  void withoutRunJsonEveryStageIsPending(@TempDir Path directory) {
    assertThat(model(directory).stages())
        .extracting(RunStatusModel.Stage::state)
        .containsExactly(StageView.PENDING, StageView.PENDING);
  }

  @Test
  void aPendingStageWithAWaitingNoteIsWaiting(@TempDir Path directory) {
    state(directory, StageStatus.RUNNING, StageStatus.PENDING);
    RunStatusModel model = model(directory);
    model.accept(
        new JsonObject()
            .put("stage", "student")
            .put("phase", "waiting")
            .put("done", 0L)
            .put("total", 0L)
            .put("note", "waiting for 1 cpu slot"));

    RunStatusModel.Stage student = model.stages().get(1);
    assertThat(student.state()).isEqualTo(StageView.WAITING);
    assertThat(student.note()).isEqualTo("waiting for 1 cpu slot");
    assertThat(student.needs()).containsExactly("teacher");
  }

  @Test
  void progressAndEtaCountEveryEpochOfTheStage(@TempDir Path directory) {
    state(directory, StageStatus.RUNNING, StageStatus.PENDING);
    RunStatusModel model = model(directory);
    model.accept(progress("teacher", "epoch 1/2", 2, 10));
    nanos.set(2_000_000_000L);
    model.accept(progress("teacher", "epoch 1/2", 6, 10));

    RunStatusModel.Stage teacher = model.stages().get(0);
    assertThat(teacher.state()).isEqualTo(StageView.RUNNING);
    assertThat(teacher.fraction()).isCloseTo(0.3, within(1e-9));
    // 4 steps in 2 s, 14 of 20 steps left
    assertThat(teacher.etaSeconds()).isCloseTo(7.0, within(1e-9));

    nanos.set(4_000_000_000L);
    model.accept(progress("teacher", "epoch 2/2", 0, 10));
    nanos.set(6_000_000_000L);
    model.accept(progress("teacher", "epoch 2/2", 6, 10));
    teacher = model.stages().get(0);
    assertThat(teacher.fraction()).isCloseTo(0.8, within(1e-9));
    // 14 steps in 6 s, 4 left
    assertThat(teacher.etaSeconds()).isCloseTo(4 / (14 / 6.0), within(1e-9));
  }

  @Test
  void aFailedStageCarriesRunJsonsReason(@TempDir Path directory) {
    state(directory, StageStatus.SUCCEEDED, StageStatus.FAILED);

    List<RunStatusModel.Stage> stages = model(directory).stages();

    assertThat(stages.get(0).state()).isEqualTo(StageView.SUCCEEDED);
    assertThat(stages.get(0).fraction()).isEqualTo(1.0);
    assertThat(stages.get(1).state()).isEqualTo(StageView.FAILED);
    assertThat(stages.get(1).message()).isEqualTo("loss became NaN");
  }

  @Test
  void theSnapshotHoldsEpochCurvesAndNoNaN(@TempDir Path directory) throws Exception {
    state(directory, StageStatus.RUNNING, StageStatus.PENDING);
    Files.writeString(
        directory.resolve("metrics.jsonl"),
        """
        {"time":"t","stage":"teacher","event":"epoch","epoch":1,"epochs":2,"loss":2.5,"loss_ce":2.5,"train_accuracy":0.4,"rss_bytes":1}
        {"time":"t","stage":"teacher","event":"stage_finished","seconds":3}
        {"time":"t","stage":"teacher","event":"epoch","epoch":2,"epochs":2,"loss":1.5,""");
    RunStatusModel model = model(directory);
    model.accept(
        new JsonObject()
            .put("stage", "teacher")
            .put("phase", "epoch 2/2")
            .put("done", 1L)
            .put("total", 10L)
            .put("figures", new JsonObject().put("loss.total", Double.NaN)));

    JsonObject snapshot = model.snapshot();

    assertThat(snapshot.getJsonObject("curves").getJsonArray("teacher").size())
        .as("the unfinished last line is not read yet")
        .isEqualTo(1);
    JsonObject point = snapshot.getJsonObject("curves").getJsonArray("teacher").getJsonObject(0);
    assertThat(point.getMap()).containsOnlyKeys("epoch", "loss", "loss_ce", "train_accuracy");
    JsonObject teacher = snapshot.getJsonArray("stages").getJsonObject(0);
    assertThat(teacher.getString("state")).isEqualTo("running");
    assertThat(teacher.getJsonObject("figures").getValue("loss.total")).isEqualTo("NaN");
    assertThat(snapshot.getJsonArray("files").getList()).contains("metrics.jsonl", "run.json");
    assertThat(snapshot.getValue("report")).isNull();

    Files.writeString(
        directory.resolve("metrics.jsonl"),
        "\"train_accuracy\":0.7}\n",
        java.nio.file.StandardOpenOption.APPEND);
    Files.writeString(directory.resolve("report.html"), "<html></html>");
    JsonObject later = model.snapshot();
    assertThat(later.getJsonObject("curves").getJsonArray("teacher").size()).isEqualTo(2);
    assertThat(later.getString("report")).isEqualTo("files/report.html");
  }
}

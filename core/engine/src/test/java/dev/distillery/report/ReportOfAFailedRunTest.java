package dev.distillery.report;

import static org.assertj.core.api.Assertions.assertThat;

import dev.distillery.run.RunState;
import dev.distillery.run.StageStatus;
import java.nio.file.Files;
import java.nio.file.Path;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A run with a failed stage: the report says which stage failed and why, at the top. */
class ReportOfAFailedRunTest {

  @Test
  void theFailedStageAndItsMessageAreAtTheTop(@TempDir Path root) throws Exception {
    Path run = RunFixtures.finishedRun(root);
    RunState state = RunState.read(run.resolve("run.json"));
    state.status = "failed";
    RunState.StageRecord kd2 = state.stage("student-kd.2");
    kd2.status = StageStatus.FAILED;
    kd2.message = "the loss became NaN at epoch 2, step 3 of 6; lower the learning rate";
    state.write(run.resolve("run.json"));

    RunFixtures.Printed printed = RunFixtures.execute("report", run.toString());

    assertThat(printed.code()).as(printed.err()).isZero();
    Document page = Jsoup.parse(Files.readString(run.resolve("report.html")));
    assertThat(page.select("p.banner.failed").eachText())
        .containsExactly(
            "Stage student-kd.2 failed: the loss became NaN at epoch 2, step 3 of 6; lower the"
                + " learning rate");
    assertThat(page.select("p.meta").first().text()).startsWith("status: failed");
    assertThat(page.select("#stage-table tr:contains(student-kd.2) td.status-failed").text())
        .isEqualTo("failed");
    assertThat(page.getElementById("in-progress")).isNull();
  }
}

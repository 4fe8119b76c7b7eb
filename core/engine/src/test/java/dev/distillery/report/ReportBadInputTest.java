package dev.distillery.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code distillery report} and {@code runs compare} given something that is not a run directory:
 * one line naming the path and saying what a run directory holds, exit code 2, no stack trace.
 */
class ReportBadInputTest {

  private static String refused(String... args) {
    RunFixtures.Printed printed = RunFixtures.execute(args);
    assertThat(printed.code()).as(printed.out() + printed.err()).isEqualTo(2);
    assertThat(printed.out()).isEmpty();
    assertThat(printed.err()).startsWith("error: ").doesNotContain("Exception", "\tat ");
    assertThat(printed.err().strip().lines()).hasSize(1);
    return printed.err();
  }

  @Test
  void aDirectoryWithoutRunJson(@TempDir Path directory) {
    assertThat(refused("report", directory.toString()))
        .contains("'" + directory + "' is not a run directory (it has no run.json)")
        .contains("holds the run.json, metrics.jsonl and stages/", "distillery runs");
    assertThat(directory.resolve("report.html")).doesNotExist();
  }

  @Test
  void aPathThatDoesNotExist(@TempDir Path directory) {
    Path missing = directory.resolve("runs/nowhere/20260101-000000");
    assertThat(refused("report", missing.toString()))
        .contains("'" + missing + "' is not a run directory (it does not exist)");
  }

  @Test
  void aFileInsteadOfADirectory(@TempDir Path directory) throws Exception {
    Path run = RunFixtures.finishedRun(directory);
    Path file = run.resolve("run.json");
    assertThat(refused("report", file.toString()))
        .contains("'" + file + "' is not a run directory (it is a file)");
  }

  @Test
  void anUnreadableRunJson(@TempDir Path directory) throws Exception {
    Path run = RunFixtures.finishedRun(directory);
    Files.writeString(run.resolve("run.json"), "{\"pipeline\": ");
    assertThat(refused("report", run.toString()))
        .contains("'" + run.resolve("run.json") + "' is not a readable run state");
  }

  @Test
  void anOutputThatCannotBeWritten(@TempDir Path directory) throws Exception {
    Path run = RunFixtures.finishedRun(directory);
    Path blocker = directory.resolve("a-file");
    Files.writeString(blocker, "");
    Path output = blocker.resolve("report.html");
    assertThat(refused("report", run.toString(), "--output", output.toString()))
        .contains("cannot write '" + output + "' (a file is in the way: " + blocker + ")");
  }

  @Test
  void compareNamesTheRunDirectoryThatIsNotOne(@TempDir Path directory) throws Exception {
    Path run = RunFixtures.finishedRun(directory);
    Path other = directory.resolve("not-a-run");
    Files.createDirectories(other);
    assertThat(refused("runs", "compare", run.toString(), other.toString()))
        .contains("'" + other + "' is not a run directory (it has no run.json)");
  }

  @Test
  void showAsJsonNamesTheRunDirectoryThatIsNotOne(@TempDir Path directory) {
    assertThat(refused("runs", directory.toString(), "--json"))
        .contains("'" + directory + "' is not a run directory");
  }
}

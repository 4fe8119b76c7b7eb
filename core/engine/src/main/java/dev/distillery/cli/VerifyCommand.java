package dev.distillery.cli;

import dev.distillery.run.RunDirectory;
import dev.distillery.run.RunState;
import dev.distillery.run.StageArtifacts;
import dev.distillery.run.StageStatus;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

@Command(
    name = "verify",
    mixinStandardHelpOptions = true,
    description =
        "Checks a run directory: run.json readable, and every finished stage's files against the"
            + " SHA-256 digests recorded when it ended (artifacts.json). Exit 0 when all match, 1"
            + " otherwise, with the command that repairs it.")
final class VerifyCommand implements Callable<Integer> {

  @Parameters(paramLabel = "RUN_DIR", description = "The run directory to check.")
  Path run;

  @Override
  public Integer call() throws Exception {
    RunDirectory directory = RunDirectory.open(run);
    RunState state;
    try {
      state = RunState.read(directory.stateFile());
    } catch (RuntimeException e) {
      System.out.println(
          "run.json            damaged: "
              + (e.getCause() != null ? e.getCause().getMessage() : e.getMessage()));
      System.out.println(
          "repair: `distillery resume "
              + directory.path()
              + "` keeps it aside and rebuilds it from the stage directories");
      return 1;
    }
    int damaged = 0;
    for (Map.Entry<String, RunState.StageRecord> entry : state.stages.entrySet()) {
      String stage = entry.getKey();
      RunState.StageRecord record = entry.getValue();
      Path stageDirectory = directory.stageDirectory(stage);
      List<String> problems = new ArrayList<>();
      String verdict;
      if (record.status != StageStatus.SUCCEEDED) {
        verdict = record.status.name().toLowerCase() + " (nothing to check)";
      } else if (!Files.isRegularFile(directory.resultFile(stage))) {
        problems.add("result.json is missing");
        verdict = "";
      } else {
        var artifacts = StageArtifacts.read(stageDirectory);
        if (artifacts.isEmpty()) {
          verdict = "ok, unverified (no artifacts.json: made by an earlier version)";
        } else {
          if (!artifacts.get().key().equals(record.key)) {
            problems.add("artifacts.json belongs to another stage key");
          }
          problems.addAll(artifacts.get().problems(stageDirectory, true));
          verdict = "ok (" + artifacts.get().files().size() + " files match their SHA-256)";
        }
      }
      if (problems.isEmpty()) {
        System.out.printf("%-20s %s%n", stage, verdict);
      } else {
        damaged++;
        System.out.printf("%-20s DAMAGED: %s%n", stage, String.join("; ", problems));
      }
    }
    if (damaged > 0) {
      System.out.println(
          damaged
              + " stage(s) damaged; `distillery resume "
              + directory.path()
              + "` runs them again (from their last checkpoint)");
      return 1;
    }
    System.out.println("run directory ok: " + directory.path());
    return 0;
  }
}

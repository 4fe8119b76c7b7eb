package dev.distillery.report;

import dev.distillery.run.RunDirectory;
import dev.distillery.run.RunState;
import dev.distillery.run.StageStatus;

/**
 * One run in {@code distillery runs --json}: a JSON object with these fields (kebab-case, always
 * present; null where run.json has no value).
 *
 * @param pipeline the pipeline name
 * @param runId the run id (the directory's name)
 * @param status the run's status: {@code created}, {@code running}, {@code succeeded}, {@code
 *     failed} or {@code interrupted}
 * @param path the run directory, absolute
 * @param createdAt when the run was created (ISO-8601)
 * @param updatedAt when run.json was last written (ISO-8601)
 * @param stages the number of stages (each run of a repeated stage counts)
 * @param succeeded the stages that succeeded
 * @param failed the stages that failed
 */
public record RunListing(
    String pipeline,
    String runId,
    String status,
    String path,
    String createdAt,
    String updatedAt,
    int stages,
    int succeeded,
    int failed) {

  /** The listing of a run from its run.json. */
  public static RunListing of(RunDirectory directory, RunState state) {
    int succeeded = 0;
    int failed = 0;
    for (RunState.StageRecord record : state.stages.values()) {
      succeeded += record.status == StageStatus.SUCCEEDED ? 1 : 0;
      failed += record.status == StageStatus.FAILED ? 1 : 0;
    }
    return new RunListing(
        state.pipeline,
        directory.runId(),
        state.status,
        directory.path().toAbsolutePath().toString(),
        state.createdAt,
        state.updatedAt,
        state.stages.size(),
        succeeded,
        failed);
  }
}

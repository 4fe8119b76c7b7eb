package dev.distillery.engine;

/**
 * Gives a worker the {@link StageRuntime} of a job's run: the one registered by the pipeline
 * running in this JVM, or one built from the shared run directory.
 */
public interface RunRuntimes {

  /**
   * The runtime for the job's run, ready to execute the job's stage. Blocking (may read the
   * pipeline and load the dataset the first time).
   *
   * @throws JobRefusedException when this worker cannot run the job (it cannot see the run
   *     directory, its plugins compute another stage key, the data is missing): the job goes
   *     elsewhere
   */
  StageRuntime runtimeFor(StageJob job) throws JobRefusedException;

  /** Why a worker does not take a job; the coordinator places it elsewhere. */
  final class JobRefusedException extends Exception {
    public JobRefusedException(String message) {
      super(message);
    }

    public JobRefusedException(String message, Throwable cause) {
      super(message, cause);
    }
  }
}

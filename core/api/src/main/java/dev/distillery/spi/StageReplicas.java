package dev.distillery.spi;

/**
 * The names of a repeated stage's runs. A stage with {@code repeats: N} runs N times with different
 * seeds; run 1 keeps the stage's id ({@code student-kd}), run k is {@code student-kd.k}. The dot is
 * not allowed in stage ids, so a replica never collides with a stage of the pipeline. Stages that
 * need a repeated stage need all its runs; an option that names it ({@code teacher:}, {@code
 * init-from:}) names run 1.
 */
public final class StageReplicas {

  /** Separates a stage id from its run number. */
  public static final char SEPARATOR = '.';

  private StageReplicas() {}

  /** The id of run {@code replica} (1-based) of {@code stage}. */
  public static String id(String stage, int replica) {
    if (replica < 1) {
      throw new IllegalArgumentException("replica must be at least 1, got " + replica);
    }
    return replica == 1 ? stage : stage + SEPARATOR + replica;
  }

  /** The stage a run belongs to: {@code student-kd} for {@code student-kd.3} and itself. */
  public static String stageOf(String id) {
    int at = id.lastIndexOf(SEPARATOR);
    return at < 0 ? id : id.substring(0, at);
  }

  /** The run number of an id: 3 for {@code student-kd.3}, 1 for {@code student-kd}. */
  public static int replicaOf(String id) {
    int at = id.lastIndexOf(SEPARATOR);
    return at < 0 ? 1 : Integer.parseInt(id.substring(at + 1));
  }
}

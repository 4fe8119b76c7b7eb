package dev.distillery.spi;

/**
 * A kind of pipeline step, named by {@code uses:} in a pipeline file: {@code train}, {@code
 * distill}, {@code evaluate}, ... The engine runs {@link #run} on a worker of the stage's device
 * pool; everything the stage needs comes from its {@link StageContext}.
 *
 * @param <O> the stage's typed options (the {@code with:} block of the stage)
 */
public interface StagePlugin<O> extends Plugin<O> {

  /**
   * Checks the options against the rest of the pipeline before anything runs: referenced stages,
   * model, method and dataset ids, feature points. Report each problem with {@link
   * StageValidation#error}; do not throw.
   */
  default void validate(O options, StageValidation validation) {}

  /**
   * The model this stage leaves, known from its options alone (e.g. {@code train}'s {@code model}),
   * so that stages after it can be checked before the run starts.
   */
  default java.util.Optional<Preflight.ModelSpec> producedModel(O options) {
    return java.util.Optional.empty();
  }

  /**
   * The generator this stage leaves (a GAN or generator-distillation stage), as a generator plugin
   * id and its options, so that stages that use it can be checked before the run starts. {@code
   * preflight} answers for the stages it names (e.g. a student that keeps its teacher's
   * architecture).
   */
  default java.util.Optional<Preflight.ModelSpec> producedGenerator(
      O options, Preflight preflight) {
    return java.util.Optional.empty();
  }

  /**
   * Files outside the run directory that the stage reads (e.g. {@code import-model}'s model file),
   * as name to content digest; they are part of the stage's key, so that changing such a file
   * re-runs the stage and every stage after it. Called when the pipeline is loaded; a file that
   * can't be read gives a placeholder digest (its {@link #validate} reports it).
   */
  default java.util.Map<String, String> externalInputs(O options) {
    return java.util.Map.of();
  }

  /**
   * Checks, once the data is loaded and before any stage starts, what needs networks to check:
   * feature points and shapes of the methods the stage will use. Throw a {@link UserException}
   * naming the problem; the run does not start.
   */
  default void preflight(O options, Preflight preflight) {}

  /**
   * Whether the stage may read training images. A stage that says no (a data-free stage) gets a
   * context whose training and validation splits, and the training split of its dataset, are empty;
   * it still sees the test split, for evaluation.
   */
  default boolean readsTrainingImages() {
    return true;
  }

  /**
   * Whether {@code repeats: N} may run the stage N times with different seeds ({@link
   * StageReplicas}): yes for stages that train something from a seed, no for stages that measure or
   * extract (their repeats would be identical).
   */
  default boolean repeatable() {
    return false;
  }

  /**
   * Runs the stage. Long work reports progress through {@link StageContext#monitor()}, checks
   * {@link StageMonitor#checkCancelled()} between steps, and checkpoints so that a second call
   * after an interruption continues where the first stopped.
   */
  StageResult run(O options, StageContext context) throws Exception;
}

package dev.distillery.spi;

import java.util.List;
import java.util.Optional;

/** What a stage may check its options against before the pipeline runs. */
public interface StageValidation {

  /** The id of the stage being validated. */
  String stageId();

  /** The ids of the stages this stage needs (directly). */
  List<String> needs();

  /** The plugin id ({@code uses:}) of another stage of the pipeline, if it exists. */
  Optional<String> stageUses(String stageId);

  /** The plugins available to the pipeline. */
  PluginCatalog plugins();

  /**
   * Reports a problem with the option at a path inside the stage's {@code with:} block, e.g. {@code
   * "teacher"} or {@code "losses/0/uses"} (JSON-pointer segments without the leading slash); the
   * problem is shown with the file, line and column of that option.
   */
  void error(String optionPath, String message);

  /**
   * Binds a nested options node (e.g. a method's {@code with:}) to its typed record, reporting
   * unknown keys and wrong types at their file positions.
   */
  <T> Optional<T> bindNested(String optionPath, Class<T> type);
}

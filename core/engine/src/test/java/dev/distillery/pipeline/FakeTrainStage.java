package dev.distillery.pipeline;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import dev.distillery.spi.StageContext;
import dev.distillery.spi.StagePlugin;
import dev.distillery.spi.StageResult;
import dev.distillery.spi.StageValidation;
import java.util.List;

/** A {@code train} stage for tests: options only, checks its model id. */
public final class FakeTrainStage implements StagePlugin<FakeTrainStage.Options> {

  static final List<String> MODELS = List.of("lenet5", "lenet5-half");

  /** Options with defaults, as real plugins have them. */
  public record Options(
      @JsonPropertyDescription("The model to train.") String model,
      @JsonPropertyDescription("Passes over the training data.") Integer epochs,
      Double lr,
      Integer batchSize) {

    public Options {
      if (epochs == null) {
        epochs = 1;
      }
      if (epochs < 1) {
        throw new IllegalArgumentException("epochs must be at least 1, got " + epochs);
      }
      if (lr == null) {
        lr = 0.1;
      }
      if (batchSize == null) {
        batchSize = 32;
      }
    }
  }

  @Override
  public boolean repeatable() {
    return true;
  }

  @Override
  public String id() {
    return "train";
  }

  @Override
  public String description() {
    return "Trains a model from scratch";
  }

  @Override
  public Class<Options> optionsType() {
    return Options.class;
  }

  @Override
  public void validate(Options options, StageValidation validation) {
    if (options.model() == null) {
      validation.error("model", "a model is required; add e.g. 'model: lenet5'");
    } else if (!MODELS.contains(options.model())) {
      validation.error(
          "model",
          "unknown model '" + options.model() + "'; available: " + String.join(", ", MODELS));
    }
  }

  @Override
  public StageResult run(Options options, StageContext context) {
    throw new UnsupportedOperationException("test plugin");
  }
}

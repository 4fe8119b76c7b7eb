package dev.distillery.stages;

import ai.djl.ndarray.NDManager;
import com.fasterxml.jackson.databind.JsonNode;
import dev.distillery.options.OptionsMapper;
import dev.distillery.spi.GeneratorNetwork;
import dev.distillery.spi.ImageShape;
import dev.distillery.spi.StageContext;
import dev.distillery.spi.StageResult;
import dev.distillery.spi.UserException;
import dev.distillery.training.Networks;
import java.nio.file.Path;
import java.util.Map;

/**
 * A trained generator a stage leaves, stored in its result's report under {@link #KEY}: what later
 * stages (generator distillation, image-quality evaluation) need to rebuild and load it.
 *
 * @param architecture the generator plugin id
 * @param options the generator plugin's options
 * @param parameters the parameter file, relative to the run directory
 * @param image the shape of its images
 * @param latent the length of its latent vectors
 * @param pixelLow the data value its −1 stands for
 * @param pixelHigh the data value its +1 stands for
 * @param parameterCount its trainable parameters
 * @param multiplyAccumulates its MACs per image
 */
record GeneratorArtifact(
    String architecture,
    JsonNode options,
    String parameters,
    String image,
    int latent,
    double pixelLow,
    double pixelHigh,
    long parameterCount,
    long multiplyAccumulates) {

  /** The report entry that holds it. */
  static final String KEY = "generator-artifact";

  PixelRange range() {
    return new PixelRange(pixelLow, pixelHigh);
  }

  /** Saves the generator's parameters as {@code <name>.params} in the stage directory. */
  static GeneratorArtifact save(
      StageContext context,
      GeneratorNetwork generator,
      JsonNode options,
      PixelRange range,
      String name) {
    Path file = context.stageDirectory().resolve(name + ".params");
    Networks.saveBlock(generator.block(), file);
    long count =
        generator.block().getParameters().values().stream()
            .filter(ai.djl.nn.Parameter::requiresGradient)
            .mapToLong(p -> p.getArray().size())
            .sum();
    return new GeneratorArtifact(
        generator.architecture(),
        options,
        context.runDirectory().relativize(file).toString(),
        generator.image().toString(),
        generator.latentSize(),
        range.low(),
        range.high(),
        count,
        generator.multiplyAccumulates());
  }

  /** The generator a stage's result holds, or a {@link UserException} naming the stage. */
  static GeneratorArtifact of(String stage, StageResult result) {
    Object entry = result == null ? null : result.report().get(KEY);
    if (entry == null) {
      throw new UserException(
          "stage '"
              + stage
              + "' left no generator; name a stage that trains one (train-gan, distill-generator)");
    }
    return OptionsMapper.mapper().convertValue(entry, GeneratorArtifact.class);
  }

  /** Rebuilds the generator for {@code image} and loads its parameters into {@code manager}. */
  GeneratorNetwork load(StageContext context, NDManager manager, ImageShape image) {
    GeneratorNetwork generator =
        Networks.createGenerator(context.plugins(), architecture, options, image);
    Networks.initialize(generator, manager, 0);
    Networks.loadBlock(generator.block(), manager, context.runDirectory().resolve(parameters));
    return generator;
  }

  /** As a report entry. */
  @SuppressWarnings("unchecked")
  Map<String, Object> asReport() {
    return OptionsMapper.mapper().convertValue(this, Map.class);
  }
}

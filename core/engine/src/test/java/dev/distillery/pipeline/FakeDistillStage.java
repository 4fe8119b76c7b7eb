package dev.distillery.pipeline;

import com.fasterxml.jackson.databind.JsonNode;
import dev.distillery.spi.MethodPlugin;
import dev.distillery.spi.PluginOptions;
import dev.distillery.spi.StageContext;
import dev.distillery.spi.StagePlugin;
import dev.distillery.spi.StageResult;
import dev.distillery.spi.StageValidation;
import java.util.List;
import java.util.Optional;

/** A {@code distill} stage for tests: checks its teacher stage and binds its methods' options. */
public final class FakeDistillStage implements StagePlugin<FakeDistillStage.Options> {

  /** One distillation method of the stage; its options stay a node until validation binds them. */
  public record Method(
      String uses, @PluginOptions(MethodPlugin.class) JsonNode with, Double weight) {}

  public record Options(String teacher, List<Method> methods) {

    public Options {
      methods = methods == null ? List.of() : List.copyOf(methods);
    }
  }

  @Override
  public String id() {
    return "distill";
  }

  @Override
  public String description() {
    return "Distils a student from a teacher";
  }

  @Override
  public Class<Options> optionsType() {
    return Options.class;
  }

  @Override
  public void validate(Options options, StageValidation validation) {
    if (options.teacher() != null && !validation.needs().contains(options.teacher())) {
      validation.error(
          "teacher",
          "teacher stage '"
              + options.teacher()
              + "' is not among the stage's needs "
              + validation.needs()
              + "; add it to 'needs'");
    }
    for (int i = 0; i < options.methods().size(); i++) {
      Method method = options.methods().get(i);
      Optional<MethodPlugin<?>> plugin = validation.plugins().method(method.uses());
      if (plugin.isEmpty()) {
        validation.error("methods/" + i + "/uses", "unknown method '" + method.uses() + "'");
      } else {
        validation.bindNested("methods/" + i + "/with", plugin.get().optionsType());
      }
    }
  }

  @Override
  public StageResult run(Options options, StageContext context) {
    throw new UnsupportedOperationException("test plugin");
  }
}

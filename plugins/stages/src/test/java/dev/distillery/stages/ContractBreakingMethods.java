package dev.distillery.stages;

import ai.djl.ndarray.NDArray;
import dev.distillery.spi.DistillationBatch;
import dev.distillery.spi.DistillationLoss;
import dev.distillery.spi.MethodPlugin;
import dev.distillery.spi.MethodSetup;
import dev.distillery.spi.NoOptions;
import dev.distillery.spi.Scalars;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;

/**
 * Third-party-style methods that break {@link DistillationLoss}'s contract, registered only by the
 * tests that use them: through a plugin jar of their services entry ({@link #pluginDirectory}, for
 * the command line) or a class loader over it ({@link #loader}).
 */
public final class ContractBreakingMethods {

  private ContractBreakingMethods() {}

  /** The README's first example: a float32 scalar times a Java {@code Double}, so float64. */
  public static final class DoubleWeighted implements MethodPlugin<DoubleWeighted.Options> {

    public record Options(Double beta) {
      public Options {
        beta = beta == null ? 1.0 : beta;
      }
    }

    @Override
    public String id() {
      return "double-weighted";
    }

    @Override
    public String description() {
      return "Squared logit difference times a Double (promotes to float64)";
    }

    @Override
    public Class<Options> optionsType() {
      return Options.class;
    }

    @Override
    public DistillationLoss create(Options options, MethodSetup setup) {
      return loss(
          "double-weighted",
          batch ->
              batch.studentLogits().sub(batch.teacherLogits()).square().mean().mul(options.beta()));
    }
  }

  /** Forgets to reduce: the squared difference of every logit, shape (batch, classes). */
  public static final class Unreduced implements MethodPlugin<NoOptions> {

    @Override
    public String id() {
      return "unreduced";
    }

    @Override
    public String description() {
      return "Squared logit differences, not reduced";
    }

    @Override
    public Class<NoOptions> optionsType() {
      return NoOptions.class;
    }

    @Override
    public DistillationLoss create(NoOptions options, MethodSetup setup) {
      return loss("unreduced", batch -> batch.studentLogits().sub(batch.teacherLogits()).square());
    }
  }

  /** NaN on every batch. */
  public static final class AlwaysNan implements MethodPlugin<NoOptions> {

    @Override
    public String id() {
      return "always-nan";
    }

    @Override
    public String description() {
      return "NaN";
    }

    @Override
    public Class<NoOptions> optionsType() {
      return NoOptions.class;
    }

    @Override
    public DistillationLoss create(NoOptions options, MethodSetup setup) {
      return loss("always-nan", ContractBreakingMethods::nan);
    }
  }

  /**
   * Finite when created before the run (so the probe passes), NaN in training: what a method whose
   * loss diverges only on the trained teacher's outputs looks like to the framework.
   */
  public static final class NanInTraining implements MethodPlugin<NoOptions> {

    @Override
    public String id() {
      return "nan-in-training";
    }

    @Override
    public String description() {
      return "Finite on the preflight's probe batch, NaN in training";
    }

    @Override
    public Class<NoOptions> optionsType() {
      return NoOptions.class;
    }

    @Override
    public DistillationLoss create(NoOptions options, MethodSetup setup) {
      if (setup.upstream().beforeRun()) {
        return loss("nan-in-training", batch -> Scalars.times(batch.studentLogits().mean(), 0));
      }
      return loss("nan-in-training", ContractBreakingMethods::nan);
    }
  }

  private static NDArray nan(DistillationBatch batch) {
    // 0/0 of arrays that back-propagate, as a method's bad arithmetic would give
    NDArray zero = Scalars.times(batch.studentLogits().mean(), 0);
    return zero.div(zero);
  }

  private static DistillationLoss loss(
      String name, java.util.function.Function<DistillationBatch, NDArray> compute) {
    return new DistillationLoss() {
      @Override
      public String name() {
        return name;
      }

      @Override
      public NDArray compute(DistillationBatch batch) {
        return compute.apply(batch);
      }
    };
  }

  private static final List<Class<?>> ALL =
      List.of(DoubleWeighted.class, Unreduced.class, AlwaysNan.class, NanInTraining.class);

  /**
   * A plugin directory holding one jar with the services entry of these methods (their classes come
   * from the test class path), for {@code --plugin-dir}.
   */
  static Path pluginDirectory(Path directory) throws IOException {
    Path plugins = Files.createDirectories(directory.resolve("plugins"));
    try (JarOutputStream jar =
        new JarOutputStream(Files.newOutputStream(plugins.resolve("contract-breaking.jar")))) {
      jar.putNextEntry(new JarEntry("META-INF/services/" + MethodPlugin.class.getName()));
      writeServices(jar);
      jar.closeEntry();
    }
    return plugins;
  }

  /** A class loader that sees the built-in plugins and these methods. */
  static ClassLoader loader(Path directory, ClassLoader parent) throws IOException {
    Path services = Files.createDirectories(directory.resolve("services/META-INF/services"));
    try (OutputStream out = Files.newOutputStream(services.resolve(MethodPlugin.class.getName()))) {
      writeServices(out);
    }
    return new URLClassLoader(new URL[] {directory.resolve("services").toUri().toURL()}, parent);
  }

  private static void writeServices(OutputStream out) throws IOException {
    StringBuilder lines = new StringBuilder();
    for (Class<?> type : ALL) {
      lines.append(type.getName()).append('\n');
    }
    out.write(lines.toString().getBytes(StandardCharsets.UTF_8));
  }
}

package dev.distillery.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import dev.distillery.cli.DistilleryCli;
import dev.distillery.options.OptionsMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.JarFile;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The example project examples/third-party-method, built by maven-invoker-plugin against the staged
 * API (its own tests ran there), loaded from a plugin directory as a user loads it: {@code list}
 * names it, and a distill stage with {@code uses: logit-mse} trains with its loss.
 */
class ThirdPartyMethodPipelineIT {

  private static final String PIPELINE =
      """
      pipeline: third-party-method
      seed: 5
      device: cpu
      dataset:
        name: synthetic
        validation: 0.0
        with: {train-size: 128, test-size: 32}
      stages:
        teacher:
          uses: train
          with: {model: lenet5-half, epochs: 1, batch-size: 32}
        student:
          uses: distill
          needs: [teacher]
          with:
            teacher: teacher
            student: lenet5-half
            epochs: 2
            batch-size: 32
            optimizer: {type: sgd, lr: 0.01}
            ce-weight: 0.5
            losses:
              - uses: logit-mse
                weight: 0.5
                with: {beta: 2.0}
      """;

  @Test
  void theExampleJarInAPluginDirectoryIsListedAndTrainsAStudent(@TempDir Path directory)
      throws Exception {
    Path jar = exampleJar();
    try (JarFile file = new JarFile(jar.toFile())) {
      assertThat(file.getManifest().getMainAttributes().getValue("Distillery-Api-Version"))
          .as("the example's manifest names the API it was built against")
          .isEqualTo(System.getProperty("distillery.version"));
    }
    assertThatThrownBy(() -> Class.forName("com.example.LogitMseMethod"))
        .as("the example must come from the plugin directory, not from the test class path")
        .isInstanceOf(ClassNotFoundException.class);
    Path plugins = Files.createDirectory(directory.resolve("plugins"));
    Files.copy(jar, plugins.resolve(jar.getFileName()));

    Captured list = cli("list", "--plugin-dir", plugins.toString());
    assertThat(list.code()).as(list.output()).isZero();
    assertThat(list.output().lines())
        .as("list names the example's method with its description")
        .anyMatch(
            line ->
                line.trim().startsWith("logit-mse ")
                    && line.contains("Mean squared error between student and teacher logits"));

    Path pipeline = Files.writeString(directory.resolve("third-party.yaml"), PIPELINE);
    Path runs = directory.resolve("runs");
    Captured run =
        cli(
            "run",
            pipeline.toString(),
            "--runs-dir",
            runs.toString(),
            "--plugin-dir",
            plugins.toString(),
            "--metrics-port",
            "-1",
            "-q");
    assertThat(run.code()).as(run.output()).isZero();

    Path runDirectory;
    try (Stream<Path> listing = Files.list(runs.resolve("third-party-method"))) {
      runDirectory = listing.filter(Files::isDirectory).findFirst().orElseThrow();
    }
    List<JsonNode> epochs =
        Files.readAllLines(runDirectory.resolve("metrics.jsonl")).stream()
            .map(ThirdPartyMethodPipelineIT::json)
            .filter(record -> "epoch".equals(record.path("event").asText()))
            .filter(record -> "student".equals(record.path("stage").asText()))
            .toList();
    assertThat(epochs).hasSize(2);
    for (JsonNode epoch : epochs) {
      assertThat(epoch.has("loss_logit-mse")).as("epoch record %s", epoch).isTrue();
      double component = epoch.get("loss_logit-mse").asDouble();
      assertThat(component).as("epoch record %s", epoch).isFinite().isPositive();
      // the total is 0.5·ce + 0.5·logit-mse: the component is part of what trained
      assertThat(epoch.get("loss").asDouble())
          .isCloseTo(
              0.5 * epoch.get("loss_ce").asDouble() + 0.5 * component,
              within(1e-3 * epoch.get("loss").asDouble()));
    }
    JsonNode result =
        OptionsMapper.mapper()
            .readTree(runDirectory.resolve("stages/student/result.json").toFile());
    assertThat(result.path("summary").path("test.accuracy").asDouble()).isBetween(0.0, 1.0);
    JsonNode resolved =
        OptionsMapper.mapper().readTree(runDirectory.resolve("pipeline.resolved.json").toFile());
    assertThat(resolved.toString()).contains("logit-mse");
  }

  @Test
  void buildingTheExampleFetchesNoEngineLibraries() throws IOException {
    // target/local-repo holds what the invoker staged (distillery-api, -testkit and what they
    // need at run time) and every jar the example's build resolved besides
    Path repository = Path.of(System.getProperty("example.local.repository"));
    assertThat(repository.resolve("dev/distillery/distillery-api")).isDirectory();
    List<String> engineJars;
    try (Stream<Path> files = Files.walk(repository)) {
      engineJars =
          files
              .map(file -> repository.relativize(file).toString())
              .filter(file -> file.endsWith(".jar"))
              .filter(
                  file ->
                      Stream.of(
                              "org/apache/camel/", "io/vertx/", "com/hazelcast/", "io/prometheus/")
                          .anyMatch(file::startsWith))
              .toList();
    }
    assertThat(engineJars)
        .as(
            "jars of the engine's libraries that building a plugin fetched; the API must not need them")
        .isEmpty();
  }

  /** The jar the invoker's build of the example left (not its tests' or sources' jars). */
  private static Path exampleJar() throws IOException {
    Path target = Path.of(System.getProperty("example.build.directory"));
    assertThat(target)
        .as("the example's build directory; maven-invoker-plugin builds it before this test")
        .isDirectory();
    try (Stream<Path> files = Files.list(target)) {
      List<Path> jars =
          files
              .filter(
                  file -> file.getFileName().toString().matches("my-distillery-method-[^-]+\\.jar"))
              .toList();
      assertThat(jars).as("the example's jar in %s", target).hasSize(1);
      return jars.get(0);
    }
  }

  private static JsonNode json(String line) {
    try {
      return OptionsMapper.mapper().readTree(line);
    } catch (IOException e) {
      throw new IllegalStateException("not a JSON line: " + line, e);
    }
  }

  private record Captured(int code, String output) {}

  /** Runs the CLI in this JVM, as the launcher does, and returns its exit code and output. */
  private static Captured cli(String... arguments) {
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    PrintStream out = System.out;
    PrintStream err = System.err;
    PrintStream both = new PrintStream(captured, true, StandardCharsets.UTF_8);
    System.setOut(both);
    System.setErr(both);
    // the CLI makes the plugin directory's loader the thread's context loader: each call starts
    // from the test's own
    ClassLoader loader = Thread.currentThread().getContextClassLoader();
    int code;
    try {
      code = DistilleryCli.execute(arguments);
    } finally {
      System.setOut(out);
      System.setErr(err);
      Thread.currentThread().setContextClassLoader(loader);
    }
    String output = captured.toString(StandardCharsets.UTF_8);
    out.print(output);
    return new Captured(code, output);
  }
}

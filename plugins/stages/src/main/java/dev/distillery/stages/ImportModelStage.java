package dev.distillery.stages;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.training.ParameterStore;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.distillery.spi.ModelArtifact;
import dev.distillery.spi.ModelPlugin;
import dev.distillery.spi.Network;
import dev.distillery.spi.Preflight;
import dev.distillery.spi.StageChecks;
import dev.distillery.spi.StageContext;
import dev.distillery.spi.StageOptionProblems;
import dev.distillery.spi.StagePlugin;
import dev.distillery.spi.StageResult;
import dev.distillery.spi.StageValidation;
import dev.distillery.spi.UserException;
import dev.distillery.training.Predictions;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code import-model}: brings a model trained elsewhere into the pipeline from a file — a
 * TorchScript or ONNX teacher trained in PyTorch — so that later stages use it as they use a
 * trained stage's model ({@code teacher:} of {@code distill}, {@code model:} of {@code
 * extract-features}, {@code evaluate}). Before any stage starts, the file is loaded and checked
 * against the dataset (input shape, class count, feature outputs). The stage copies the file into
 * its directory (the model artifact: later stages and resumed runs load the copy), and reports the
 * model's test accuracy. The file's SHA-256 is part of the stage's key: changing the file re-runs
 * this stage and every stage after it.
 *
 * <pre>
 * teacher:
 *   uses: import-model
 *   with:
 *     model: torchscript            # or onnx
 *     model-options: {file: pipelines/pytorch-teacher/teacher.pt, features: [conv2]}
 * </pre>
 */
public final class ImportModelStage implements StagePlugin<ImportModelOptions> {

  static final String ID = "import-model";

  /** The result entry with the file the model was imported from. */
  static final String IMPORTED_FROM = "imported-from";

  /** What the key holds when the file can't be read (validation reports it). */
  private static final String UNREADABLE = "unreadable";

  @Override
  public String id() {
    return ID;
  }

  @Override
  public String description() {
    return "Imports a model trained elsewhere (TorchScript, ONNX) from a file: a teacher for"
        + " later stages";
  }

  @Override
  public Class<ImportModelOptions> optionsType() {
    return ImportModelOptions.class;
  }

  @Override
  public void validate(ImportModelOptions options, StageValidation validation) {
    StageChecks.model(validation, "model", options.model());
    Optional<ModelPlugin<?>> plugin =
        options.model() == null ? Optional.empty() : validation.plugins().model(options.model());
    if (plugin.isPresent() && plugin.get().trainable()) {
      validation.error(
          "model",
          "model '"
              + options.model()
              + "' is built and trained by Distillery (use `train`); import-model loads files of"
              + " models trained elsewhere: "
              + fileModels(validation));
      return;
    }
    JsonNode file = options.modelOptions() == null ? null : options.modelOptions().get("file");
    if (file == null || !file.isTextual() || file.asText().isBlank()) {
      validation.error(
          options.modelOptions() == null ? "" : "model-options",
          "`model-options: {file: <path>}` is required: the model file to import, e.g."
              + " model-options: {file: teacher.pt}");
      return;
    }
    Path path = resolve(file.asText());
    if (!Files.isRegularFile(path)) {
      validation.error(
          "model-options/file",
          "model file '"
              + file.asText()
              + "' does not exist (looked for "
              + path
              + "; relative paths start at the working directory "
              + Path.of("").toAbsolutePath()
              + ")");
    }
  }

  /** The file's digest: changing the file changes this stage's key and its dependants'. */
  @Override
  public Map<String, String> externalInputs(ImportModelOptions options) {
    Optional<Path> file = file(options);
    if (file.isEmpty()) {
      return Map.of();
    }
    String digest;
    try {
      digest = sha256(file.get());
    } catch (UncheckedIOException e) {
      digest = UNREADABLE;
    }
    return Map.of("model-file", digest);
  }

  @Override
  public Optional<Preflight.ModelSpec> producedModel(ImportModelOptions options) {
    return Optional.of(new Preflight.ModelSpec(options.model(), options.modelOptions()));
  }

  /**
   * Loads the file and runs two of the dataset's images through it: the input shape, the class
   * count and the feature outputs must fit (the model plugin checks them on load).
   */
  @Override
  public void preflight(ImportModelOptions options, Preflight preflight) {
    try (NDManager manager = NDManager.newBaseManager()) {
      Network network =
          preflight.network(
              new Preflight.ModelSpec(options.model(), options.modelOptions()), manager);
      network
          .block()
          .forward(
              new ParameterStore(manager, false),
              new NDList(manager.zeros(preflight.input().batchShape(2))),
              false);
    } catch (UserException e) {
      throw new StageOptionProblems(
          List.of(new StageOptionProblems.Problem("/model-options/file", e.getMessage())));
    }
  }

  @Override
  public StageResult run(ImportModelOptions options, StageContext context) throws IOException {
    Path source =
        file(options)
            .orElseThrow(() -> new UserException("import-model: `model-options.file` is missing"));
    Path copy = context.stageDirectory().resolve(source.getFileName().toString());
    Files.createDirectories(copy.getParent());
    Path temporary = copy.resolveSibling(copy.getFileName() + ".tmp");
    Files.copy(source, temporary, StandardCopyOption.REPLACE_EXISTING);
    Files.move(
        temporary, copy, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    String digest = sha256(copy);
    String expected = externalInputs(options).get("model-file");
    ModelArtifact artifact =
        new ModelArtifact(
            "model",
            options.model(),
            withoutFile(options.modelOptions()),
            context.runDirectory().relativize(copy).toString(),
            context.stageId(),
            context.dataset().input(),
            context.dataset().classNames(),
            context.dataset().preprocessing());
    Map<String, Double> summary = new LinkedHashMap<>();
    try (NDManager manager = NDManager.newBaseManager(context.device())) {
      Network network = context.loadModel(artifact, manager);
      summary.put(
          "test.accuracy",
          Predictions.accuracy(
              images ->
                  network.logits(
                      network
                          .block()
                          .forward(
                              new ParameterStore(images.getManager(), false),
                              new NDList(images),
                              false)),
              context.testSplit(),
              manager,
              256));
    }
    Map<String, Object> report = new LinkedHashMap<>();
    report.put(IMPORTED_FROM, source.toString());
    report.put("sha256", digest);
    if (expected != null && !expected.equals(digest)) {
      report.put(
          "warning", "the file changed after the pipeline was loaded (digest " + expected + ")");
    }
    return new StageResult(summary, List.of(artifact), report);
  }

  private static Optional<Path> file(ImportModelOptions options) {
    JsonNode file = options.modelOptions() == null ? null : options.modelOptions().get("file");
    if (file == null || !file.isTextual() || file.asText().isBlank()) {
      return Optional.empty();
    }
    return Optional.of(resolve(file.asText()));
  }

  /** Relative paths start at the working directory. */
  private static Path resolve(String file) {
    return Path.of(file).toAbsolutePath().normalize();
  }

  /** The artifact's options: later stages load the copy (its parameters), not the file. */
  private static JsonNode withoutFile(JsonNode modelOptions) {
    ObjectNode options =
        modelOptions != null && modelOptions.isObject()
            ? ((ObjectNode) modelOptions).deepCopy()
            : JsonNodeFactory.instance.objectNode();
    options.remove("file");
    return options;
  }

  private static String fileModels(StageValidation validation) {
    return String.join(
        ", ",
        validation.plugins().models().stream()
            .filter(m -> !m.trainable())
            .map(ModelPlugin::id)
            .sorted()
            .toList());
  }

  static String sha256(Path file) {
    try (InputStream in = Files.newInputStream(file)) {
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      byte[] buffer = new byte[1 << 16];
      for (int read; (read = in.read(buffer)) > 0; ) {
        digest.update(buffer, 0, read);
      }
      return HexFormat.of().formatHex(digest.digest());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read '" + file + "'", e);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is not available", e);
    }
  }
}

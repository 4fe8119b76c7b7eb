package dev.distillery.pipeline;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import dev.distillery.options.OptionsMapper;
import dev.distillery.pipeline.Problems.Position;
import dev.distillery.plugin.PluginOrigin;
import dev.distillery.spi.DatasetPlugin;
import dev.distillery.spi.PluginCatalog;
import dev.distillery.spi.StagePlugin;
import dev.distillery.spi.StageReplicas;
import dev.distillery.spi.StageValidation;
import dev.distillery.spi.UserException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Reads pipeline files into {@link PipelineSpec}s, reporting every mistake it finds with its file,
 * line and column.
 *
 * <h2>The pipeline file</h2>
 *
 * <pre>{@code
 * pipeline: quickstart            # required, [a-z0-9][a-z0-9-]*
 * description: LeNet-5 -> LeNet-5-half with Hinton KD   # optional
 * seed: 42                        # optional, default 42
 * device: auto                    # auto | cpu | gpu, default auto
 * dataset:                        # required
 *   name: fashion-mnist           # dataset plugin id, required
 *   limit: 12000                  # optional: use the first N training images
 *   test-limit: 2000              # optional: use the first N test images
 *   validation: 0.1               # optional fraction of the training images held out, [0, 0.5], default 0.1
 *   with: {pad-to: 32}            # options of the dataset plugin
 * defaults:                       # optional, keyed by stage plugin id: options merged into every
 *   train: {epochs: 5, batch-size: 128}  # stage that uses the plugin (deeply; the stage's own win)
 * stages:                         # required, in order; stage ids match [a-z][a-z0-9-]*
 *   teacher:
 *     uses: train                 # stage plugin id, required
 *     with: {model: lenet5}       # options of the stage plugin
 *   student-kd:
 *     uses: distill
 *     needs: [teacher]            # stages that must finish first: a list of ids, or one id
 *     device: cpu                 # cpu | gpu | any; default: the pipeline's (auto -> any)
 *     slots: 1                    # slots of that device it takes while running; default 1
 *     with: {teacher: teacher}
 * }</pre>
 *
 * <p>Scalars follow the YAML 1.2 core schema: {@code 42} is an integer, {@code 0.1} a number,
 * {@code true} a boolean, {@code ~} or nothing at all null, and anything else a string. Options
 * ({@code with:}) are bound to each plugin's options record with {@link OptionsMapper}: kebab-case
 * names, unknown options rejected.
 *
 * <h2>Checks</h2>
 *
 * Malformed YAML stops reading at once; everything else is collected and thrown together as one
 * {@link PipelineValidationException}: duplicate keys; the file against {@link
 * PipelineSchema#generate} (unknown keys, wrong types, missing keys, unknown plugin ids, options of
 * each plugin); {@code needs} naming stages that don't exist, the stage itself, or forming a cycle;
 * options the plugin's record rejects (a value merged from {@code defaults:} is reported where it
 * is written in {@code defaults:}); and last each stage plugin's own {@link StagePlugin#validate}.
 *
 * <h2>Stage keys</h2>
 *
 * Each stage gets a key, {@link StageSpec#key()}: the hex SHA-256 of the canonical JSON (keys
 * sorted, no spaces) of the stage plugin id, its options (the bound options record written back to
 * JSON, so that defaults count; the merged {@code with:} if the record can't be written), the
 * dataset (name, options, limit, test-limit, validation), the seed, the run number of a repeated
 * stage's runs after the first ({@link StageReplicas}), the digests of the files outside the run
 * that it reads ({@link StagePlugin#externalInputs}, when it has any), the code digests ({@link
 * PluginOrigin}) of the stage plugin and of every plugin its options name through {@link
 * dev.distillery.spi.PluginOptions} (the methods of its losses, its data-free recipe), and the id
 * and key of every stage it needs. Changing a stage, a plugin it uses, or anything upstream of it
 * changes its key and its dependants' keys; nothing else (description, device, stage order, the
 * stage's own id, other stages, plugins it does not use) does.
 */
public final class PipelineLoader {

  private final PluginCatalog plugins;
  private final ObjectNode schemaNode;
  private final JsonSchema schema;

  public PipelineLoader(PluginCatalog plugins) {
    this.plugins = Objects.requireNonNull(plugins, "plugins is null");
    this.schemaNode = PipelineSchema.generate(plugins);
    this.schema =
        JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012).getSchema(schemaNode);
  }

  /** The schema this loader validates with, {@link PipelineSchema#generate} of its plugins. */
  public ObjectNode schema() {
    return schemaNode.deepCopy();
  }

  /**
   * Reads and validates a pipeline file.
   *
   * @throws PipelineValidationException listing every problem found
   * @throws UserException when the file can't be read
   */
  public PipelineSpec load(Path file) {
    String text;
    try {
      text = Files.readString(file, StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      throw new UserException(
          "pipeline file '"
              + file
              + "' does not exist; check the path (relative paths start at "
              + Path.of("").toAbsolutePath()
              + ")",
          e);
    } catch (IOException e) {
      throw new UserException("cannot read pipeline file '" + file + "': " + e, e);
    }
    return parse(text, file.toString());
  }

  /**
   * Parses and validates pipeline text.
   *
   * @param sourceName the name problems are reported with, usually the file path
   * @throws PipelineValidationException listing every problem found
   */
  public PipelineSpec parse(String text, String sourceName) {
    Objects.requireNonNull(text, "text is null");
    Objects.requireNonNull(sourceName, "sourceName is null");
    return new Reading(text, sourceName).read();
  }

  /** The state of reading one file. */
  private final class Reading {

    private final String source;
    private final Problems problems;
    private final LocatedYaml yaml;
    private final JsonNode root;
    private final Set<String> flagged = new HashSet<>();
    private final Set<String> nestedFlagged = new HashSet<>();
    private final OptionsBinding binding;

    Reading(String text, String source) {
      this.source = source;
      this.problems = new Problems(source);
      this.yaml = LocatedYaml.compose(text, source, problems);
      this.root = yaml.root();
      this.binding = new OptionsBinding(yaml, problems, plugins);
    }

    PipelineSpec read() {
      SchemaMessages messages =
          new SchemaMessages(yaml, schemaNode, problems, flagged, nestedFlagged, plugins);
      for (ValidationMessage message : schema.validate(root)) {
        messages.report(message);
      }
      if (!root.isObject()) {
        problems.throwIfAny();
      }
      Map<String, StageDraft> stages = stageDrafts();
      checkNeeds(stages);
      DatasetDraft dataset = bindDataset();
      for (StageDraft stage : stages.values()) {
        bindStage(stage);
      }
      for (StageDraft stage : stages.values()) {
        if (stage.options != null) {
          validateStage(stage, stages);
        }
      }
      problems.throwIfAny();
      return build(stages, dataset);
    }

    private Map<String, StageDraft> stageDrafts() {
      Map<String, StageDraft> stages = new LinkedHashMap<>();
      JsonNode stageNodes = root.path("stages");
      if (!stageNodes.isObject()) {
        return stages;
      }
      stageNodes
          .properties()
          .forEach(
              entry -> {
                String pointer = LocatedYaml.child("/stages", entry.getKey());
                JsonNode node = entry.getValue();
                JsonNode uses = node.path("uses");
                StageDraft stage =
                    new StageDraft(
                        entry.getKey(), pointer, uses.isTextual() ? uses.asText() : null);
                JsonNode device = node.path("device");
                stage.device = device.isTextual() ? device.asText() : null;
                JsonNode slots = node.path("slots");
                stage.slots = slots.isInt() ? slots.intValue() : 1;
                JsonNode repeats = node.path("repeats");
                stage.repeats = repeats.isInt() && repeats.intValue() >= 1 ? repeats.intValue() : 1;
                JsonNode needs = node.path("needs");
                String needsPointer = LocatedYaml.child(pointer, "needs");
                if (needs.isTextual()) {
                  stage.needs.put(needs.asText(), needsPointer);
                } else if (needs.isArray()) {
                  for (int i = 0; i < needs.size(); i++) {
                    if (needs.get(i).isTextual()) {
                      stage.needs.putIfAbsent(
                          needs.get(i).asText(), LocatedYaml.child(needsPointer, i));
                    }
                  }
                }
                stages.put(entry.getKey(), stage);
              });
      return stages;
    }

    private void checkNeeds(Map<String, StageDraft> stages) {
      Map<String, List<String>> graph = new LinkedHashMap<>();
      for (StageDraft stage : stages.values()) {
        List<String> valid = new ArrayList<>();
        for (Map.Entry<String, String> need : stage.needs.entrySet()) {
          String needed = need.getKey();
          Position at = yaml.valuePosition(need.getValue());
          if (needed.equals(stage.id)) {
            problems.add(
                at,
                "stage '" + stage.id + "' needs itself; remove '" + needed + "' from its needs");
          } else if (!stages.containsKey(needed)) {
            problems.add(
                at,
                "stage '"
                    + stage.id
                    + "' needs '"
                    + needed
                    + "', which is not a stage of this pipeline; stages: "
                    + String.join(", ", stages.keySet()));
          } else {
            valid.add(needed);
          }
        }
        graph.put(stage.id, valid);
      }
      // report each cycle once: report one, cut the need that starts it, look again
      while (true) {
        Optional<List<String>> cycle = StageGraph.of(graph).findCycle();
        if (cycle.isEmpty()) {
          break;
        }
        List<String> ids = cycle.get();
        StageDraft first = stages.get(ids.get(0));
        problems.add(
            yaml.valuePosition(first.needs.get(ids.get(1))),
            "stages need each other in a cycle: "
                + String.join(" -> ", ids)
                + " (each arrow reads 'needs'); remove one of these needs");
        graph.get(ids.get(0)).remove(ids.get(1));
      }
      stages.values().forEach(stage -> stage.validNeeds = graph.get(stage.id));
    }

    private DatasetDraft bindDataset() {
      JsonNode node = root.path("dataset");
      String name = node.path("name").asText(null);
      if (!node.isObject()
          || name == null
          || flaggedAt("/dataset/name")
          || flaggedUnder("/dataset/with")) {
        return null;
      }
      Optional<DatasetPlugin<?>> plugin = plugins.dataset(name);
      if (plugin.isEmpty()) {
        return null;
      }
      MergedOptions options =
          MergedOptions.merge(null, null, node.get("with"), "/dataset/with", "/dataset");
      return binding
          .bind(
              options.merged(),
              plugin.get().optionsType(),
              options,
              "",
              "dataset plugin '" + name + "'")
          .map(typed -> new DatasetDraft(name, options.merged(), typed))
          .orElse(null);
    }

    private void bindStage(StageDraft stage) {
      if (stage.uses == null) {
        return;
      }
      Optional<StagePlugin<?>> plugin = plugins.stage(stage.uses);
      String defaultsPointer = LocatedYaml.child("/defaults", stage.uses);
      String withPointer = LocatedYaml.child(stage.pointer, "with");
      if (plugin.isEmpty() || flaggedUnder(withPointer) || flaggedUnder(defaultsPointer)) {
        return;
      }
      stage.plugin = plugin.get();
      JsonNode defaults = root.path("defaults").path(stage.uses);
      JsonNode with = root.path("stages").path(stage.id).get("with");
      stage.merged =
          MergedOptions.merge(
              defaults.isObject() ? defaults : null,
              defaultsPointer,
              with,
              withPointer,
              stage.pointer);
      stage.options =
          binding
              .bind(
                  stage.merged.merged(),
                  stage.plugin.optionsType(),
                  stage.merged,
                  "",
                  "stage plugin '" + stage.uses + "'")
              .orElse(null);
    }

    @SuppressWarnings("unchecked")
    private void validateStage(StageDraft stage, Map<String, StageDraft> stages) {
      if (stage.repeats > 1 && !stage.plugin.repeatable()) {
        problems.add(
            yaml.valuePosition(LocatedYaml.child(stage.pointer, "repeats")),
            "stage '"
                + stage.id
                + "': repeats: "
                + stage.repeats
                + " but stage plugin '"
                + stage.uses
                + "' does not train from a seed, so its runs would be identical; repeat the"
                + " stages it needs instead, or remove 'repeats'");
      }
      StageValidation validation = new Validation(stage, stages);
      try {
        ((StagePlugin<Object>) stage.plugin).validate(stage.options, validation);
      } catch (UserException e) {
        problems.add(
            yaml.keyPosition(stage.pointer), "stage '" + stage.id + "': " + e.getMessage());
      } catch (RuntimeException e) {
        problems.add(
            yaml.keyPosition(stage.pointer),
            "stage plugin '"
                + stage.uses
                + "' failed while checking stage '"
                + stage.id
                + "': "
                + e);
      }
    }

    private PipelineSpec build(Map<String, StageDraft> stages, DatasetDraft dataset) {
      JsonNode data = root.path("dataset");
      DatasetSpec datasetSpec =
          new DatasetSpec(
              dataset.name,
              dataset.options,
              dataset.typed,
              data.has("limit") ? data.get("limit").intValue() : null,
              data.has("test-limit") ? data.get("test-limit").intValue() : null,
              data.has("validation")
                  ? data.get("validation").doubleValue()
                  : DatasetSpec.DEFAULT_VALIDATION);
      long seed = root.has("seed") ? root.get("seed").longValue() : PipelineSpec.DEFAULT_SEED;
      // a repeated stage becomes one stage per run; needing it means needing every run
      Map<String, StageDraft> runs = new LinkedHashMap<>();
      Map<String, List<String>> needs = new LinkedHashMap<>();
      for (StageDraft stage : stages.values()) {
        for (int replica = 1; replica <= stage.repeats; replica++) {
          String id = StageReplicas.id(stage.id, replica);
          runs.put(id, stage);
          needs.put(id, runsOf(stage.validNeeds, stages));
        }
      }
      Map<String, String> keys = new HashMap<>();
      for (String id : StageGraph.of(needs).topologicalOrder()) {
        StageDraft stage = runs.get(id);
        keys.put(
            id,
            StageKeys.key(
                stage.uses,
                stage.options,
                stage.merged.merged(),
                datasetSpec,
                seed,
                StageReplicas.replicaOf(id),
                needs.get(id),
                keys,
                externalInputs(stage),
                codeDigests(stage)));
      }
      DeviceChoice pipelineDevice =
          root.has("device") ? DeviceChoice.fromId(root.get("device").asText()) : DeviceChoice.AUTO;
      LinkedHashMap<String, StageSpec> specs = new LinkedHashMap<>();
      for (var run : runs.entrySet()) {
        StageDraft stage = run.getValue();
        specs.put(
            run.getKey(),
            new StageSpec(
                run.getKey(),
                stage.uses,
                runsOf(List.copyOf(stage.needs.keySet()), stages),
                stage.merged.merged(),
                stage.options,
                keys.get(run.getKey()),
                new StagePlacement(
                    stage.device == null
                        ? StageDevice.of(pipelineDevice)
                        : StageDevice.fromId(stage.device),
                    stage.slots)));
      }
      return new PipelineSpec(
          source,
          root.path("pipeline").asText(),
          root.has("description") ? root.get("description").asText() : null,
          seed,
          pipelineDevice,
          datasetSpec,
          specs,
          locator(stages));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, String> externalInputs(StageDraft stage) {
      return stage.plugin == null
          ? Map.of()
          : ((StagePlugin<Object>) stage.plugin).externalInputs(stage.options);
    }

    /**
     * The code digests ({@link PluginOrigin}) of the stage plugin and of every plugin its options
     * name through {@link dev.distillery.spi.PluginOptions}, as {@code "<kind> <id>"} to digest.
     */
    private Map<String, String> codeDigests(StageDraft stage) {
      Map<String, String> code = new java.util.TreeMap<>();
      if (stage.plugin != null) {
        code.put("stage " + stage.uses, PluginOrigin.of(stage.plugin.getClass()).digest());
        PluginReferences.of(stage.options, plugins)
            .forEach((name, plugin) -> code.put(name, PluginOrigin.of(plugin.getClass()).digest()));
      }
      return code;
    }

    /** The runs of the given stages, each stage's runs in order. */
    private static List<String> runsOf(List<String> ids, Map<String, StageDraft> stages) {
      List<String> runs = new ArrayList<>();
      for (String id : ids) {
        int repeats = stages.containsKey(id) ? stages.get(id).repeats : 1;
        for (int replica = 1; replica <= repeats; replica++) {
          runs.add(StageReplicas.id(id, replica));
        }
      }
      return runs;
    }

    private ProblemLocator locator(Map<String, StageDraft> stages) {
      return (stageId, option, message) -> {
        StageDraft stage = stages.get(StageReplicas.stageOf(stageId));
        Position at =
            stage == null
                ? Position.START
                : option.isEmpty()
                    ? yaml.keyPosition(stage.pointer)
                    : binding.valuePosition(stage.merged, option);
        return new PipelineProblem(source, at.line(), at.column(), message);
      };
    }

    private boolean flaggedAt(String pointer) {
      return flagged.contains(pointer);
    }

    /** Whether a schema message was about this value or anything inside it. */
    private boolean flaggedUnder(String pointer) {
      for (String at : flagged) {
        if (at.equals(pointer) || at.startsWith(pointer + "/")) {
          return true;
        }
      }
      return false;
    }

    /** What a stage plugin's {@link StagePlugin#validate} sees. */
    private final class Validation implements StageValidation {

      private final StageDraft stage;
      private final Map<String, StageDraft> stages;

      Validation(StageDraft stage, Map<String, StageDraft> stages) {
        this.stage = stage;
        this.stages = stages;
      }

      @Override
      public String stageId() {
        return stage.id;
      }

      @Override
      public List<String> needs() {
        return List.copyOf(stage.needs.keySet());
      }

      @Override
      public Optional<String> stageUses(String stageId) {
        StageDraft other = stages.get(stageId);
        return other == null ? Optional.empty() : Optional.ofNullable(other.uses);
      }

      @Override
      public PluginCatalog plugins() {
        return plugins;
      }

      @Override
      public void error(String optionPath, String message) {
        String relative = relative(optionPath);
        problems.add(
            binding.valuePosition(stage.merged, relative),
            (relative.isEmpty() ? "" : "option '" + OptionsBinding.option(relative) + "' of ")
                + "stage '"
                + stage.id
                + "': "
                + message);
      }

      @Override
      public <T> Optional<T> bindNested(String optionPath, Class<T> type) {
        String relative = relative(optionPath);
        String written = stage.merged.locate(relative);
        for (String at : nestedFlagged) {
          if (at.equals(written) || at.startsWith(written + "/")) {
            return Optional.empty(); // the schema reported what is wrong in there
          }
        }
        JsonNode node = stage.merged.merged().at(relative);
        return binding.bind(
            node.isMissingNode() ? null : node,
            type,
            stage.merged,
            relative,
            "'" + OptionsBinding.option(relative) + "' of stage '" + stage.id + "'");
      }

      private String relative(String optionPath) {
        if (optionPath == null || optionPath.isEmpty()) {
          return "";
        }
        return optionPath.startsWith("/") ? optionPath : "/" + optionPath;
      }
    }
  }

  /** A stage as read so far. */
  private static final class StageDraft {
    final String id;
    final String pointer;
    final String uses;

    /** Needed stage id to the pointer of where it is named, in the order written. */
    final Map<String, String> needs = new LinkedHashMap<>();

    List<String> validNeeds = List.of();
    int repeats = 1;
    String device;
    int slots = 1;
    StagePlugin<?> plugin;
    MergedOptions merged;
    Object options;

    StageDraft(String id, String pointer, String uses) {
      this.id = id;
      this.pointer = pointer;
      this.uses = uses;
    }
  }

  private record DatasetDraft(String name, ObjectNode options, Object typed) {}
}

package dev.distillery.pipeline;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.BeanDescription;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.PropertyNamingStrategy;
import com.fasterxml.jackson.databind.introspect.BeanPropertyDefinition;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.victools.jsonschema.generator.CustomDefinition;
import com.github.victools.jsonschema.generator.FieldScope;
import com.github.victools.jsonschema.generator.Option;
import com.github.victools.jsonschema.generator.OptionPreset;
import com.github.victools.jsonschema.generator.SchemaGenerator;
import com.github.victools.jsonschema.generator.SchemaGeneratorConfigBuilder;
import com.github.victools.jsonschema.generator.SchemaVersion;
import com.github.victools.jsonschema.module.jackson.JacksonModule;
import com.github.victools.jsonschema.module.jackson.JacksonOption;
import dev.distillery.options.OptionsMapper;
import dev.distillery.spi.DataFreeRecipePlugin;
import dev.distillery.spi.DatasetPlugin;
import dev.distillery.spi.GeneratorPlugin;
import dev.distillery.spi.MethodPlugin;
import dev.distillery.spi.ModelPlugin;
import dev.distillery.spi.Plugin;
import dev.distillery.spi.PluginCatalog;
import dev.distillery.spi.PluginOptions;
import dev.distillery.spi.StagePlugin;
import java.lang.reflect.RecordComponent;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The JSON Schema (draft 2020-12) of pipeline files for a set of plugins: the file structure (see
 * {@link PipelineLoader}) plus, for every stage and dataset plugin, the schema of its options
 * record, applied to {@code with:} through {@code if: {uses: {const: <id>}}, then: ...} clauses
 * (and to {@code defaults: <id>}); likewise, inside options, the options of the plugins an option
 * marked with {@link PluginOptions} names (each loss's {@code with:} gets the options of the method
 * its {@code uses:} names, as {@code $defs/method.<id>}). {@link PipelineLoader} validates with
 * exactly this schema, so the schema editors use and the checks the loader runs agree.
 *
 * <p>Options schemas come from the options records with the Jackson naming of {@link OptionsMapper}
 * (kebab-case), {@code additionalProperties: false}, descriptions from
 * {@code @JsonPropertyDescription}/{@code @JsonClassDescription} and defaults taken from a record
 * bound to an empty object.
 */
public final class PipelineSchema {

  /** The {@code $id} of the generated schema. */
  public static final String SCHEMA_ID = "https://distillery.dev/schemas/pipeline.schema.json";

  /** Pipeline names: lowercase letters, digits and dashes. */
  public static final String PIPELINE_NAME_PATTERN = "^[a-z0-9][a-z0-9-]*$";

  /** Stage ids: lowercase letters, digits and dashes, starting with a letter. */
  public static final String STAGE_ID_PATTERN = "^[a-z][a-z0-9-]*$";

  /** The most runs {@code repeats:} asks for. */
  public static final int MAX_REPEATS = 100;

  static final String STAGE_DEF = "stage";
  static final String DATASET_DEF = "dataset";

  /**
   * Where the generator marks a record holding {@link PluginOptions}, until {@link #generate}
   * replaces the mark with clauses on the plugins of that kind.
   */
  private static final String PLUGIN_OPTIONS = "x-distillery-plugin-options";

  private static final List<Class<?>> PLUGIN_KINDS =
      List.of(
          MethodPlugin.class,
          DataFreeRecipePlugin.class,
          GeneratorPlugin.class,
          ModelPlugin.class,
          DatasetPlugin.class,
          StagePlugin.class);

  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
  private static final Map<Class<?>, Map<String, String>> JSON_NAMES = new ConcurrentHashMap<>();

  private PipelineSchema() {}

  /** The schema of pipeline files that use these plugins. */
  public static ObjectNode generate(PluginCatalog plugins) {
    ObjectNode defs = NODES.objectNode();
    List<StagePlugin<?>> stages = sorted(plugins.stages());
    List<DatasetPlugin<?>> datasets = sorted(plugins.datasets());

    ObjectNode root = NODES.objectNode();
    root.put("$schema", "https://json-schema.org/draft/2020-12/schema");
    root.put("$id", SCHEMA_ID);
    root.put("title", "Distillery pipeline");
    root.put(
        "description",
        "A Distillery pipeline: a dataset and named stages (train, distill, evaluate, ...) that"
            + " need each other.");
    root.put("type", "object");
    root.set("required", strings(List.of("pipeline", "dataset", "stages")));
    root.put("additionalProperties", false);
    ObjectNode properties = root.putObject("properties");
    ObjectNode name =
        described(
            properties.putObject("pipeline"),
            "The pipeline name: lowercase letters, digits and dashes; names the run directory.");
    name.put("type", "string").put("pattern", PIPELINE_NAME_PATTERN);
    described(properties.putObject("description"), "One line on what the pipeline does.")
        .put("type", "string");
    described(
            properties.putObject("seed"),
            "The seed of every random choice (initialisation, data order, generated data).")
        .put("type", "integer")
        .put("minimum", Long.MIN_VALUE)
        .put("maximum", Long.MAX_VALUE)
        .put("default", PipelineSpec.DEFAULT_SEED);
    ObjectNode device =
        described(
            properties.putObject("device"),
            "Where stages run: auto (a GPU when available), cpu, or gpu.");
    ArrayNode devices = device.putArray("enum");
    for (DeviceChoice choice : DeviceChoice.values()) {
      devices.add(choice.id());
    }
    device.put("default", DeviceChoice.AUTO.id());
    described(properties.putObject("dataset"), "The dataset every stage reads.")
        .put("$ref", ref(DATASET_DEF));
    ObjectNode defaults =
        described(
            properties.putObject("defaults"),
            "Options merged into every stage that uses a stage plugin, keyed by plugin id; the"
                + " stage's own options win.");
    defaults.put("type", "object").put("additionalProperties", false);
    ObjectNode defaultProperties = defaults.putObject("properties");
    ObjectNode stageMap =
        described(
            properties.putObject("stages"),
            "The stages by id (lowercase letters, digits and dashes, starting with a letter), in"
                + " the order they are listed.");
    stageMap.put("type", "object").put("minProperties", 1);
    stageMap.putObject("propertyNames").put("pattern", STAGE_ID_PATTERN);
    stageMap.putObject("additionalProperties").put("$ref", ref(STAGE_DEF));

    ObjectNode pluginDefs = NODES.objectNode();
    defs.set(DATASET_DEF, datasetSchema(datasets, pluginDefs));
    defs.set(STAGE_DEF, stageSchema(stages, pluginDefs));
    defs.setAll(pluginDefs);
    for (StagePlugin<?> stage : stages) {
      defaultProperties.putObject(stage.id()).put("$ref", ref(stageOptionsDef(stage.id())));
    }
    resolvePluginOptions(defs, plugins);
    root.set("$defs", defs);
    return root;
  }

  /**
   * Replaces each {@link #PLUGIN_OPTIONS} marker ({@link PluginOptions} in an options record) with
   * {@code if <selector> is X then with: <options of plugin X>} clauses, embedding the options of
   * every plugin of the kinds named (whose own options may name further plugins).
   */
  private static void resolvePluginOptions(ObjectNode defs, PluginCatalog plugins) {
    java.util.Set<Class<?>> embedded = new java.util.HashSet<>();
    while (true) {
      List<ObjectNode> marked = new ArrayList<>();
      collectMarked(defs, marked);
      if (marked.isEmpty()) {
        return;
      }
      for (ObjectNode node : marked) {
        JsonNode markers = node.remove(PLUGIN_OPTIONS);
        ArrayNode clauses =
            node.has("allOf") ? (ArrayNode) node.get("allOf") : node.putArray("allOf");
        for (JsonNode marker : markers) {
          Class<?> spi = spiNamed(marker.path("kind").asText());
          String kind = PluginReferences.kindWord(spi);
          if (embedded.add(spi)) {
            for (Plugin<?> plugin : sorted(PluginReferences.all(spi, plugins))) {
              embed(pluginOptionsDef(kind, plugin.id()), plugin, kind, defs);
            }
          }
          String selector = marker.path("selector").asText();
          String property = marker.path("property").asText();
          JsonNode target = node.path("properties").path(property);
          if (target instanceof ObjectNode options && !options.has("description")) {
            options.put(
                "description",
                "Options of the " + kindLabel(kind) + " named by '" + selector + "'.");
          }
          for (Plugin<?> plugin : sorted(PluginReferences.all(spi, plugins))) {
            ObjectNode clause = clauses.addObject();
            ObjectNode condition = clause.putObject("if");
            condition.putObject("properties").putObject(selector).put("const", plugin.id());
            condition.set("required", strings(List.of(selector)));
            clause
                .putObject("then")
                .putObject("properties")
                .putObject(property)
                .put("$ref", ref(pluginOptionsDef(kind, plugin.id())));
          }
        }
        if (clauses.isEmpty()) {
          node.remove("allOf");
        }
      }
    }
  }

  private static String kindLabel(String kind) {
    return switch (kind) {
      case "method" -> "distillation method";
      case "recipe" -> "data-free recipe";
      default -> kind;
    };
  }

  private static void collectMarked(JsonNode node, List<ObjectNode> marked) {
    if (node instanceof ObjectNode object) {
      if (object.has(PLUGIN_OPTIONS)) {
        marked.add(object);
      }
      object.elements().forEachRemaining(child -> collectMarked(child, marked));
    } else if (node instanceof ArrayNode array) {
      array.elements().forEachRemaining(child -> collectMarked(child, marked));
    }
  }

  private static Class<?> spiNamed(String name) {
    for (Class<?> spi : PLUGIN_KINDS) {
      if (spi.getName().equals(name)) {
        return spi;
      }
    }
    throw new IllegalStateException("unknown plugin kind " + name);
  }

  /** {@code method.kd}: where a referenced plugin's options schema lives in {@code $defs}. */
  static String pluginOptionsDef(String kind, String id) {
    return kind + "." + id;
  }

  /** Pretty-printed JSON of a schema (or any node), ending with a newline. */
  public static String toJson(JsonNode schema) {
    try {
      return OptionsMapper.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(schema)
          + "\n";
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write schema", e);
    }
  }

  /**
   * The standalone schema (draft 2020-12) of one options record, as used for {@code with:}:
   * kebab-case names, no other properties allowed, descriptions and defaults.
   */
  public static ObjectNode optionsSchema(Class<?> optionsType) {
    ObjectNode schema = markedOptionsSchema(optionsType);
    List<ObjectNode> marked = new ArrayList<>();
    collectMarked(schema, marked);
    marked.forEach(node -> node.remove(PLUGIN_OPTIONS));
    return schema;
  }

  /** As {@link #optionsSchema}, with the {@link #PLUGIN_OPTIONS} marks left in. */
  private static ObjectNode markedOptionsSchema(Class<?> optionsType) {
    ObjectNode schema = new SchemaGenerator(generatorConfig()).generateSchema(optionsType);
    addDefaults(schema, optionsType);
    discriminate(schema);
    return schema;
  }

  /**
   * Rewrites every {@code anyOf} whose branches are told apart by a constant {@code type} property
   * (Jackson's polymorphic options, e.g. {@code optimizer: {type: adam, ...}}) into {@code if type
   * is X then branch X} clauses, so that a mistake is reported against the branch the user chose
   * rather than once per branch. A branch that does not require {@code type} is the default and
   * applies when {@code type} is absent.
   */
  static void discriminate(JsonNode node) {
    if (node instanceof ObjectNode object) {
      JsonNode anyOf = object.get("anyOf");
      if (anyOf instanceof ArrayNode branches && isDiscriminated(branches)) {
        ArrayNode clauses = NODES.arrayNode();
        ArrayNode names = NODES.arrayNode();
        for (JsonNode branch : branches) {
          String name = branch.path("properties").path("type").path("const").asText();
          names.add(name);
          ObjectNode clause = clauses.addObject();
          ObjectNode condition = clause.putObject("if");
          condition.putObject("properties").putObject("type").put("const", name);
          condition.putArray("required").add("type");
          clause.set("then", branch);
          if (!requiresType(branch)) {
            ObjectNode fallback = clauses.addObject();
            fallback.putObject("if").putObject("not").putArray("required").add("type");
            fallback.set("then", branch);
          }
        }
        object.remove("anyOf");
        object.put("type", "object");
        ObjectNode type = object.putObject("properties").putObject("type");
        type.put("description", "Which kind; one of " + names);
        type.set("enum", names);
        object.set("allOf", clauses);
      }
      object.fields().forEachRemaining(entry -> discriminate(entry.getValue()));
    } else if (node instanceof ArrayNode array) {
      array.forEach(PipelineSchema::discriminate);
    }
  }

  private static boolean isDiscriminated(ArrayNode branches) {
    if (branches.size() < 2) {
      return false;
    }
    for (JsonNode branch : branches) {
      if (!branch.path("properties").path("type").has("const")) {
        return false;
      }
    }
    return true;
  }

  private static boolean requiresType(JsonNode branch) {
    for (JsonNode required : branch.path("required")) {
      if (required.asText().equals("type")) {
        return true;
      }
    }
    return false;
  }

  static String stageOptionsDef(String id) {
    return "stage." + id;
  }

  static String datasetOptionsDef(String id) {
    return "dataset." + id;
  }

  static String ref(String def) {
    return "#/$defs/" + def.replace("~", "~0").replace("/", "~1");
  }

  private static ObjectNode stageSchema(List<StagePlugin<?>> stages, ObjectNode defs) {
    ObjectNode stage = NODES.objectNode();
    stage.put("description", "One stage: the plugin it uses, the stages it needs, its options.");
    stage.put("type", "object");
    stage.set("required", strings(List.of("uses")));
    stage.put("additionalProperties", false);
    ObjectNode properties = stage.putObject("properties");
    ObjectNode uses =
        described(properties.putObject("uses"), "The stage plugin that runs this stage.");
    uses.put("type", "string");
    uses.set("enum", strings(stages.stream().map(Plugin::id).toList()));
    ObjectNode needs =
        described(
            properties.putObject("needs"),
            "The stages that must finish before this one: one stage id or a list of them.");
    needs.set("type", strings(List.of("string", "array")));
    needs.putObject("items").put("type", "string");
    described(properties.putObject("with"), "Options of the stage plugin named by 'uses'.")
        .put("type", "object");
    described(
            properties.putObject("repeats"),
            "Runs the stage this many times with different seeds (run 1 keeps the stage's id, run"
                + " k is '<id>.k'); stages that need it need every run, and evaluate reports the"
                + " mean, spread and significance of their gains. Default 1.")
        .put("type", "integer")
        .put("minimum", 1)
        .put("maximum", MAX_REPEATS)
        .put("default", 1);
    ObjectNode device =
        described(
            properties.putObject("device"),
            "The device the stage runs on: cpu, gpu, or any (a free GPU first). Default: the"
                + " pipeline's device (auto meaning any). With workers (`distillery worker`), the"
                + " stage goes to a worker offering that device.");
    ArrayNode devices = device.putArray("enum");
    for (StageDevice choice : StageDevice.values()) {
      devices.add(choice.id());
    }
    described(
            properties.putObject("slots"),
            "How many of the device's slots the stage takes while it runs (a worker's slots are"
                + " its --cpu-slots, or one per GPU). Default 1.")
        .put("type", "integer")
        .put("minimum", 1)
        .put("maximum", StagePlacement.MAX_SLOTS)
        .put("default", 1);
    ArrayNode clauses = stage.putArray("allOf");
    for (StagePlugin<?> plugin : stages) {
      String def = stageOptionsDef(plugin.id());
      embed(def, plugin, "stage", defs);
      clauses.add(clause("uses", plugin.id(), def));
    }
    return stage;
  }

  private static ObjectNode datasetSchema(List<DatasetPlugin<?>> datasets, ObjectNode defs) {
    ObjectNode dataset = NODES.objectNode();
    dataset.put("description", "The dataset: its plugin, how much of it to use, its options.");
    dataset.put("type", "object");
    dataset.set("required", strings(List.of("name")));
    dataset.put("additionalProperties", false);
    ObjectNode properties = dataset.putObject("properties");
    ObjectNode name = described(properties.putObject("name"), "The dataset plugin.");
    name.put("type", "string");
    name.set("enum", strings(datasets.stream().map(Plugin::id).toList()));
    described(properties.putObject("limit"), "Use only the first N training images.")
        .put("type", "integer")
        .put("minimum", 1)
        .put("maximum", Integer.MAX_VALUE);
    described(properties.putObject("test-limit"), "Use only the first N test images.")
        .put("type", "integer")
        .put("minimum", 1)
        .put("maximum", Integer.MAX_VALUE);
    described(
            properties.putObject("validation"),
            "The fraction of the training images held out for validation, from 0 to 0.5.")
        .put("type", "number")
        .put("minimum", 0)
        .put("maximum", 0.5)
        .put("default", DatasetSpec.DEFAULT_VALIDATION);
    described(properties.putObject("with"), "Options of the dataset plugin named by 'name'.")
        .put("type", "object");
    ArrayNode clauses = dataset.putArray("allOf");
    for (DatasetPlugin<?> plugin : datasets) {
      String def = datasetOptionsDef(plugin.id());
      embed(def, plugin, "dataset", defs);
      clauses.add(clause("name", plugin.id(), def));
    }
    return dataset;
  }

  private static ObjectNode clause(String selector, String id, String def) {
    ObjectNode clause = NODES.objectNode();
    ObjectNode condition = clause.putObject("if");
    condition.putObject("properties").putObject(selector).put("const", id);
    condition.set("required", strings(List.of(selector)));
    clause.putObject("then").putObject("properties").putObject("with").put("$ref", ref(def));
    return clause;
  }

  /**
   * Adds a plugin's options schema as {@code $defs/<def>}, its own definitions hoisted next to it.
   */
  private static void embed(String def, Plugin<?> plugin, String kind, ObjectNode defs) {
    ObjectNode schema;
    try {
      schema = markedOptionsSchema(plugin.optionsType());
    } catch (RuntimeException | LinkageError e) {
      // the loader reports options that can't be bound when the plugin is used; stay open here
      ObjectNode open = NODES.objectNode();
      open.put(
          "description",
          "Options of "
              + kind
              + " plugin '"
              + plugin.id()
              + "' (no schema: "
              + e.getMessage()
              + ")");
      open.put("type", "object");
      defs.set(def, open);
      return;
    }
    schema.remove("$schema");
    JsonNode nested = schema.remove("$defs");
    Map<String, String> renamed = new HashMap<>();
    renamed.put("#", ref(def));
    if (nested != null) {
      nested.fieldNames().forEachRemaining(n -> renamed.put("#/$defs/" + n, ref(def + "." + n)));
      rewriteRefs(nested, renamed);
      nested.properties().forEach(e -> defs.set(def + "." + e.getKey(), e.getValue()));
    }
    rewriteRefs(schema, renamed);
    String description =
        "Options of " + kind + " plugin '" + plugin.id() + "': " + plugin.description();
    JsonNode own = schema.remove("description");
    ObjectNode described = NODES.objectNode();
    described.put("description", own == null ? description : description + " " + own.asText());
    described.setAll(schema);
    defs.set(def, described);
  }

  private static void rewriteRefs(JsonNode node, Map<String, String> renamed) {
    if (node instanceof ObjectNode object) {
      JsonNode ref = object.get("$ref");
      if (ref != null && ref.isTextual() && renamed.containsKey(ref.asText())) {
        object.put("$ref", renamed.get(ref.asText()));
      }
      object.elements().forEachRemaining(child -> rewriteRefs(child, renamed));
    } else if (node instanceof ArrayNode array) {
      array.elements().forEachRemaining(child -> rewriteRefs(child, renamed));
    }
  }

  /** Adds {@code default} to each property whose record component has a default. */
  private static void addDefaults(ObjectNode schema, Class<?> optionsType) {
    JsonNode properties = schema.get("properties");
    if (!(properties instanceof ObjectNode)) {
      return;
    }
    JsonNode defaults;
    try {
      ObjectMapper mapper = OptionsMapper.mapper();
      defaults = mapper.valueToTree(OptionsMapper.bind(null, optionsType));
    } catch (JsonProcessingException | RuntimeException e) {
      return; // no defaults without options: nothing to add
    }
    for (Map.Entry<String, JsonNode> field : properties.properties()) {
      JsonNode value = defaults.get(field.getKey());
      if (value != null
          && !value.isNull()
          && field.getValue() instanceof ObjectNode property
          && !property.has("default")
          && (value.isValueNode() || isListOfValues(value))) {
        property.set("default", value);
      }
    }
  }

  private static boolean isListOfValues(JsonNode value) {
    if (!value.isArray()) {
      return false;
    }
    for (JsonNode item : value) {
      if (!item.isValueNode()) {
        return false;
      }
    }
    return true;
  }

  private static com.github.victools.jsonschema.generator.SchemaGeneratorConfig generatorConfig() {
    SchemaGeneratorConfigBuilder builder =
        new SchemaGeneratorConfigBuilder(
                OptionsMapper.mapper(), SchemaVersion.DRAFT_2020_12, OptionPreset.PLAIN_JSON)
            .with(
                new JacksonModule(
                    JacksonOption.FLATTENED_ENUMS_FROM_JSONVALUE,
                    JacksonOption.FLATTENED_ENUMS_FROM_JSONPROPERTY,
                    JacksonOption.RESPECT_JSONPROPERTY_ORDER))
            .with(Option.FORBIDDEN_ADDITIONAL_PROPERTIES_BY_DEFAULT)
            .with(Option.MAP_VALUES_AS_ADDITIONAL_PROPERTIES);
    builder.forFields().withPropertyNameOverrideResolver(PipelineSchema::jsonName);
    builder.forTypesInGeneral().withTypeAttributeOverride(PipelineSchema::markPluginOptions);
    // values Jackson can't fit into the field are reported by the schema, at their position
    builder.forFields().withNumberInclusiveMinimumResolver(field -> range(field, true));
    builder.forFields().withNumberInclusiveMaximumResolver(field -> range(field, false));
    // keep the record's component order, the order its author chose
    builder.forTypesInGeneral().withPropertySorter((first, second) -> 0);
    builder
        .forTypesInGeneral()
        .withCustomDefinitionProvider(
            (type, context) ->
                JsonNode.class.isAssignableFrom(type.getErasedType())
                    ? new CustomDefinition(
                        context.getGeneratorConfig().createObjectNode(),
                        CustomDefinition.DefinitionType.INLINE,
                        CustomDefinition.AttributeInclusion.NO)
                    : null);
    return builder.build();
  }

  /** Marks a record with {@link PluginOptions} components for {@link #resolvePluginOptions}. */
  private static void markPluginOptions(
      ObjectNode node,
      com.github.victools.jsonschema.generator.TypeScope scope,
      com.github.victools.jsonschema.generator.SchemaGenerationContext context) {
    Class<?> type = scope.getType().getErasedType();
    if (!type.isRecord()) {
      return;
    }
    ArrayNode markers = null;
    for (RecordComponent component : type.getRecordComponents()) {
      PluginOptions marker = component.getAnnotation(PluginOptions.class);
      if (marker == null) {
        continue;
      }
      if (markers == null) {
        markers = node.putArray(PLUGIN_OPTIONS);
      }
      Map<String, String> names = JSON_NAMES.computeIfAbsent(type, PipelineSchema::jsonNames);
      markers
          .addObject()
          .put("kind", marker.value().getName())
          .put("selector", names.getOrDefault(marker.selector(), marker.selector()))
          .put("property", names.getOrDefault(component.getName(), component.getName()));
    }
  }

  private static BigDecimal range(FieldScope field, boolean minimum) {
    Class<?> type = field.getType().getErasedType();
    if (type == Integer.class || type == int.class) {
      return BigDecimal.valueOf(minimum ? Integer.MIN_VALUE : Integer.MAX_VALUE);
    } else if (type == Long.class || type == long.class) {
      return BigDecimal.valueOf(minimum ? Long.MIN_VALUE : Long.MAX_VALUE);
    } else if (type == Short.class || type == short.class) {
      return BigDecimal.valueOf(minimum ? Short.MIN_VALUE : Short.MAX_VALUE);
    } else if (type == Byte.class || type == byte.class) {
      return BigDecimal.valueOf(minimum ? Byte.MIN_VALUE : Byte.MAX_VALUE);
    }
    return null;
  }

  /** The JSON name {@link OptionsMapper} gives a record component or field. */
  private static String jsonName(FieldScope field) {
    Class<?> owner = field.getDeclaringType().getErasedType();
    String name =
        JSON_NAMES.computeIfAbsent(owner, PipelineSchema::jsonNames).get(field.getDeclaredName());
    if (name != null) {
      return name;
    }
    PropertyNamingStrategy strategy = OptionsMapper.mapper().getPropertyNamingStrategy();
    return strategy instanceof PropertyNamingStrategies.NamingBase base
        ? base.translate(field.getDeclaredName())
        : null;
  }

  private static Map<String, String> jsonNames(Class<?> type) {
    ObjectMapper mapper = OptionsMapper.mapper();
    BeanDescription description =
        mapper.getDeserializationConfig().introspect(mapper.constructType(type));
    Map<String, String> names = new HashMap<>();
    for (BeanPropertyDefinition property : description.findProperties()) {
      names.put(property.getInternalName(), property.getName());
    }
    return names;
  }

  private static ObjectNode described(ObjectNode node, String description) {
    node.put("description", description);
    return node;
  }

  private static ArrayNode strings(Collection<String> values) {
    ArrayNode array = NODES.arrayNode();
    values.forEach(array::add);
    return array;
  }

  private static <P extends Plugin<?>> List<P> sorted(Collection<? extends P> plugins) {
    List<P> list = new ArrayList<>(plugins);
    list.sort(Comparator.comparing(Plugin::id));
    return list;
  }
}

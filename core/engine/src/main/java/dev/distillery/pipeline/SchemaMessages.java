package dev.distillery.pipeline;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.JsonNodePath;
import com.networknt.schema.ValidationMessage;
import dev.distillery.pipeline.Problems.Position;
import dev.distillery.plugin.PluginRegistry.Kind;
import dev.distillery.spi.PluginCatalog;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/** Turns JSON Schema validation messages into located problems in the words of a pipeline file. */
final class SchemaMessages {

  private final LocatedYaml yaml;
  private final JsonNode schema;
  private final Problems problems;
  private final Set<String> flagged;
  private final Set<String> nestedFlagged;
  private final PluginCatalog plugins;

  /**
   * @param flagged receives the pointer of every value a message was about, so that later checks
   *     don't report the same mistake again
   * @param nestedFlagged receives instead the pointers inside the options of a plugin that a
   *     stage's options name (a loss's {@code with:}): the stage's own options still bind and its
   *     checks still run, but they need not bind those options again
   */
  SchemaMessages(
      LocatedYaml yaml,
      JsonNode schema,
      Problems problems,
      Set<String> flagged,
      Set<String> nestedFlagged,
      PluginCatalog plugins) {
    this.plugins = plugins;
    this.yaml = yaml;
    this.schema = schema;
    this.problems = problems;
    this.flagged = flagged;
    this.nestedFlagged = nestedFlagged;
  }

  void report(ValidationMessage message) {
    String at = pointer(message.getInstanceLocation());
    List<String> segments = PipelinePaths.segments(at);
    if (segments.size() >= 4
        && segments.get(0).equals("defaults")
        && nestedWith(segments, 3) >= 0) {
      // options of a plugin named in defaults: each stage that inherits them binds them and
      // reports a mistake for that stage, where it is written
      return;
    }
    if (segments.size() >= 5
        && segments.get(0).equals("stages")
        && segments.get(2).equals("with")
        && nestedWith(segments, 4) >= 0) {
      nestedFlagged.add(at);
      if (reportNested(message, at, segments)) {
        return;
      }
    } else {
      flagged.add(at);
    }
    JsonNode value = yaml.root().at(at);
    JsonNode keyword = message.getSchemaNode();
    String path = PipelinePaths.display(at);
    switch (message.getType()) {
      case "additionalProperties" -> unknownKey(message, at);
      case "required" -> {
        String key = property(message);
        String hint = propertyDescription(message, key);
        problems.add(
            yaml.keyPosition(at),
            "missing required key '"
                + key
                + "'"
                + (at.isEmpty() ? "" : " in " + path)
                + (hint == null ? "" : " (" + hint + ")"));
      }
      case "type" ->
          problems.add(
              yaml.valuePosition(at),
              path
                  + ": expected "
                  + describeTypes(keyword)
                  + ", got "
                  + describeValue(value)
                  + typeHint(keyword, value));
      case "enum" -> problems.add(yaml.valuePosition(at), notInEnum(at, value, keyword));
      case "const" ->
          problems.add(
              yaml.valuePosition(at),
              path + ": expected " + describeValue(keyword) + ", got " + describeValue(value));
      case "pattern" -> {
        String hint = parentDescription(message);
        problems.add(
            yaml.valuePosition(at),
            path
                + ": "
                + describeValue(value)
                + " does not match "
                + keyword.asText()
                + (hint == null ? "" : " (" + hint + ")"));
      }
      case "propertyNames" -> {
        String key = property(message);
        flagged.add(LocatedYaml.child(at, key));
        String where = LocatedYaml.child(at, key);
        if (at.equals("/stages")) {
          problems.add(
              yaml.keyPosition(where),
              "stage id '"
                  + key
                  + "' is not allowed; use lowercase letters, digits and dashes, starting with a"
                  + " letter ("
                  + PipelineSchema.STAGE_ID_PATTERN
                  + ")");
        } else {
          problems.add(yaml.keyPosition(where), "key '" + key + "' in " + path + " is not allowed");
        }
      }
      case "minimum" -> bound(at, value, ">=", keyword);
      case "maximum" -> bound(at, value, "<=", keyword);
      case "exclusiveMinimum" -> bound(at, value, ">", keyword);
      case "exclusiveMaximum" -> bound(at, value, "<", keyword);
      case "minProperties" ->
          problems.add(
              yaml.valuePosition(at),
              at.equals("/stages")
                  ? "stages: a pipeline needs at least one stage"
                  : path + ": expected at least " + keyword.asText() + " entries");
      default -> problems.add(yaml.valuePosition(at), path + ": " + text(message));
    }
  }

  /** The index of the last {@code with} segment at or after {@code from}; -1 if none. */
  private static int nestedWith(List<String> segments, int from) {
    for (int i = segments.size() - 1; i >= from; i--) {
      if (segments.get(i).equals("with")) {
        return i;
      }
    }
    return -1;
  }

  /**
   * Reports a mistake inside the options of a plugin named in a stage's options in the words the
   * stage's own binding of them uses ({@link OptionsBinding}); false for kinds of mistakes worded
   * as elsewhere.
   */
  private boolean reportNested(ValidationMessage message, String at, List<String> segments) {
    int with = nestedWith(segments, 4);
    StringBuilder base = new StringBuilder();
    for (String segment : segments.subList(3, with + 1)) {
      base.append(LocatedYaml.child("", segment));
    }
    StringBuilder inside = new StringBuilder();
    for (String segment : segments.subList(with + 1, segments.size())) {
      inside.append(LocatedYaml.child("", segment));
    }
    String owner =
        "'" + OptionsBinding.option(base.toString()) + "' of stage '" + segments.get(1) + "'";
    switch (message.getType()) {
      case "additionalProperties" -> {
        String key = property(message);
        String within =
            inside.length() == 0 ? "" : " in '" + OptionsBinding.option(inside.toString()) + "'";
        problems.add(
            yaml.keyPosition(LocatedYaml.child(at, key)),
            "unknown option '"
                + key
                + "'"
                + within
                + " for "
                + owner
                + "; "
                + OptionsBinding.knownOptions(knownKeys(message)));
        return true;
      }
      case "type" -> {
        problems.add(
            yaml.valuePosition(at),
            "option '"
                + OptionsBinding.option(inside.toString())
                + "' for "
                + owner
                + ": expected "
                + describeTypes(message.getSchemaNode())
                + ", got "
                + describeValue(yaml.root().at(at)));
        return true;
      }
      default -> {
        return false;
      }
    }
  }

  private void unknownKey(ValidationMessage message, String at) {
    String key = property(message);
    String where = LocatedYaml.child(at, key);
    List<String> known = knownKeys(message);
    Position position = yaml.keyPosition(where);
    OptionsOwner owner = OptionsOwner.of(at, yaml.root());
    if (owner != null) {
      String within = owner.within().isEmpty() ? "" : " in '" + owner.within() + "'";
      problems.add(
          position,
          "unknown option '"
              + key
              + "'"
              + within
              + " for "
              + owner.description()
              + "; "
              + OptionsBinding.knownOptions(known));
    } else if (at.equals("/defaults")) {
      problems.add(position, "defaults: " + unknownIdMessage(Kind.STAGE, key, known));
    } else {
      problems.add(
          position,
          "unknown key '"
              + key
              + "' "
              + (at.isEmpty() ? "at the top level" : "in " + PipelinePaths.display(at))
              + "; known keys: "
              + String.join(", ", known));
    }
  }

  private String notInEnum(String at, JsonNode value, JsonNode allowed) {
    List<String> values = new ArrayList<>();
    allowed.forEach(v -> values.add(v.asText()));
    List<String> segments = PipelinePaths.segments(at);
    if (segments.size() == 3
        && segments.get(0).equals("stages")
        && segments.get(2).equals("uses")) {
      return unknownIdMessage(Kind.STAGE, value.asText(), values) + otherKind(value.asText());
    } else if (at.equals("/dataset/name")) {
      return unknownIdMessage(Kind.DATASET, value.asText(), values);
    }
    return PipelinePaths.display(at)
        + ": "
        + describeValue(value)
        + " is not allowed; expected one of: "
        + String.join(", ", values);
  }

  private void bound(String at, JsonNode value, String relation, JsonNode limit) {
    problems.add(
        yaml.valuePosition(at),
        PipelinePaths.display(at)
            + ": expected a value "
            + relation
            + " "
            + limit.asText()
            + ", got "
            + describeValue(value));
  }

  /** Where an id that is not a stage plugin belongs, when it is a plugin of another kind. */
  private String otherKind(String id) {
    if (plugins.method(id).isPresent()) {
      return "; '"
          + id
          + "' is a distillation method, not a stage: use it in the losses of a distill stage,"
          + " e.g. `uses: distill` with `losses: [{uses: "
          + id
          + "}]`";
    }
    if (plugins.model(id).isPresent()) {
      return "; '"
          + id
          + "' is a model, not a stage: name it in a stage's options, e.g. `uses: train` with"
          + " `model: "
          + id
          + "`";
    }
    if (plugins.dataset(id).isPresent()) {
      return "; '"
          + id
          + "' is a dataset, not a stage: name it under `dataset: {name: "
          + id
          + "}`";
    }
    return "";
  }

  /** "unknown stage 'x'; available: a, b", as {@link dev.distillery.plugin.PluginRegistry}. */
  static String unknownIdMessage(Kind kind, String id, Collection<String> available) {
    return "unknown "
        + kind.label()
        + " '"
        + id
        + "'; available: "
        + String.join(", ", available)
        + " (add a plugin jar to the plugin directory for others)";
  }

  /** How to fix the commonest type mistakes: an unquoted word, an empty block. */
  private static String typeHint(JsonNode types, JsonNode value) {
    List<String> allowed = new ArrayList<>();
    if (types.isArray()) {
      types.forEach(t -> allowed.add(t.asText()));
    } else {
      allowed.add(types.asText());
    }
    if (allowed.equals(List.of("string")) && (value.isNumber() || value.isBoolean())) {
      return "; put it in quotes to make it text: \"" + value.asText() + "\"";
    } else if (allowed.contains("object") && value.isNull()) {
      return "; write {} for no options or remove the key";
    }
    return "";
  }

  static String describeValue(JsonNode value) {
    if (value == null || value.isMissingNode()) {
      return "nothing";
    } else if (value.isNull()) {
      return "an empty value";
    } else if (value.isTextual()) {
      return "'" + value.asText() + "'";
    } else if (value.isObject()) {
      return "a mapping";
    } else if (value.isArray()) {
      return "a list";
    }
    return value.asText();
  }

  static String describeTypes(JsonNode types) {
    List<String> words = new ArrayList<>();
    if (types.isArray()) {
      types.forEach(t -> words.add(describeType(t.asText())));
    } else {
      words.add(describeType(types.asText()));
    }
    return String.join(" or ", words);
  }

  private static String describeType(String type) {
    return switch (type) {
      case "integer" -> "an integer";
      case "number" -> "a number";
      case "string" -> "a string";
      case "boolean" -> "true or false";
      case "object" -> "a mapping";
      case "array" -> "a list";
      case "null" -> "an empty value";
      default -> type;
    };
  }

  private static String property(ValidationMessage message) {
    if (message.getProperty() != null) {
      return message.getProperty();
    }
    Object[] arguments = message.getArguments();
    return arguments != null && arguments.length > 0 ? String.valueOf(arguments[0]) : "?";
  }

  /** The message without networknt's leading location. */
  private static String text(ValidationMessage message) {
    String text = message.getMessage();
    int colon = text.indexOf(": ");
    return colon >= 0 && text.startsWith("$") ? text.substring(colon + 2) : text;
  }

  /** The keys the schema object holding the failed keyword allows. */
  private List<String> knownKeys(ValidationMessage message) {
    JsonNode properties = parentSchema(message).path("properties");
    List<String> keys = new ArrayList<>();
    properties.fieldNames().forEachRemaining(keys::add);
    return keys.stream().sorted().collect(Collectors.toList());
  }

  private String propertyDescription(ValidationMessage message, String key) {
    JsonNode description = parentSchema(message).path("properties").path(key).path("description");
    return description.isTextual() ? description.asText() : null;
  }

  private String parentDescription(ValidationMessage message) {
    JsonNode description = parentSchema(message).path("description");
    return description.isTextual() ? description.asText() : null;
  }

  /** The schema object that holds the keyword of a message, e.g. the one with the properties. */
  private JsonNode parentSchema(ValidationMessage message) {
    JsonNodePath fragment = message.getSchemaLocation().getFragment();
    JsonNode node = schema;
    for (int i = 0; i < fragment.getNameCount() - 1; i++) {
      Object element = fragment.getElement(i);
      node = element instanceof Integer index ? node.path(index) : node.path((String) element);
    }
    return node;
  }

  private static String pointer(JsonNodePath path) {
    String pointer = "";
    for (int i = 0; i < path.getNameCount(); i++) {
      Object element = path.getElement(i);
      pointer =
          element instanceof Integer index
              ? LocatedYaml.child(pointer, index)
              : LocatedYaml.child(pointer, String.valueOf(element));
    }
    return pointer;
  }

  /** Whose options a pointer is inside of: a stage's or the defaults' or the dataset's. */
  record OptionsOwner(String description, String within) {

    static OptionsOwner of(String pointer, JsonNode root) {
      List<String> segments = PipelinePaths.segments(pointer);
      if (segments.size() >= 3
          && segments.get(0).equals("stages")
          && segments.get(2).equals("with")) {
        String uses = root.path("stages").path(segments.get(1)).path("uses").asText();
        return new OptionsOwner("stage plugin '" + uses + "'", within(segments, 3));
      } else if (segments.size() >= 2 && segments.get(0).equals("defaults")) {
        return new OptionsOwner("stage plugin '" + segments.get(1) + "'", within(segments, 2));
      } else if (segments.size() >= 2
          && segments.get(0).equals("dataset")
          && segments.get(1).equals("with")) {
        String name = root.path("dataset").path("name").asText();
        return new OptionsOwner("dataset plugin '" + name + "'", within(segments, 2));
      }
      return null;
    }

    private static String within(List<String> segments, int from) {
      StringBuilder pointer = new StringBuilder();
      for (String segment : segments.subList(from, segments.size())) {
        pointer.append(LocatedYaml.child("", segment));
      }
      return pointer.length() == 0 ? "" : OptionsBinding.option(pointer.toString());
    }
  }
}

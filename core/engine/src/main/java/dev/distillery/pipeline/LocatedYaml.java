package dev.distillery.pipeline;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.distillery.pipeline.Problems.Position;
import java.math.BigInteger;
import java.util.Collections;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.api.lowlevel.Compose;
import org.snakeyaml.engine.v2.exceptions.Mark;
import org.snakeyaml.engine.v2.exceptions.MarkedYamlEngineException;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;
import org.snakeyaml.engine.v2.nodes.Tag;
import org.snakeyaml.engine.v2.schema.CoreSchema;

/**
 * A YAML document as a Jackson tree, with the file position of every key and value by JSON pointer
 * ({@code /stages/teacher/with/epochs}). Scalars are typed by the YAML 1.2 core schema ({@code 42}
 * is an integer, {@code 0.1} a number, {@code true} a boolean, {@code ~} and an empty value null,
 * anything else a string).
 */
final class LocatedYaml {

  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private final JsonNode root;
  private final Map<String, Position> keys;
  private final Map<String, Position> values;

  private LocatedYaml(JsonNode root, Map<String, Position> keys, Map<String, Position> values) {
    this.root = root;
    this.keys = keys;
    this.values = values;
  }

  /**
   * Composes one YAML document. Duplicate keys, unsupported tags and the like are added to {@code
   * problems}; a document that can't be read at all (malformed YAML, empty file) throws.
   */
  static LocatedYaml compose(String text, String sourceName, Problems problems) {
    LoadSettings settings =
        LoadSettings.builder()
            .setLabel(sourceName)
            .setSchema(new CoreSchema())
            .setAllowDuplicateKeys(true)
            .setAllowRecursiveKeys(false)
            .build();
    Optional<Node> document;
    try {
      document = new Compose(settings).composeString(text);
    } catch (MarkedYamlEngineException e) {
      problems.add(position(e.getProblemMark().or(e::getContextMark)), malformed(e));
      problems.throwIfAny();
      throw new IllegalStateException(e);
    } catch (YamlEngineException e) {
      problems.add(Position.START, "malformed YAML: " + e.getMessage());
      problems.throwIfAny();
      throw new IllegalStateException(e);
    }
    if (document.isEmpty()) {
      problems.add(
          Position.START,
          "the pipeline file is empty; it needs at least 'pipeline:', 'dataset:' and 'stages:'");
      problems.throwIfAny();
    }
    Builder builder = new Builder(problems);
    JsonNode root = builder.convert(document.orElseThrow(), "");
    return new LocatedYaml(
        root,
        Collections.unmodifiableMap(builder.keys),
        Collections.unmodifiableMap(builder.values));
  }

  private static String malformed(MarkedYamlEngineException e) {
    StringBuilder message = new StringBuilder("malformed YAML: ").append(e.getProblem());
    if (e.getContext() != null && e.getContextMark().isPresent()) {
      Position context = position(e.getContextMark());
      message
          .append(" (")
          .append(e.getContext())
          .append(" at line ")
          .append(context.line())
          .append(", column ")
          .append(context.column())
          .append(")");
    }
    return message.append("; check the indentation and quoting").toString();
  }

  JsonNode root() {
    return root;
  }

  /**
   * Where the value at a pointer is; falls back to the nearest enclosing value that has a position.
   */
  Position valuePosition(String pointer) {
    String current = pointer;
    while (true) {
      Position position = values.get(current);
      if (position != null) {
        return position;
      }
      if (current.isEmpty()) {
        return Position.START;
      }
      current = parent(current);
    }
  }

  /**
   * Where the key of the entry at a pointer is (e.g. {@code epochs} of {@code epochs: 5}); the
   * value position for list items and the root.
   */
  Position keyPosition(String pointer) {
    Position position = keys.get(pointer);
    return position != null ? position : valuePosition(pointer);
  }

  boolean has(String pointer) {
    return values.containsKey(pointer);
  }

  static String parent(String pointer) {
    int slash = pointer.lastIndexOf('/');
    return slash <= 0 ? "" : pointer.substring(0, slash);
  }

  /** The pointer of a child: {@code child("/stages", "a/b")} is {@code /stages/a~1b}. */
  static String child(String pointer, String name) {
    return pointer + "/" + name.replace("~", "~0").replace("/", "~1");
  }

  static String child(String pointer, int index) {
    return pointer + "/" + index;
  }

  private static Position position(Optional<Mark> mark) {
    return mark.map(m -> new Position(m.getLine() + 1, m.getColumn() + 1)).orElse(Position.START);
  }

  /** Converts composed nodes, recording positions. */
  private static final class Builder {

    private final Problems problems;
    private final Map<String, Position> keys = new HashMap<>();
    private final Map<String, Position> values = new HashMap<>();
    private final Set<Node> path = Collections.newSetFromMap(new IdentityHashMap<>());

    Builder(Problems problems) {
      this.problems = problems;
    }

    JsonNode convert(Node node, String pointer) {
      Position at = position(node.getStartMark());
      values.put(pointer, at);
      if (!path.add(node)) {
        problems.add(at, "a YAML alias refers to the node that contains it; remove the recursion");
        return NODES.nullNode();
      }
      try {
        if (node instanceof MappingNode mapping) {
          return mapping(mapping, pointer);
        } else if (node instanceof SequenceNode sequence) {
          ArrayNode array = NODES.arrayNode();
          int index = 0;
          for (Node item : sequence.getValue()) {
            array.add(convert(item, child(pointer, index++)));
          }
          return array;
        } else if (node instanceof ScalarNode scalar) {
          return scalar(scalar, at);
        }
        problems.add(at, "unsupported YAML node " + node.getNodeType());
        return NODES.nullNode();
      } finally {
        path.remove(node);
      }
    }

    private ObjectNode mapping(MappingNode mapping, String pointer) {
      ObjectNode object = NODES.objectNode();
      for (NodeTuple tuple : mapping.getValue()) {
        Node keyNode = tuple.getKeyNode();
        Position keyAt = position(keyNode.getStartMark());
        if (!(keyNode instanceof ScalarNode scalarKey)) {
          problems.add(keyAt, "a key must be plain text, not a " + describe(keyNode));
          continue;
        }
        String name = scalarKey.getValue();
        String child = child(pointer, name);
        if (object.has(name)) {
          Position first = keys.get(child);
          problems.add(
              keyAt,
              "duplicate key '"
                  + name
                  + "'"
                  + (pointer.isEmpty() ? "" : " in " + PipelinePaths.display(pointer))
                  + " (first at line "
                  + first.line()
                  + ", column "
                  + first.column()
                  + "); remove one of them");
          continue;
        }
        keys.put(child, keyAt);
        object.set(name, convert(tuple.getValueNode(), child));
      }
      return object;
    }

    private static String describe(Node node) {
      return node instanceof MappingNode
          ? "mapping"
          : node instanceof SequenceNode ? "list" : "node";
    }

    private JsonNode scalar(ScalarNode scalar, Position at) {
      String text = scalar.getValue();
      Tag tag = scalar.getTag();
      try {
        if (Tag.NULL.equals(tag)) {
          return NODES.nullNode();
        } else if (Tag.BOOL.equals(tag)) {
          return NODES.booleanNode(text.toLowerCase(Locale.ROOT).equals("true"));
        } else if (Tag.INT.equals(tag)) {
          return integer(text);
        } else if (Tag.FLOAT.equals(tag)) {
          return NODES.numberNode(floating(text));
        } else if (Tag.STR.equals(tag)) {
          return NODES.textNode(text);
        }
      } catch (NumberFormatException e) {
        problems.add(at, "'" + text + "' is not a valid " + tag.getValue());
        return NODES.textNode(text);
      }
      problems.add(
          at, "unsupported YAML tag '" + tag.getValue() + "' on '" + text + "'; remove the tag");
      return NODES.textNode(text);
    }

    private static JsonNode integer(String text) {
      String digits = text;
      boolean negative = false;
      if (digits.startsWith("-") || digits.startsWith("+")) {
        negative = digits.startsWith("-");
        digits = digits.substring(1);
      }
      BigInteger value;
      if (digits.startsWith("0x")) {
        value = new BigInteger(digits.substring(2), 16);
      } else if (digits.startsWith("0o")) {
        value = new BigInteger(digits.substring(2), 8);
      } else {
        value = new BigInteger(digits);
      }
      if (negative) {
        value = value.negate();
      }
      if (value.bitLength() < 32) {
        return NODES.numberNode(value.intValue());
      } else if (value.bitLength() < 64) {
        return NODES.numberNode(value.longValue());
      }
      return NODES.numberNode(value);
    }

    private static double floating(String text) {
      String lower = text.toLowerCase(Locale.ROOT);
      return switch (lower) {
        case ".inf", "+.inf" -> Double.POSITIVE_INFINITY;
        case "-.inf" -> Double.NEGATIVE_INFINITY;
        case ".nan" -> Double.NaN;
        default -> Double.parseDouble(text);
      };
    }
  }
}

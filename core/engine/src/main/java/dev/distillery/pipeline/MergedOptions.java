package dev.distillery.pipeline;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.HashMap;
import java.util.Map;

/**
 * A stage's {@code with:} with its plugin's {@code defaults:} merged in (objects merged key by key,
 * deeply; anything else from the stage replaces the default), remembering for every merged value
 * where in the file it came from.
 */
final class MergedOptions {

  private final ObjectNode merged = JsonNodeFactory.instance.objectNode();
  private final Map<String, String> origin = new HashMap<>();

  private MergedOptions(String rootOrigin) {
    origin.put("", rootOrigin);
  }

  /**
   * Merges {@code with} (at {@code withPointer}) over {@code defaults} (at {@code
   * defaultsPointer}); either may be null or a non-object (ignored). {@code ownerPointer} locates
   * problems when neither exists.
   */
  static MergedOptions merge(
      JsonNode defaults,
      String defaultsPointer,
      JsonNode with,
      String withPointer,
      String ownerPointer) {
    boolean hasWith = with instanceof ObjectNode;
    boolean hasDefaults = defaults instanceof ObjectNode;
    MergedOptions result =
        new MergedOptions(hasWith ? withPointer : hasDefaults ? defaultsPointer : ownerPointer);
    if (hasDefaults) {
      result.overlay(result.merged, (ObjectNode) defaults, "", defaultsPointer);
    }
    if (hasWith) {
      result.overlay(result.merged, (ObjectNode) with, "", withPointer);
    }
    return result;
  }

  ObjectNode merged() {
    return merged;
  }

  /** Where the value at a pointer of the merged options came from, or its nearest ancestor. */
  String locate(String relative) {
    String current = relative;
    while (true) {
      String found = origin.get(current);
      if (found != null) {
        return found;
      }
      current = LocatedYaml.parent(current);
    }
  }

  /** Whether the value at this pointer of the merged options exists in the file. */
  boolean exists(String relative) {
    return origin.containsKey(relative);
  }

  private void overlay(ObjectNode target, ObjectNode source, String relative, String document) {
    for (Map.Entry<String, JsonNode> field : source.properties()) {
      String childRelative = LocatedYaml.child(relative, field.getKey());
      String childDocument = LocatedYaml.child(document, field.getKey());
      JsonNode existing = target.get(field.getKey());
      if (existing instanceof ObjectNode existingObject && field.getValue() instanceof ObjectNode) {
        origin.put(childRelative, childDocument);
        overlay(existingObject, (ObjectNode) field.getValue(), childRelative, childDocument);
      } else {
        origin.keySet().removeIf(p -> p.startsWith(childRelative + "/"));
        target.set(field.getKey(), field.getValue().deepCopy());
        record(field.getValue(), childRelative, childDocument);
      }
    }
  }

  private void record(JsonNode node, String relative, String document) {
    origin.put(relative, document);
    if (node.isObject()) {
      node.properties()
          .forEach(
              f ->
                  record(
                      f.getValue(),
                      LocatedYaml.child(relative, f.getKey()),
                      LocatedYaml.child(document, f.getKey())));
    } else if (node.isArray()) {
      for (int i = 0; i < node.size(); i++) {
        record(node.get(i), LocatedYaml.child(relative, i), LocatedYaml.child(document, i));
      }
    }
  }
}

package dev.distillery.pipeline;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.distillery.options.OptionsMapper;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** The keys of stages: see {@link PipelineLoader}. */
final class StageKeys {

  /** Raised when what goes into a key changes meaning, so that old outputs are not reused. */
  static final int VERSION = 2;

  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
  private static final ObjectMapper COMPACT = JsonMapper.builder().build();

  private StageKeys() {}

  static String key(
      String uses,
      Object options,
      JsonNode with,
      DatasetSpec dataset,
      long seed,
      int replica,
      List<String> needs,
      Map<String, String> keys,
      Map<String, String> externalInputs,
      Map<String, String> code) {
    ObjectNode content = NODES.objectNode();
    content.put("key-version", VERSION);
    content.put("uses", uses);
    // the digests of the plugins that run the stage: a changed plugin re-runs what it affects
    ObjectNode plugins = content.putObject("code");
    code.forEach(plugins::put);
    content.set("options", resolved(options, with));
    ObjectNode data = content.putObject("dataset");
    data.put("name", dataset.name());
    data.set("options", resolved(dataset.typedOptions(), dataset.options()));
    data.put("limit", dataset.limit());
    data.put("test-limit", dataset.testLimit());
    data.put("validation", dataset.validation());
    content.put("seed", seed);
    if (replica > 1) {
      content.put("replica", replica); // run 1 keeps the key of the stage run once
    }
    if (!externalInputs.isEmpty()) {
      // only when there are some, so that the keys of other stages stay as they were
      ObjectNode external = content.putObject("external-inputs");
      externalInputs.forEach(external::put);
    }
    ObjectNode needed = content.putObject("needs");
    for (String id : needs) {
      String key = keys.get(id);
      if (key == null) {
        throw new IllegalStateException("key of '" + id + "' asked for before it was computed");
      }
      needed.put(id, key);
    }
    return sha256(canonicalJson(content));
  }

  /** The options record written back to JSON (defaults included), or the node as written. */
  private static JsonNode resolved(Object options, JsonNode written) {
    try {
      return OptionsMapper.mapper().valueToTree(options);
    } catch (IllegalArgumentException e) {
      return written;
    }
  }

  /** JSON with object keys sorted and no whitespace. */
  static String canonicalJson(JsonNode node) {
    try {
      return COMPACT.writeValueAsString(sorted(node));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  private static JsonNode sorted(JsonNode node) {
    if (node.isObject()) {
      Map<String, JsonNode> fields = new TreeMap<>();
      node.properties().forEach(f -> fields.put(f.getKey(), sorted(f.getValue())));
      ObjectNode result = NODES.objectNode();
      fields.forEach(result::set);
      return result;
    } else if (node.isArray()) {
      ArrayNode result = NODES.arrayNode();
      node.forEach(item -> result.add(sorted(item)));
      return result;
    }
    return node;
  }

  private static String sha256(String text) {
    try {
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      return HexFormat.of().formatHex(digest.digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is not available", e);
    }
  }
}

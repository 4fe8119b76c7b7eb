package dev.distillery.options;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;

/**
 * The one Jackson configuration for typed plugin options and Distillery's JSON files: kebab-case
 * names ({@code batchSize} is {@code batch-size}), unknown keys and nulls for primitives rejected,
 * no silent coercion of strings to numbers.
 */
public final class OptionsMapper {

  private static final ObjectMapper MAPPER =
      JsonMapper.builder()
          .propertyNamingStrategy(PropertyNamingStrategies.KEBAB_CASE)
          .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
          .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
          .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
          .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
          .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
          .enable(SerializationFeature.INDENT_OUTPUT)
          .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS)
          .findAndAddModules()
          .build();

  private OptionsMapper() {}

  public static ObjectMapper mapper() {
    return MAPPER;
  }

  /**
   * Binds a node to a typed options record; a missing node binds to an empty object so that the
   * record's defaults apply. Binding errors are Jackson exceptions with the offending path.
   */
  public static <T> T bind(JsonNode node, Class<T> type)
      throws com.fasterxml.jackson.core.JsonProcessingException {
    JsonNode source = node == null || node.isNull() ? MAPPER.createObjectNode() : node;
    return MAPPER.treeToValue(source, type);
  }
}

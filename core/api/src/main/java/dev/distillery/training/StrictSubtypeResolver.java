package dev.distillery.training;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import com.fasterxml.jackson.databind.DatabindContext;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.jsontype.impl.TypeIdResolverBase;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Resolves the {@code type} of polymorphic options from the names in the base type's {@link
 * JsonSubTypes}, and fails on a name it doesn't know, listing the known ones. Jackson would
 * otherwise quietly bind an unknown (mistyped) type to the {@code defaultImpl} that serves options
 * written without a type:
 *
 * <pre>{@code
 * @JsonTypeInfo(use = JsonTypeInfo.Id.CUSTOM, property = "type", defaultImpl = Sgd.class)
 * @JsonTypeIdResolver(StrictSubtypeResolver.class)
 * @JsonSubTypes({@JsonSubTypes.Type(value = Sgd.class, name = "sgd"), ...})
 * }</pre>
 */
public final class StrictSubtypeResolver extends TypeIdResolverBase {

  private JavaType base;
  private final Map<String, Class<?>> byName = new LinkedHashMap<>();
  private final Map<Class<?>, String> byClass = new LinkedHashMap<>();

  @Override
  public void init(JavaType baseType) {
    base = baseType;
    // serializing a subtype directly initializes the resolver with the subtype
    JsonSubTypes subtypes = findSubtypes(baseType.getRawClass());
    if (subtypes == null) {
      throw new IllegalStateException(baseType.getRawClass() + " has no @JsonSubTypes");
    }
    for (JsonSubTypes.Type subtype : subtypes.value()) {
      byName.put(subtype.name(), subtype.value());
      byClass.put(subtype.value(), subtype.name());
    }
  }

  private static JsonSubTypes findSubtypes(Class<?> type) {
    if (type == null) {
      return null;
    }
    JsonSubTypes subtypes = type.getAnnotation(JsonSubTypes.class);
    if (subtypes != null) {
      return subtypes;
    }
    for (Class<?> parent : type.getInterfaces()) {
      subtypes = findSubtypes(parent);
      if (subtypes != null) {
        return subtypes;
      }
    }
    return findSubtypes(type.getSuperclass());
  }

  @Override
  public String idFromValue(Object value) {
    return idFromValueAndType(value, value.getClass());
  }

  @Override
  public String idFromValueAndType(Object value, Class<?> suggestedType) {
    String name = byClass.get(suggestedType);
    if (name == null) {
      throw new IllegalArgumentException(suggestedType + " is not a listed subtype of " + base);
    }
    return name;
  }

  @Override
  public JavaType typeFromId(DatabindContext context, String id) throws IOException {
    Class<?> type = byName.get(id);
    if (type == null) {
      String known = "known type ids = " + byName.keySet() + " (or leave out 'type')";
      if (context instanceof DeserializationContext deserialization) {
        throw deserialization.invalidTypeIdException(base, id, known);
      }
      throw new IllegalArgumentException("unknown type id '" + id + "': " + known);
    }
    return context.constructSpecializedType(base, type);
  }

  @Override
  public String getDescForKnownTypeIds() {
    return String.join(", ", byName.keySet());
  }

  @Override
  public JsonTypeInfo.Id getMechanism() {
    return JsonTypeInfo.Id.CUSTOM;
  }
}

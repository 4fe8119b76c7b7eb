package dev.distillery.pipeline;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.exc.InvalidDefinitionException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import dev.distillery.options.OptionsMapper;
import dev.distillery.pipeline.Problems.Position;
import dev.distillery.plugin.PluginOrigin;
import dev.distillery.spi.DataFreeRecipePlugin;
import dev.distillery.spi.DatasetPlugin;
import dev.distillery.spi.GeneratorPlugin;
import dev.distillery.spi.MethodPlugin;
import dev.distillery.spi.ModelPlugin;
import dev.distillery.spi.Plugin;
import dev.distillery.spi.PluginCatalog;
import dev.distillery.spi.StagePlugin;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/** Binds options nodes to typed records with {@link OptionsMapper}, reporting located problems. */
final class OptionsBinding {

  private final LocatedYaml yaml;
  private final Problems problems;
  private final PluginCatalog plugins;

  OptionsBinding(LocatedYaml yaml, Problems problems, PluginCatalog plugins) {
    this.yaml = yaml;
    this.problems = problems;
    this.plugins = plugins;
  }

  /**
   * Binds {@code node}, found at {@code base} of the merged options {@code origin}, to {@code
   * type}; on failure reports a problem at the offending option and returns empty.
   *
   * @param owner whose options these are, for messages, e.g. {@code stage plugin 'train'}
   */
  <T> Optional<T> bind(
      JsonNode node, Class<T> type, MergedOptions origin, String base, String owner) {
    try {
      return Optional.of(OptionsMapper.bind(node, type));
    } catch (UnrecognizedPropertyException e) {
      String relative = base + pointer(e);
      String parent = LocatedYaml.parent(relative);
      String within =
          parent.equals(base) ? "" : " in '" + option(parent.substring(base.length())) + "'";
      problems.add(
          keyPosition(origin, relative),
          "unknown option '"
              + e.getPropertyName()
              + "'"
              + within
              + " for "
              + owner
              + "; "
              + knownOptions(e.getKnownPropertyIds()));
    } catch (InvalidDefinitionException e) {
      // not the user's options: the plugin's options type can't be bound at all
      problems.add(valuePosition(origin, base), unbindableType(type, owner, e));
    } catch (ValueInstantiationException e) {
      String relative = base + pointer(e);
      Throwable cause = e.getCause() == null ? e : e.getCause();
      String at =
          relative.equals(base) ? "" : " in '" + option(relative.substring(base.length())) + "'";
      problems.add(
          keyPosition(origin, relative),
          "invalid options for " + owner + at + ": " + cause.getMessage());
    } catch (MismatchedInputException e) {
      String relative = base + pointer(e);
      JsonNode value = origin.merged().at(relative);
      String expected =
          e.getTargetType() == null ? "another value" : expectedFor(e.getTargetType());
      problems.add(
          valuePosition(origin, relative),
          "option '"
              + option(relative.substring(base.length()))
              + "' for "
              + owner
              + ": expected "
              + expected
              + ", got "
              + SchemaMessages.describeValue(value));
    } catch (JsonMappingException e) {
      String relative = base + pointer(e);
      problems.add(
          valuePosition(origin, relative),
          "invalid options for " + owner + ": " + e.getOriginalMessage());
    } catch (JsonProcessingException e) {
      problems.add(
          valuePosition(origin, base),
          "invalid options for " + owner + ": " + e.getOriginalMessage());
    }
    return Optional.empty();
  }

  /**
   * "method plugin 'x' (from acme.jar) cannot take options: its options type acme.Options can't be
   * bound (reason); ...".
   */
  private String unbindableType(Class<?> type, String owner, InvalidDefinitionException e) {
    String declaredBy =
        Stream.of(
                plugins.stages(),
                plugins.methods(),
                plugins.recipes(),
                plugins.generators(),
                plugins.models(),
                plugins.datasets())
            .flatMap(Collection::stream)
            .filter(plugin -> plugin.optionsType() == type)
            .map(
                plugin ->
                    PluginReferences.kindWord(spiOf(plugin)) + " plugin '" + plugin.id() + "'")
            .distinct()
            .collect(Collectors.joining(", "));
    String who = declaredBy.isEmpty() ? owner : declaredBy;
    return who
        + " (from "
        + PluginOrigin.of(type).displayName()
        + ") cannot take options"
        + (who.equals(owner) ? "" : " for " + owner)
        + ": its options type "
        + type.getName()
        + " cannot be bound ("
        + e.getOriginalMessage()
        + "); the plugin's optionsType() must be a record whose canonical constructor accepts"
        + " nulls for omitted options (or NoOptions): fix the plugin or ask its author for one"
        + " that is";
  }

  private static Class<?> spiOf(Plugin<?> plugin) {
    for (Class<?> spi :
        List.of(
            StagePlugin.class,
            MethodPlugin.class,
            DataFreeRecipePlugin.class,
            GeneratorPlugin.class,
            ModelPlugin.class,
            DatasetPlugin.class)) {
      if (spi.isInstance(plugin)) {
        return spi;
      }
    }
    return StagePlugin.class;
  }

  static String knownOptions(Collection<?> known) {
    if (known == null || known.isEmpty()) {
      return "it takes no options";
    }
    return "known options: "
        + known.stream().map(String::valueOf).sorted().collect(Collectors.joining(", "));
  }

  /** An option path for messages: {@code /optimizer/lr} is {@code optimizer.lr}. */
  static String option(String relative) {
    return relative.isEmpty() ? "with" : PipelinePaths.display(relative);
  }

  Position valuePosition(MergedOptions origin, String relative) {
    return origin.exists(relative)
        ? yaml.valuePosition(origin.locate(relative))
        : yaml.keyPosition(origin.locate(relative));
  }

  Position keyPosition(MergedOptions origin, String relative) {
    return yaml.keyPosition(origin.locate(relative));
  }

  private static String pointer(JsonMappingException e) {
    StringBuilder pointer = new StringBuilder();
    for (JsonMappingException.Reference reference : e.getPath()) {
      if (reference.getFieldName() != null) {
        pointer.append(LocatedYaml.child("", reference.getFieldName()));
      } else if (reference.getIndex() >= 0) {
        pointer.append('/').append(reference.getIndex());
      }
    }
    return pointer.toString();
  }

  private static String expectedFor(Class<?> type) {
    if (type == Integer.class
        || type == int.class
        || type == Long.class
        || type == long.class
        || type == Short.class
        || type == short.class
        || type == Byte.class
        || type == byte.class
        || type == BigInteger.class) {
      return "an integer";
    } else if (type == Double.class
        || type == double.class
        || type == Float.class
        || type == float.class
        || type == BigDecimal.class
        || type == Number.class) {
      return "a number";
    } else if (CharSequence.class.isAssignableFrom(type)) {
      return "a string";
    } else if (type == Boolean.class || type == boolean.class) {
      return "true or false";
    } else if (type.isEnum()) {
      return "one of: "
          + Arrays.stream(type.getEnumConstants())
              .map(String::valueOf)
              .collect(Collectors.joining(", "));
    } else if (type.isArray() || Collection.class.isAssignableFrom(type)) {
      return "a list";
    } else if (Map.class.isAssignableFrom(type) || type.isRecord()) {
      return "a mapping";
    }
    return "a " + type.getSimpleName();
  }
}

package dev.distillery.pipeline;

import com.fasterxml.jackson.databind.JsonNode;
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
import java.util.Collection;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * The plugins a stage's options name through {@link PluginOptions} (the methods of its losses, its
 * data-free recipe, ...), found by walking the bound options record.
 */
final class PluginReferences {

  private static final int MAX_DEPTH = 32;

  private PluginReferences() {}

  /** The word for a plugin kind in keys and schema definitions: {@code method}, {@code recipe}. */
  static String kindWord(Class<?> spi) {
    if (spi == MethodPlugin.class) {
      return "method";
    } else if (spi == DataFreeRecipePlugin.class) {
      return "recipe";
    } else if (spi == GeneratorPlugin.class) {
      return "generator";
    } else if (spi == ModelPlugin.class) {
      return "model";
    } else if (spi == DatasetPlugin.class) {
      return "dataset";
    } else if (spi == StagePlugin.class) {
      return "stage";
    }
    throw new IllegalArgumentException(
        "@PluginOptions names " + spi.getName() + ", which is not a plugin kind");
  }

  /** The plugins of a kind. */
  static Collection<? extends Plugin<?>> all(Class<?> spi, PluginCatalog catalog) {
    return switch (kindWord(spi)) {
      case "method" -> catalog.methods();
      case "recipe" -> catalog.recipes();
      case "generator" -> catalog.generators();
      case "model" -> catalog.models();
      case "dataset" -> catalog.datasets();
      default -> catalog.stages();
    };
  }

  /** The plugin of a kind with this id. */
  static Optional<? extends Plugin<?>> find(Class<?> spi, String id, PluginCatalog catalog) {
    return switch (kindWord(spi)) {
      case "method" -> catalog.method(id);
      case "recipe" -> catalog.recipe(id);
      case "generator" -> catalog.generator(id);
      case "model" -> catalog.model(id);
      case "dataset" -> catalog.dataset(id);
      default -> catalog.stage(id);
    };
  }

  /** The plugins named in {@code options}, as {@code "<kind> <id>"}, in name order. */
  static Map<String, Plugin<?>> of(Object options, PluginCatalog catalog) {
    Map<String, Plugin<?>> found = new TreeMap<>();
    walk(options, catalog, found, java.util.Collections.newSetFromMap(new IdentityHashMap<>()), 0);
    return found;
  }

  private static void walk(
      Object value,
      PluginCatalog catalog,
      Map<String, Plugin<?>> found,
      Set<Object> seen,
      int depth) {
    if (value == null
        || depth > MAX_DEPTH
        || value instanceof JsonNode
        || value instanceof CharSequence
        || value instanceof Number
        || value instanceof Boolean
        || value instanceof Enum<?>
        || !seen.add(value)) {
      return;
    }
    if (value instanceof Collection<?> items) {
      items.forEach(item -> walk(item, catalog, found, seen, depth + 1));
    } else if (value instanceof Map<?, ?> map) {
      map.values().forEach(item -> walk(item, catalog, found, seen, depth + 1));
    } else if (value instanceof Optional<?> optional) {
      optional.ifPresent(item -> walk(item, catalog, found, seen, depth + 1));
    } else if (value.getClass().isRecord()) {
      for (RecordComponent component : value.getClass().getRecordComponents()) {
        PluginOptions marker = component.getAnnotation(PluginOptions.class);
        if (marker != null) {
          Object id = read(value, component(value.getClass(), marker.selector()));
          if (id instanceof String name) {
            find(marker.value(), name, catalog)
                .ifPresent(plugin -> found.put(kindWord(marker.value()) + " " + name, plugin));
          }
        }
        walk(read(value, component), catalog, found, seen, depth + 1);
      }
    }
  }

  private static RecordComponent component(Class<?> record, String name) {
    for (RecordComponent component : record.getRecordComponents()) {
      if (component.getName().equals(name)) {
        return component;
      }
    }
    return null;
  }

  private static Object read(Object record, RecordComponent component) {
    if (component == null) {
      return null;
    }
    try {
      var accessor = component.getAccessor();
      accessor.trySetAccessible();
      return accessor.invoke(record);
    } catch (ReflectiveOperationException | RuntimeException e) {
      return null;
    }
  }
}

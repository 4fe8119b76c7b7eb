package dev.distillery.cli;

import dev.distillery.plugin.PluginRegistry;
import dev.distillery.spi.Plugin;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

@Command(
    name = "list",
    mixinStandardHelpOptions = true,
    description =
        "Lists the plugins found (stages, distillation methods, models, datasets, export formats),"
            + " grouped by the jar they come from, with its version.")
final class ListCommand implements Callable<Integer> {

  /** The width lines are kept to. */
  static final int WIDTH = 100;

  @Mixin CommonOptions common;

  @Override
  public Integer call() {
    PluginRegistry registry = common.plugins();
    int idWidth = 16;
    for (PluginRegistry.Kind kind : PluginRegistry.Kind.values()) {
      for (String id : registry.all(kind).keySet()) {
        idWidth = Math.max(idWidth, id.length());
      }
    }
    int width = idWidth;
    for (PluginRegistry.Kind kind : PluginRegistry.Kind.values()) {
      System.out.println(kind.label() + "s:");
      // grouped by the jar (or classes directory) they come from, so lines stay short
      Map<String, List<Plugin<?>>> byOrigin = new TreeMap<>();
      for (Plugin<?> plugin : registry.all(kind).values()) {
        byOrigin
            .computeIfAbsent(registry.origin(plugin).describe(), o -> new ArrayList<>())
            .add(plugin);
      }
      byOrigin.forEach(
          (origin, plugins) -> {
            System.out.println("  from " + origin + ":");
            for (Plugin<?> plugin : plugins) {
              System.out.println(line(plugin, width));
            }
          });
      System.out.println();
    }
    return 0;
  }

  /**
   * One plugin: its id padded to {@code idWidth} and its description, wrapped at {@value #WIDTH}
   * columns.
   */
  static String line(Plugin<?> plugin, int idWidth) {
    String indent = " ".repeat(4 + idWidth + 1);
    StringBuilder text =
        new StringBuilder("    " + plugin.id() + " ".repeat(idWidth - plugin.id().length()));
    int lineStart = 0;
    for (String word : plugin.description().split(" ")) {
      if (word.isEmpty()) {
        continue;
      }
      boolean fresh = text.length() - lineStart < indent.length();
      if (!fresh && text.length() - lineStart + 1 + word.length() > WIDTH) {
        text.append('\n');
        lineStart = text.length();
        text.append(indent).append(word);
      } else {
        text.append(' ').append(word);
      }
    }
    return text.toString();
  }
}

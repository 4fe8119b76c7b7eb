package dev.distillery.cli;

import dev.distillery.plugin.PluginRegistry;
import dev.distillery.spi.Plugin;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

@Command(
    name = "list",
    mixinStandardHelpOptions = true,
    description =
        "Lists the plugins found: stages, distillation methods, models, datasets, export formats.")
final class ListCommand implements Callable<Integer> {

  @Mixin CommonOptions common;

  @Override
  public Integer call() {
    PluginRegistry registry = common.plugins();
    for (PluginRegistry.Kind kind : PluginRegistry.Kind.values()) {
      System.out.println(kind.label() + "s:");
      for (Plugin<?> plugin : registry.all(kind).values()) {
        System.out.printf("  %-16s %s%n", plugin.id(), plugin.description());
      }
      System.out.println();
    }
    return 0;
  }
}

package dev.distillery.cli;

import dev.distillery.plugin.PluginClassLoaders;
import dev.distillery.plugin.PluginRegistry;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/** Options every command shares: where plugins, data and runs live. */
public final class CommonOptions {

  /** System property set by the launcher: the directory of the built-in plugin jars. */
  public static final String BUILTIN_PLUGINS_PROPERTY = "distillery.builtin.plugins";

  @Option(
      names = "--plugin-dir",
      paramLabel = "DIR",
      description =
          "Directory of third-party plugin jars (repeatable; also DISTILLERY_PLUGINS, a path list).")
  List<Path> pluginDirectories = new ArrayList<>();

  @Option(
      names = "--strict-plugin-dirs",
      description = "Refuse plugin directories that other users may write (default: a warning).")
  boolean strictPluginDirectories;

  @Option(
      names = "--data-dir",
      paramLabel = "DIR",
      description =
          "Directory searched first for dataset files (also DISTILLERY_DATA); then ./data and"
              + " /usr/share/datasets.")
  Path dataDirectory;

  @Option(
      names = "--runs-dir",
      paramLabel = "DIR",
      description = "Where run directories are created (default: ${DEFAULT-VALUE}).",
      defaultValue = "runs")
  Path runsDirectory;

  /** All plugin directories: built-in (from the launcher), --plugin-dir, DISTILLERY_PLUGINS. */
  List<Path> allPluginDirectories() {
    List<Path> directories = new ArrayList<>();
    String builtin = System.getProperty(BUILTIN_PLUGINS_PROPERTY);
    if (builtin != null && !builtin.isBlank()) {
      directories.add(Path.of(builtin));
    }
    directories.addAll(pluginDirectories);
    directories.addAll(PluginClassLoaders.fromEnvironment());
    return directories;
  }

  /** Discovers plugins on the class path and in the plugin directories. */
  PluginRegistry plugins() {
    List<Path> directories = allPluginDirectories();
    for (Path directory : directories) {
      if (strictPluginDirectories && PluginClassLoaders.writableByOthers(directory)) {
        throw new dev.distillery.spi.UserException(
            "plugin directory '"
                + directory
                + "' is writable by other users (--strict-plugin-dirs); chmod go-w it");
      }
    }
    PluginClassLoaders.warnings(directories)
        .forEach(warning -> System.err.println("warning: " + warning));
    ClassLoader loader =
        PluginClassLoaders.forDirectories(
            allPluginDirectories(), Thread.currentThread().getContextClassLoader());
    Thread.currentThread().setContextClassLoader(loader);
    PluginRegistry registry = PluginRegistry.discover(loader);
    registry.problems().forEach(problem -> System.err.println("warning: " + problem));
    registry.warnings().forEach(warning -> System.err.println("warning: " + warning));
    return registry;
  }

  /** Dataset search path: --data-dir, DISTILLERY_DATA, ./data, /usr/share/datasets. */
  List<Path> dataSearchPath() {
    List<Path> path = new ArrayList<>();
    if (dataDirectory != null) {
      path.add(dataDirectory);
    }
    String environment = System.getenv("DISTILLERY_DATA");
    if (environment != null && !environment.isBlank()) {
      path.add(Path.of(environment));
    }
    path.add(Path.of("data"));
    path.add(Path.of("/usr/share/datasets"));
    return path;
  }
}

package dev.distillery.plugin;

import dev.distillery.spi.UserException;
import java.io.IOException;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Builds the class loader that sees third-party plugin jars: every {@code *.jar} in each plugin
 * directory (the {@code --plugin-dir} option, then {@code DISTILLERY_PLUGINS}, a path list), as a
 * child of the application class loader so plugins share Distillery's SPI classes.
 */
public final class PluginClassLoaders {

  /** Environment variable with extra plugin directories, separated like PATH. */
  public static final String ENVIRONMENT_VARIABLE = "DISTILLERY_PLUGINS";

  private PluginClassLoaders() {}

  /** The plugin directories named by the environment, in order; empty if unset. */
  public static List<Path> fromEnvironment() {
    String value = System.getenv(ENVIRONMENT_VARIABLE);
    List<Path> directories = new ArrayList<>();
    if (value != null && !value.isBlank()) {
      for (String part : value.split(java.io.File.pathSeparator)) {
        if (!part.isBlank()) {
          directories.add(Path.of(part.trim()));
        }
      }
    }
    return directories;
  }

  /** A class loader over the jars in the given directories, parented by {@code parent}. */
  public static ClassLoader forDirectories(List<Path> directories, ClassLoader parent) {
    List<URL> urls = new ArrayList<>();
    for (Path directory : directories) {
      if (!Files.isDirectory(directory)) {
        throw new UserException(
            "plugin directory '"
                + directory
                + "' does not exist or is not a directory; create it or fix --plugin-dir / "
                + ENVIRONMENT_VARIABLE);
      }
      try (Stream<Path> files = Files.list(directory)) {
        for (Path jar : files.filter(p -> p.toString().endsWith(".jar")).sorted().toList()) {
          urls.add(jar.toUri().toURL());
        }
      } catch (MalformedURLException e) {
        throw new IllegalStateException(e);
      } catch (IOException e) {
        throw new UserException("cannot list plugin directory '" + directory + "': " + e, e);
      }
    }
    if (urls.isEmpty()) {
      return parent;
    }
    return new URLClassLoader("distillery-plugins", urls.toArray(URL[]::new), parent);
  }
}

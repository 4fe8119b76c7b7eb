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

  /**
   * What deserves a warning in plugin directories: files that are not jars (ignored), and
   * directories that users other than the owner may write (anyone who can write there can run code
   * in Distillery).
   */
  public static List<String> warnings(List<Path> directories) {
    List<String> warnings = new ArrayList<>();
    for (Path directory : directories) {
      if (!Files.isDirectory(directory)) {
        continue;
      }
      if (writableByOthers(directory)) {
        warnings.add(
            "plugin directory '"
                + directory
                + "' is writable by other users, who could put code there that Distillery runs;"
                + " chmod go-w it (--strict-plugin-dirs refuses such directories)");
      }
      try (Stream<Path> files = Files.list(directory)) {
        for (Path file : files.sorted().toList()) {
          if (Files.isRegularFile(file) && !file.toString().endsWith(".jar")) {
            warnings.add(
                "ignoring '" + file + "' in a plugin directory: only .jar files are plugins");
          }
        }
      } catch (IOException e) {
        warnings.add("cannot list plugin directory '" + directory + "': " + e.getMessage());
      }
    }
    return warnings;
  }

  /** True when group or others may write the directory (POSIX file systems). */
  public static boolean writableByOthers(Path directory) {
    try {
      var permissions = Files.getPosixFilePermissions(directory);
      return permissions.contains(java.nio.file.attribute.PosixFilePermission.OTHERS_WRITE)
          || permissions.contains(java.nio.file.attribute.PosixFilePermission.GROUP_WRITE);
    } catch (UnsupportedOperationException | IOException e) {
      return false;
    }
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
          try (java.util.jar.JarFile opened = new java.util.jar.JarFile(jar.toFile())) {
            opened.getManifest(); // reads the central directory: a damaged jar fails here
          } catch (IOException e) {
            throw new UserException(
                "plugin jar '"
                    + jar
                    + "' cannot be read as a jar ("
                    + e.getMessage()
                    + "); remove it from the plugin directory or replace it with a good build",
                e);
          }
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

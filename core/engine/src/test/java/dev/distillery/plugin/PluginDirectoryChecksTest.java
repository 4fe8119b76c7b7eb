package dev.distillery.plugin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.distillery.spi.UserException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Plugin directories: broken jars named, other files and open permissions warned about. */
class PluginDirectoryChecksTest {

  @Test
  void aJarThatCannotBeReadIsReportedByName(@TempDir Path directory) throws Exception {
    Files.writeString(directory.resolve("broken.jar"), "not a zip at all");
    assertThatThrownBy(
            () ->
                PluginClassLoaders.forDirectories(List.of(directory), getClass().getClassLoader()))
        .isInstanceOf(UserException.class)
        .hasMessageContaining("plugin jar '" + directory.resolve("broken.jar") + "'")
        .hasMessageContaining("cannot be read as a jar")
        .hasMessageContaining("remove it");
  }

  @Test
  void filesThatAreNotJarsAndOpenDirectoriesAreWarnedAbout(@TempDir Path directory)
      throws Exception {
    Files.writeString(directory.resolve("my-method.zip"), "x");
    Files.setPosixFilePermissions(directory, PosixFilePermissions.fromString("rwx------"));
    assertThat(PluginClassLoaders.warnings(List.of(directory)))
        .singleElement()
        .asString()
        .contains("ignoring '" + directory.resolve("my-method.zip") + "'")
        .contains("only .jar files are plugins");
    Files.setPosixFilePermissions(directory, PosixFilePermissions.fromString("rwxrwxrwx"));
    assertThat(PluginClassLoaders.warnings(List.of(directory)))
        .anySatisfy(
            w -> assertThat(w).contains("is writable by other users").contains("chmod go-w"));
    assertThat(PluginClassLoaders.writableByOthers(directory)).isTrue();
  }
}

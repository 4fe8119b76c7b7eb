package dev.distillery.spi;

import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import java.util.jar.JarFile;
import java.util.jar.Manifest;

/**
 * The version of the plugin API that is running, and whether a plugin built against another version
 * can run with it. Plugin jars declare the API they were built against in their manifest, {@value
 * #MANIFEST_ATTRIBUTE}{@code : 0.1.0}; versions with the same major and minor number are
 * compatible.
 */
public final class ApiVersion {

  /** The manifest attribute that names the API version a jar was built against. */
  public static final String MANIFEST_ATTRIBUTE = "Distillery-Api-Version";

  private static final String CURRENT = read();

  private ApiVersion() {}

  /**
   * The running API's version: the {@value #MANIFEST_ATTRIBUTE} of the distillery-api jar, or, when
   * the API runs from a classes directory, the version Maven wrote next to its classes.
   */
  public static String current() {
    return CURRENT;
  }

  /** Whether a plugin built against {@code declared} runs on this API (same major.minor). */
  public static boolean compatible(String declared) {
    return majorMinor(declared).equals(majorMinor(CURRENT));
  }

  /** {@code 1.2} of {@code 1.2.3-SNAPSHOT}; the whole text when it has no minor number. */
  public static String majorMinor(String version) {
    String trimmed = version.trim();
    int first = trimmed.indexOf('.');
    if (first < 0) {
      return trimmed;
    }
    int end = first + 1;
    while (end < trimmed.length() && Character.isDigit(trimmed.charAt(end))) {
      end++;
    }
    return trimmed.substring(0, end);
  }

  private static String read() {
    String fromManifest = fromOwnJar();
    if (fromManifest != null) {
      return fromManifest;
    }
    try (InputStream in = ApiVersion.class.getResourceAsStream("api-version.properties")) {
      if (in != null) {
        Properties properties = new Properties();
        properties.load(in);
        String version = properties.getProperty("version");
        if (version != null && !version.isBlank() && !version.startsWith("${")) {
          return version.trim();
        }
      }
    } catch (IOException e) {
      // fall through
    }
    return "unknown";
  }

  private static String fromOwnJar() {
    var source = ApiVersion.class.getProtectionDomain().getCodeSource();
    if (source == null || source.getLocation() == null) {
      return null;
    }
    try {
      Path location = Path.of(source.getLocation().toURI());
      if (!Files.isRegularFile(location)) {
        return null;
      }
      try (JarFile jar = new JarFile(location.toFile())) {
        Manifest manifest = jar.getManifest();
        return manifest == null ? null : manifest.getMainAttributes().getValue(MANIFEST_ATTRIBUTE);
      }
    } catch (IOException | URISyntaxException | IllegalArgumentException e) {
      return null;
    }
  }
}

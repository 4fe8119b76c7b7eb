package dev.distillery.plugin;

import dev.distillery.spi.ApiVersion;
import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.Manifest;
import java.util.stream.Stream;

/**
 * Where a plugin's code came from: a jar or a classes directory, its version and a digest of the
 * code, which stage keys include so that a changed plugin re-runs the stages it affects.
 *
 * <p>The digest of a jar is the SHA-256 of its entries (names and contents, in name order) without
 * the manifest and Maven's {@code META-INF/maven/} metadata, so that rebuilding unchanged sources
 * (new timestamps in the zip) keeps it, and every machine with the same jar computes the same
 * digest. The digest of a classes directory is that of the {@code .class} files under the plugin
 * class's package directory, in path order.
 *
 * @param location the jar file or classes directory, or {@code unknown}
 * @param jar whether {@code location} is a jar file
 * @param version the jar's {@code Implementation-Version}, else the version in its Maven {@code
 *     pom.properties}, else {@code unknown}
 * @param digest hex SHA-256 of the plugin's code, as above
 * @param apiVersion the {@value ApiVersion#MANIFEST_ATTRIBUTE} the jar declares; null when it
 *     declares none or the plugin runs from a classes directory
 */
public record PluginOrigin(
    String location, boolean jar, String version, String digest, String apiVersion) {

  /** The version of plugins whose version can't be told. */
  public static final String UNKNOWN = "unknown";

  private static final Map<JarStamp, PluginOrigin> JARS = new ConcurrentHashMap<>();

  private static final ClassValue<PluginOrigin> ORIGINS =
      new ClassValue<>() {
        @Override
        protected PluginOrigin computeValue(Class<?> type) {
          return compute(type);
        }
      };

  /** The origin of a plugin's class (cached: once per class, once per jar file version). */
  public static PluginOrigin of(Class<?> type) {
    return ORIGINS.get(type);
  }

  /** The jar's file name, or {@code classes dir}; for listings. */
  public String displayName() {
    if (jar) {
      return Path.of(location).getFileName().toString();
    }
    return location.equals(UNKNOWN) ? "unknown location" : "classes dir";
  }

  /** {@code distillery-methods-0.1.0.jar (0.1.0)}, or {@code classes dir (...)}. */
  public String describe() {
    return displayName() + " (" + version + ")";
  }

  private static PluginOrigin compute(Class<?> type) {
    Path location = location(type);
    if (location == null) {
      return new PluginOrigin(UNKNOWN, false, UNKNOWN, digestOfClassFile(type), null);
    }
    if (Files.isRegularFile(location)) {
      return ofJar(location);
    }
    return ofClassesDirectory(location, type);
  }

  /** The jar file or classes directory a class was loaded from; null when it can't be told. */
  static Path location(Class<?> type) {
    var source = type.getProtectionDomain().getCodeSource();
    if (source == null || source.getLocation() == null) {
      return null;
    }
    try {
      return Path.of(source.getLocation().toURI());
    } catch (URISyntaxException | IllegalArgumentException e) {
      return null;
    }
  }

  /** The origin of a jar file (cached while its size and modification time stay the same). */
  static PluginOrigin ofJar(Path jar) {
    Path absolute = jar.toAbsolutePath().normalize();
    JarStamp stamp;
    try {
      stamp =
          new JarStamp(
              absolute.toString(),
              Files.size(absolute),
              Files.getLastModifiedTime(absolute).toMillis());
    } catch (IOException e) {
      return new PluginOrigin(absolute.toString(), true, UNKNOWN, UNKNOWN, null);
    }
    return JARS.computeIfAbsent(stamp, s -> readJar(absolute));
  }

  private record JarStamp(String path, long size, long modified) {}

  private static PluginOrigin readJar(Path jar) {
    try (JarFile file = new JarFile(jar.toFile())) {
      Manifest manifest = file.getManifest();
      String version = null;
      String apiVersion = null;
      if (manifest != null) {
        version = manifest.getMainAttributes().getValue("Implementation-Version");
        apiVersion = manifest.getMainAttributes().getValue(ApiVersion.MANIFEST_ATTRIBUTE);
      }
      List<JarEntry> entries = new ArrayList<>();
      file.stream().filter(e -> !e.isDirectory()).forEach(entries::add);
      entries.sort(Comparator.comparing(JarEntry::getName));
      MessageDigest digest = sha256();
      for (JarEntry entry : entries) {
        String name = entry.getName();
        if (name.startsWith("META-INF/maven/") && name.endsWith("/pom.properties")) {
          if (version == null) {
            version = pomVersion(file, entry);
          }
          continue;
        }
        if (name.equals(JarFile.MANIFEST_NAME) || name.startsWith("META-INF/maven/")) {
          continue;
        }
        digest.update(name.getBytes(StandardCharsets.UTF_8));
        digest.update((byte) 0);
        try (InputStream in = file.getInputStream(entry)) {
          digest.update(in.readAllBytes());
        }
        digest.update((byte) 0);
      }
      return new PluginOrigin(
          jar.toString(),
          true,
          version == null || version.isBlank() ? UNKNOWN : version.trim(),
          HexFormat.of().formatHex(digest.digest()),
          apiVersion == null || apiVersion.isBlank() ? null : apiVersion.trim());
    } catch (IOException e) {
      return new PluginOrigin(jar.toString(), true, UNKNOWN, UNKNOWN, null);
    }
  }

  private static String pomVersion(JarFile file, JarEntry entry) throws IOException {
    try (InputStream in = file.getInputStream(entry)) {
      Properties properties = new Properties();
      properties.load(in);
      return properties.getProperty("version");
    }
  }

  private static PluginOrigin ofClassesDirectory(Path root, Class<?> type) {
    String packageName = type.getPackageName();
    Path directory =
        packageName.isEmpty() ? root : root.resolve(packageName.replace('.', '/')).normalize();
    MessageDigest digest = sha256();
    try (Stream<Path> files = Files.walk(directory)) {
      for (Path file :
          files
              .filter(Files::isRegularFile)
              .filter(f -> f.getFileName().toString().endsWith(".class"))
              .sorted(Comparator.comparing(f -> directory.relativize(f).toString()))
              .toList()) {
        digest.update(
            directory
                .relativize(file)
                .toString()
                .replace('\\', '/')
                .getBytes(StandardCharsets.UTF_8));
        digest.update((byte) 0);
        digest.update(Files.readAllBytes(file));
        digest.update((byte) 0);
      }
    } catch (IOException e) {
      return new PluginOrigin(root.toString(), false, UNKNOWN, digestOfClassFile(type), null);
    }
    return new PluginOrigin(
        root.toString(), false, UNKNOWN, HexFormat.of().formatHex(digest.digest()), null);
  }

  /** The digest of the class file alone, when nothing better can be found. */
  private static String digestOfClassFile(Class<?> type) {
    String resource = type.getName().substring(type.getPackageName().length());
    resource = (resource.startsWith(".") ? resource.substring(1) : resource) + ".class";
    try (InputStream in = type.getResourceAsStream(resource)) {
      return in == null ? UNKNOWN : HexFormat.of().formatHex(sha256().digest(in.readAllBytes()));
    } catch (IOException e) {
      return UNKNOWN;
    }
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is not available", e);
    }
  }
}

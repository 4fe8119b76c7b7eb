package dev.distillery.plugin;

import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.SimpleJavaFileObject;
import javax.tools.ToolProvider;

/** Builds a third-party plugin jar at test time: compiles sources and adds a services file. */
final class PluginJar {

  private PluginJar() {}

  /**
   * Compiles {@code sources} (class name → source) against the test class path and writes a jar
   * with a {@code META-INF/services/<service>} entry listing {@code providers}.
   */
  static Path build(
      Path directory,
      String jarName,
      Map<String, String> sources,
      String service,
      List<String> providers)
      throws IOException {
    return build(directory, jarName, sources, service, providers, Map.of(), Set.of());
  }

  /**
   * As {@link #build(Path, String, Map, String, List)}, with {@code manifest} attributes in the
   * jar's manifest (none: no manifest) and the classes named in {@code leaveOut} compiled but left
   * out of the jar (to break linking).
   */
  static Path build(
      Path directory,
      String jarName,
      Map<String, String> sources,
      String service,
      List<String> providers,
      Map<String, String> manifest,
      Set<String> leaveOut)
      throws IOException {
    Path classes = Files.createTempDirectory(directory, "classes");
    JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
    List<JavaFileObject> units = new ArrayList<>();
    sources.forEach(
        (name, code) ->
            units.add(
                new SimpleJavaFileObject(
                    URI.create("string:///" + name.replace('.', '/') + ".java"),
                    JavaFileObject.Kind.SOURCE) {
                  @Override
                  public CharSequence getCharContent(boolean ignoreEncodingErrors) {
                    return code;
                  }
                }));
    List<String> options =
        List.of(
            "-d",
            classes.toString(),
            "-classpath",
            System.getProperty("java.class.path"),
            "--release",
            "17");
    boolean compiled = compiler.getTask(null, null, null, options, null, units).call();
    if (!compiled) {
      throw new IllegalStateException("test plugin sources did not compile");
    }
    Path jar = directory.resolve(jarName);
    try (JarOutputStream out = open(jar, manifest);
        Stream<Path> files = Files.walk(classes)) {
      for (Path file : files.filter(Files::isRegularFile).sorted().toList()) {
        String name = classes.relativize(file).toString().replace('\\', '/');
        if (leaveOut.contains(name.replace(".class", "").replace('/', '.'))) {
          continue;
        }
        out.putNextEntry(new JarEntry(name));
        Files.copy(file, out);
        out.closeEntry();
      }
      out.putNextEntry(new JarEntry("META-INF/services/" + service));
      writeLines(out, providers);
      out.closeEntry();
    }
    return jar;
  }

  private static JarOutputStream open(Path jar, Map<String, String> attributes) throws IOException {
    if (attributes.isEmpty()) {
      return new JarOutputStream(Files.newOutputStream(jar));
    }
    Manifest manifest = new Manifest();
    manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
    attributes.forEach((name, value) -> manifest.getMainAttributes().putValue(name, value));
    return new JarOutputStream(Files.newOutputStream(jar), manifest);
  }

  private static void writeLines(OutputStream out, List<String> lines) throws IOException {
    out.write((String.join("\n", lines) + "\n").getBytes(StandardCharsets.UTF_8));
  }
}

package dev.distillery.plugin;

import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
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
      java.util.Map<String, String> sources,
      String service,
      List<String> providers)
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
    try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar));
        Stream<Path> files = Files.walk(classes)) {
      for (Path file : files.filter(Files::isRegularFile).toList()) {
        out.putNextEntry(new JarEntry(classes.relativize(file).toString().replace('\\', '/')));
        Files.copy(file, out);
        out.closeEntry();
      }
      out.putNextEntry(new JarEntry("META-INF/services/" + service));
      writeLines(out, providers);
      out.closeEntry();
    }
    return jar;
  }

  private static void writeLines(OutputStream out, List<String> lines) throws IOException {
    out.write((String.join("\n", lines) + "\n").getBytes(StandardCharsets.UTF_8));
  }
}

package dev.distillery.stages;

import dev.distillery.cli.DistilleryCli;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * The tiny TorchScript/ONNX teachers that {@code
 * plugins/models/src/test/python/make_file_teachers.py} writes into {@code target/file-teachers}
 * (1x8x8 images, 4 classes; the {@code wrong-*} ones made not to fit), and running pipelines
 * through the command line.
 */
final class FileTeacherRuns {

  static final Path DIRECTORY = Path.of("target", "file-teachers").toAbsolutePath();

  /** The synthetic dataset the teachers fit: 1x8x8 images of 4 classes. */
  static final String DATASET =
      """
      dataset:
        name: synthetic
        validation: 0.125
        with: {train-size: 64, test-size: 32, size: 8, classes: 4}
      """;

  private FileTeacherRuns() {}

  static String file(String name) {
    return DIRECTORY.resolve(name).toString();
  }

  /**
   * What {@code distillery run} printed and returned.
   *
   * @param code the exit code
   * @param err what it wrote to standard error
   * @param runs the runs directory
   */
  record Outcome(int code, String err, Path runs) {

    /** The directory of a stage in the (only) run. */
    Path stage(String id) throws IOException {
      try (Stream<Path> found = Files.walk(runs)) {
        return found
            .filter(p -> p.getFileName().toString().equals(id) && Files.isDirectory(p))
            .filter(p -> Files.exists(p.resolve("result.json")))
            .findFirst()
            .orElseThrow(() -> new AssertionError("no finished stage '" + id + "' in " + runs));
      }
    }
  }

  static Outcome run(Path directory, String name, String pipeline) throws IOException {
    Path file = TinyPipelines.write(directory, name, pipeline);
    Path runs = directory.resolve("runs");
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    PrintStream original = System.err;
    System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
    int code;
    try {
      code =
          DistilleryCli.execute(
              "run", file.toString(), "--runs-dir", runs.toString(), "--metrics-port", "-1", "-q");
    } finally {
      System.setErr(original);
    }
    return new Outcome(code, err.toString(StandardCharsets.UTF_8), runs);
  }
}

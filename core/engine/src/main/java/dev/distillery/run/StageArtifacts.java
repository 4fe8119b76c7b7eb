package dev.distillery.run;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.distillery.files.DurableFiles;
import dev.distillery.files.FileDigests;
import dev.distillery.options.OptionsMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * What a finished stage left in its directory: {@code artifacts.json}, written (durably) when the
 * stage ends, records the stage key and every file's size, modification time and SHA-256 (the
 * {@code checkpoints/} directory excepted). A later run trusts the stage only while its files still
 * match; {@code distillery verify} checks every digest; a damaged run.json is rebuilt from these
 * records.
 *
 * @param key the stage key the files were made under
 * @param files per path relative to the stage directory
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record StageArtifacts(String key, Map<String, FileFacts> files) {

  /** The file name in a stage directory. */
  public static final String FILE = "artifacts.json";

  /** A file's facts when the stage ended. */
  public record FileFacts(long size, long modified, String sha256) {}

  /** Records the files of a finished stage's directory. */
  public static StageArtifacts of(Path stageDirectory, String key) throws IOException {
    Map<String, FileFacts> files = new TreeMap<>();
    for (Path file : artifactFiles(stageDirectory)) {
      files.put(
          relative(stageDirectory, file),
          new FileFacts(
              Files.size(file),
              Files.getLastModifiedTime(file).toMillis(),
              FileDigests.sha256(file)));
    }
    return new StageArtifacts(key, files);
  }

  /** Writes {@code artifacts.json} into the stage directory, durably. */
  public void write(Path stageDirectory) throws IOException {
    DurableFiles.write(
        stageDirectory.resolve(FILE), OptionsMapper.mapper().writeValueAsBytes(this));
  }

  /** The record of a stage directory, if it has a readable one. */
  public static Optional<StageArtifacts> read(Path stageDirectory) {
    Path file = stageDirectory.resolve(FILE);
    if (!Files.isRegularFile(file)) {
      return Optional.empty();
    }
    try {
      return Optional.of(OptionsMapper.mapper().readValue(file.toFile(), StageArtifacts.class));
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  /**
   * What no longer matches: a file gone, added, or changed. {@code thorough} hashes every file;
   * otherwise a file is hashed only when its size or modification time differ from the record.
   */
  public List<String> problems(Path stageDirectory, boolean thorough) throws IOException {
    List<String> problems = new ArrayList<>();
    for (var entry : files.entrySet()) {
      Path file = stageDirectory.resolve(entry.getKey());
      FileFacts recorded = entry.getValue();
      if (!Files.isRegularFile(file)) {
        problems.add(entry.getKey() + " is missing");
        continue;
      }
      boolean same =
          Files.size(file) == recorded.size()
              && Files.getLastModifiedTime(file).toMillis() == recorded.modified();
      if ((thorough || !same) && !FileDigests.sha256(file).equals(recorded.sha256())) {
        problems.add(entry.getKey() + " changed (its SHA-256 differs from the one recorded)");
      }
    }
    return problems;
  }

  private static List<Path> artifactFiles(Path stageDirectory) throws IOException {
    if (!Files.isDirectory(stageDirectory)) {
      return List.of();
    }
    Path checkpoints = stageDirectory.resolve("checkpoints");
    try (Stream<Path> paths = Files.walk(stageDirectory)) {
      return paths
          .filter(Files::isRegularFile)
          .filter(p -> !p.startsWith(checkpoints))
          .filter(p -> !p.equals(stageDirectory.resolve(FILE)))
          .filter(p -> !p.getFileName().toString().endsWith(".tmp"))
          .sorted()
          .toList();
    }
  }

  private static String relative(Path root, Path file) {
    return root.relativize(file).toString().replace('\\', '/');
  }
}

package dev.distillery.datasets;

import dev.distillery.spi.UserException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * The four IDX files of an MNIST-style dataset, found in one directory.
 *
 * @param directory the directory that holds them
 * @param trainImages {@code train-images-idx3-ubyte[.gz]}
 * @param trainLabels {@code train-labels-idx1-ubyte[.gz]}
 * @param testImages {@code t10k-images-idx3-ubyte[.gz]}
 * @param testLabels {@code t10k-labels-idx1-ubyte[.gz]}
 */
public record IdxFileSet(
    Path directory, Path trainImages, Path trainLabels, Path testImages, Path testLabels) {

  /** File names without the optional {@code .gz}, in the order of the record components. */
  public static final List<String> FILE_NAMES =
      List.of(
          "train-images-idx3-ubyte",
          "train-labels-idx1-ubyte",
          "t10k-images-idx3-ubyte",
          "t10k-labels-idx1-ubyte");

  public IdxFileSet {
    Objects.requireNonNull(directory, "directory is null");
    Objects.requireNonNull(trainImages, "trainImages is null");
    Objects.requireNonNull(trainLabels, "trainLabels is null");
    Objects.requireNonNull(testImages, "testImages is null");
    Objects.requireNonNull(testLabels, "testLabels is null");
  }

  /** The four files in component order. */
  public List<Path> files() {
    return List.of(trainImages, trainLabels, testImages, testLabels);
  }

  /**
   * Finds the files of dataset {@code id}: for each directory of the search path, in order, first
   * {@code <dir>/<id>/} and then {@code <dir>/} itself; the first place that holds all four files
   * wins. Each file may be plain or gzip-compressed ({@code .gz}); the plain one is preferred when
   * both exist.
   *
   * @param howToFix the end of the error message, telling the user how to provide the files
   * @throws UserException when no place holds all four, listing every place searched
   */
  public static IdxFileSet find(String id, List<Path> searchPath, String howToFix) {
    Set<Path> places = new LinkedHashSet<>();
    for (Path dir : searchPath) {
      Path base = dir.toAbsolutePath().normalize();
      places.add(base.resolve(id));
      places.add(base);
    }
    List<String> searched = new ArrayList<>();
    for (Path place : places) {
      if (!Files.isDirectory(place)) {
        searched.add(place + " (no such directory)");
        continue;
      }
      List<Path> found = new ArrayList<>();
      List<String> missing = new ArrayList<>();
      for (String name : FILE_NAMES) {
        Path plain = place.resolve(name);
        Path gzip = place.resolve(name + ".gz");
        if (Files.isRegularFile(plain)) {
          found.add(plain);
        } else if (Files.isRegularFile(gzip)) {
          found.add(gzip);
        } else {
          missing.add(name + "[.gz]");
        }
      }
      if (missing.isEmpty()) {
        return new IdxFileSet(place, found.get(0), found.get(1), found.get(2), found.get(3));
      }
      searched.add(
          place
              + (missing.size() == FILE_NAMES.size()
                  ? " (none of the files)"
                  : " (missing " + String.join(", ", missing) + ")"));
    }
    StringBuilder message =
        new StringBuilder("dataset '")
            .append(id)
            .append("' not found: looked for ")
            .append(String.join(", ", FILE_NAMES.stream().map(n -> n + "[.gz]").toList()));
    if (searched.isEmpty()) {
      message.append(" but the search path is empty.");
    } else {
      message.append(" in:");
      for (String line : searched) {
        message.append("\n  - ").append(line);
      }
    }
    message.append("\n").append(howToFix);
    throw new UserException(message.toString());
  }
}

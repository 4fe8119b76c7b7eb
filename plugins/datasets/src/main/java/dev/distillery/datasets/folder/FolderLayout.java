package dev.distillery.datasets.folder;

import dev.distillery.spi.UserException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The files of an image folder: which sub-folders are splits, the classes (sub-folder names, in
 * sorted order as torchvision's {@code ImageFolder} indexes them) and each split's files with their
 * labels. Hidden entries (names starting with a dot) are ignored.
 *
 * @param root the folder
 * @param classNames class names in label order
 * @param train the training files (the whole folder when it has no {@code train/} and {@code
 *     test/})
 * @param validation the files of {@code validation/}; empty when there is none
 * @param test the files of {@code test/}; empty when the folder has no split sub-folders
 * @param notImages files whose extension is not that of an image, relative to the root
 */
record FolderLayout(
    Path root,
    List<String> classNames,
    List<LabelledFile> train,
    List<LabelledFile> validation,
    List<LabelledFile> test,
    List<Path> notImages) {

  /** Extensions decoded (case-insensitive). */
  static final Set<String> IMAGE_EXTENSIONS = Set.of("png", "jpg", "jpeg", "bmp", "gif");

  /** One image file and its class. */
  record LabelledFile(Path path, int label) {}

  /** Whether the folder has its own train and test sub-folders. */
  boolean hasSplitFolders() {
    return !test.isEmpty();
  }

  static FolderLayout scan(Path root) throws IOException {
    if (!Files.isDirectory(root)) {
      throw new UserException(
          "dataset image-folder: '"
              + root
              + "' is not a folder; set path to a folder with one sub-folder per class (or"
              + " train/ and test/ holding those)");
    }
    Path train = root.resolve("train");
    Path test = root.resolve("test");
    List<Path> notImages = new ArrayList<>();
    if (Files.isDirectory(train) && Files.isDirectory(test)) {
      List<String> classes = classFolders(train);
      checkSameClasses(train, classes, test);
      List<LabelledFile> trainFiles = files(train, classes, notImages);
      List<LabelledFile> testFiles = files(test, classes, notImages);
      List<LabelledFile> validationFiles = List.of();
      for (String name : List.of("validation", "val")) {
        Path validation = root.resolve(name);
        if (Files.isDirectory(validation)) {
          checkSameClasses(train, classes, validation);
          validationFiles = files(validation, classes, notImages);
          break;
        }
      }
      return new FolderLayout(root, classes, trainFiles, validationFiles, testFiles, notImages);
    }
    List<String> classes = classFolders(root);
    return new FolderLayout(
        root, classes, files(root, classes, notImages), List.of(), List.of(), notImages);
  }

  private static List<String> classFolders(Path folder) throws IOException {
    List<String> classes;
    try (Stream<Path> entries = Files.list(folder)) {
      classes =
          entries
              .filter(Files::isDirectory)
              .map(p -> p.getFileName().toString())
              .filter(name -> !name.startsWith("."))
              .sorted()
              .toList();
    }
    if (classes.isEmpty()) {
      throw new UserException(
          "dataset image-folder: '"
              + folder
              + "' has no class sub-folders; put each class's images in a sub-folder named after"
              + " the class (e.g. "
              + folder.resolve("cat")
              + "/001.png)");
    }
    if (classes.size() < 2) {
      throw new UserException(
          "dataset image-folder: '"
              + folder
              + "' has one class sub-folder ("
              + classes.get(0)
              + "); a classifier needs at least two classes");
    }
    return classes;
  }

  private static void checkSameClasses(Path train, List<String> classes, Path other)
      throws IOException {
    List<String> others = classFolders(other);
    if (!others.equals(classes)) {
      List<String> missing = new ArrayList<>(classes);
      missing.removeAll(others);
      List<String> extra = new ArrayList<>(others);
      extra.removeAll(classes);
      throw new UserException(
          "dataset image-folder: the class sub-folders of '"
              + other
              + "' differ from those of '"
              + train
              + "'"
              + (missing.isEmpty() ? "" : "; missing there: " + missing)
              + (extra.isEmpty() ? "" : "; not in " + train.getFileName() + ": " + extra)
              + ". Every split needs the same class folders (an empty class is not allowed)");
    }
  }

  private static List<LabelledFile> files(Path folder, List<String> classes, List<Path> notImages)
      throws IOException {
    List<LabelledFile> out = new ArrayList<>();
    for (int label = 0; label < classes.size(); label++) {
      Path classFolder = folder.resolve(classes.get(label));
      List<Path> images;
      try (Stream<Path> entries = Files.walk(classFolder)) {
        images =
            entries
                .filter(Files::isRegularFile)
                .filter(p -> !p.getFileName().toString().startsWith("."))
                .sorted()
                .toList();
      }
      int found = 0;
      for (Path file : images) {
        if (IMAGE_EXTENSIONS.contains(extension(file))) {
          out.add(new LabelledFile(file, label));
          found++;
        } else {
          notImages.add(file);
        }
      }
      if (found == 0) {
        throw new UserException(
            "dataset image-folder: class folder '"
                + classFolder
                + "' holds no images ("
                + String.join(", ", IMAGE_EXTENSIONS.stream().sorted().toList())
                + "); add its images or remove the folder");
      }
    }
    return out;
  }

  static String extension(Path file) {
    String name = file.getFileName().toString();
    int dot = name.lastIndexOf('.');
    return dot < 0 ? "" : name.substring(dot + 1).toLowerCase(Locale.ROOT);
  }
}

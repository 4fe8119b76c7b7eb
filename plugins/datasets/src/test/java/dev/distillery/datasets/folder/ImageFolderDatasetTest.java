package dev.distillery.datasets.folder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.distillery.spi.DatasetRequest;
import dev.distillery.spi.DatasetSource;
import dev.distillery.spi.ImageSplit;
import dev.distillery.spi.ModelInput;
import dev.distillery.spi.UserException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImageFolderDatasetTest {

  private static final String[] CLASSES = {"eel", "cat", "dog"}; // sorted: cat, dog, eel

  @TempDir Path temp;

  private DatasetSource open(String json) throws IOException {
    return open(json, 42);
  }

  private DatasetSource open(String json, long seed) throws IOException {
    ImageFolderOptions options =
        new com.fasterxml.jackson.databind.ObjectMapper()
            .setPropertyNamingStrategy(
                com.fasterxml.jackson.databind.PropertyNamingStrategies.KEBAB_CASE)
            .readValue(
                json.replace("CACHE", temp.resolve("cache").toString().replace("\\", "/"))
                    .replace("ROOT", temp.resolve("images").toString().replace("\\", "/")),
                ImageFolderOptions.class);
    return new ImageFolderDataset().open(options, new DatasetRequest(List.of(), seed));
  }

  private long cacheEntries() throws IOException {
    try (Stream<Path> entries = Files.list(temp.resolve("cache"))) {
      return entries.filter(Files::isDirectory).count();
    }
  }

  @Test
  void readsTrainAndTestFoldersWithClassNamesFromTheFolders() throws IOException {
    ImageFolders.greyClasses(temp.resolve("images/train"), CLASSES, 4);
    ImageFolders.greyClasses(temp.resolve("images/test"), CLASSES, 2);

    DatasetSource source = open("{\"path\": \"ROOT\", \"cache\": \"CACHE\"}");

    assertThat(source.classNames()).containsExactly("cat", "dog", "eel");
    assertThat(source.input()).isEqualTo(new ModelInput(1, 8, 8, 3));
    assertThat(source.train().count()).isEqualTo(12);
    assertThat(source.test().count()).isEqualTo(6);
    assertThat(source.validation()).isNull();
    // values 10c+i of class folder c (eel=0, cat=1, dog=2), labels by sorted name
    double[] values = new double[12];
    int k = 0;
    for (int c = 0; c < 3; c++) {
      for (int i = 0; i < 4; i++) {
        values[k++] = (10 * c + i) / 255.0;
      }
    }
    double mean = Arrays.stream(values).average().orElseThrow();
    double std =
        Math.sqrt(Arrays.stream(values).map(v -> (v - mean) * (v - mean)).average().orElseThrow());
    ImageSplit train = source.train();
    float[] pixels = train.toArray();
    // images come in a fixed shuffled order: find each by its value (10c+i of class folder c:
    // eel=0, cat=1, dog=2; labels by sorted name: cat=0, dog=1, eel=2)
    java.util.Map<Integer, Integer> labelOfValue = new java.util.HashMap<>();
    for (int k2 = 0; k2 < train.count(); k2++) {
      int value = (int) Math.round((pixels[k2 * 64] * std + mean) * 255);
      labelOfValue.put(value, train.labels()[k2]);
      assertThat(pixels[k2 * 64 + 63]).isCloseTo(pixels[k2 * 64], within(1e-6f));
    }
    java.util.Map<Integer, Integer> expected = new java.util.HashMap<>();
    int[] labelOfFolder = {2, 0, 1};
    for (int c = 0; c < 3; c++) {
      for (int i = 0; i < 4; i++) {
        expected.put(10 * c + i, labelOfFolder[c]);
      }
    }
    assertThat(labelOfValue).isEqualTo(expected);
    assertThat(train.labels()).isNotEqualTo(new int[] {0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2});
    // no pixel in the heap: the split holds only its order of the stored images
    assertThat(train.pixels().heapBytes()).isEqualTo(train.count() * (long) Integer.BYTES);
  }

  @Test
  void decodesOnceAndAgainOnlyWhenAFileChanges() throws IOException {
    ImageFolders.greyClasses(temp.resolve("images/train"), CLASSES, 3);
    ImageFolders.greyClasses(temp.resolve("images/test"), CLASSES, 1);
    DatasetSource first = open("{\"path\": \"ROOT\", \"cache\": \"CACHE\"}");
    assertThat(cacheEntries()).isEqualTo(2);
    Path trainEntry;
    try (Stream<Path> entries = Files.list(temp.resolve("cache"))) {
      trainEntry =
          entries.filter(p -> !p.getFileName().toString().contains(".")).findFirst().orElseThrow();
    }
    FileTime written = Files.getLastModifiedTime(trainEntry.resolve("images.u8"));

    DatasetSource again = open("{\"path\": \"ROOT\", \"cache\": \"CACHE\"}");

    assertThat(cacheEntries()).isEqualTo(2);
    assertThat(Files.getLastModifiedTime(trainEntry.resolve("images.u8"))).isEqualTo(written);
    assertThat(again.fingerprint()).isEqualTo(first.fingerprint());
    assertThat(again.train().toArray()).isEqualTo(first.train().toArray());

    ImageFolders.grey(temp.resolve("images/train/cat/000.png"), 8, 8, 200);
    DatasetSource changed = open("{\"path\": \"ROOT\", \"cache\": \"CACHE\"}");

    assertThat(cacheEntries()).isEqualTo(3);
    assertThat(changed.fingerprint()).isNotEqualTo(first.fingerprint());
  }

  @Test
  void colourAndOtherSizesAreBroughtToTheCommonShape() throws IOException {
    ImageFolders.greyClasses(temp.resolve("images/train"), CLASSES, 3);
    ImageFolders.greyClasses(temp.resolve("images/test"), CLASSES, 1);
    ImageFolders.rgb(temp.resolve("images/train/cat/colour.png"), 16, 12, 250, 10, 10);

    DatasetSource source = open("{\"path\": \"ROOT\", \"cache\": \"CACHE\"}");

    assertThat(source.input()).isEqualTo(new ModelInput(3, 8, 8, 3));
    assertThat(source.train().count()).isEqualTo(10);
    DatasetSource grey =
        open("{\"path\": \"ROOT\", \"cache\": \"CACHE\", \"channels\": 1, \"size\": 6}");
    assertThat(grey.input()).isEqualTo(new ModelInput(1, 6, 6, 3));
  }

  @Test
  void aFolderOfClassesIsSplitPerClassBySeed() throws IOException {
    ImageFolders.greyClasses(temp.resolve("images"), CLASSES, 10);

    DatasetSource source = open("{\"path\": \"ROOT\", \"cache\": \"CACHE\"}", 1);
    DatasetSource same = open("{\"path\": \"ROOT\", \"cache\": \"CACHE\"}", 1);
    DatasetSource other = open("{\"path\": \"ROOT\", \"cache\": \"CACHE\"}", 2);

    assertThat(source.train().count()).isEqualTo(24);
    assertThat(source.test().count()).isEqualTo(6);
    for (int c = 0; c < 3; c++) {
      int cls = c;
      assertThat(Arrays.stream(source.test().labels()).filter(l -> l == cls).count()).isEqualTo(2);
    }
    assertThat(same.test().toArray()).isEqualTo(source.test().toArray());
    assertThat(other.test().toArray()).isNotEqualTo(source.test().toArray());
    assertThat(other.fingerprint()).isNotEqualTo(source.fingerprint());
  }

  @Test
  void aValidationFolderIsTheValidationSplit() throws IOException {
    ImageFolders.greyClasses(temp.resolve("images/train"), CLASSES, 3);
    ImageFolders.greyClasses(temp.resolve("images/validation"), CLASSES, 2);
    ImageFolders.greyClasses(temp.resolve("images/test"), CLASSES, 1);

    DatasetSource source = open("{\"path\": \"ROOT\", \"cache\": \"CACHE\"}");

    assertThat(source.validation()).isNotNull();
    assertThat(source.validation().count()).isEqualTo(6);
  }

  @Test
  void badFoldersAreNamed() throws IOException {
    Files.createDirectories(temp.resolve("images"));
    assertThatThrownBy(() -> open("{\"path\": \"ROOT\", \"cache\": \"CACHE\"}"))
        .isInstanceOf(UserException.class)
        .hasMessageContaining(temp.resolve("images").toString())
        .hasMessageContaining("no class sub-folders");

    assertThatThrownBy(() -> open("{\"path\": \"nowhere/at-all\", \"cache\": \"CACHE\"}"))
        .isInstanceOf(UserException.class)
        .hasMessageContaining("'nowhere/at-all' not found");

    ImageFolders.greyClasses(temp.resolve("images"), CLASSES, 3);
    Files.createDirectories(temp.resolve("images/empty-class"));
    assertThatThrownBy(() -> open("{\"path\": \"ROOT\", \"cache\": \"CACHE\"}"))
        .isInstanceOf(UserException.class)
        .hasMessageContaining(temp.resolve("images/empty-class").toString())
        .hasMessageContaining("holds no images");
  }

  @Test
  void differentClassFoldersInTrainAndTestAreNamed() throws IOException {
    ImageFolders.greyClasses(temp.resolve("images/train"), CLASSES, 2);
    ImageFolders.greyClasses(temp.resolve("images/test"), new String[] {"cat", "dog", "fox"}, 1);

    assertThatThrownBy(() -> open("{\"path\": \"ROOT\", \"cache\": \"CACHE\"}"))
        .isInstanceOf(UserException.class)
        .hasMessageContaining("missing there: [eel]")
        .hasMessageContaining("[fox]");
  }

  @Test
  void unreadableFilesAreNamedOrSkipped() throws IOException {
    ImageFolders.greyClasses(temp.resolve("images"), CLASSES, 5);
    Path notes = temp.resolve("images/cat/notes.txt");
    Files.writeString(notes, "not an image");
    Path broken = temp.resolve("images/dog/broken.png");
    Files.write(broken, new byte[] {1, 2, 3, 4});

    assertThatThrownBy(() -> open("{\"path\": \"ROOT\", \"cache\": \"CACHE\"}"))
        .isInstanceOf(UserException.class)
        .hasMessageContaining(notes.toString())
        .hasMessageContaining("on-unreadable: skip");
    Files.delete(notes);
    assertThatThrownBy(() -> open("{\"path\": \"ROOT\", \"cache\": \"CACHE\"}"))
        .isInstanceOf(UserException.class)
        .hasMessageContaining(broken.toString())
        .hasMessageContaining("not a readable image");
    Files.writeString(notes, "not an image");

    DatasetSource source =
        open("{\"path\": \"ROOT\", \"cache\": \"CACHE\", \"on-unreadable\": \"skip\"}");

    assertThat(source.train().count() + source.test().count()).isEqualTo(15);
  }

  @Test
  void badOptionsAreNamed() {
    assertThatThrownBy(
            () -> new ImageFolderOptions(null, null, null, null, null, null, null, null, null))
        .isInstanceOf(UserException.class)
        .hasMessageContaining("path");
    assertThatThrownBy(
            () -> new ImageFolderOptions("x", null, 2, null, null, null, null, null, null))
        .hasMessageContaining("channels is 2");
    assertThatThrownBy(
            () ->
                new ImageFolderOptions("x", null, null, null, List.of(0.5), null, null, null, null))
        .hasMessageContaining("mean and std go together");
    assertThatThrownBy(
            () -> new ImageFolderOptions("x", null, null, null, null, null, null, "ignore", null))
        .hasMessageContaining("'ignore'");
  }
}

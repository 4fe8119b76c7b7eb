package dev.distillery.datasets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.distillery.datasets.folder.ImageFolderDataset;
import dev.distillery.datasets.folder.ImageFolderOptions;
import dev.distillery.spi.DatasetRequest;
import dev.distillery.spi.DatasetSource;
import dev.distillery.spi.ImagePreprocessing;
import dev.distillery.spi.UserException;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The preprocessing a dataset records turns an image file into exactly the model input the dataset
 * gave the model in training: for Fashion-MNIST (28x28 normalised, then padded to 32x32) and for an
 * image folder (resized, centre-cropped, normalised with the training images' statistics).
 */
class PreprocessingMatchesTheDatasetTest {

  @TempDir Path dir;

  @Test
  void anIdxImageAsPngIsPreparedAsTheDatasetPreparedIt() throws Exception {
    IdxTestFiles.writeDataset(dir, 3, 2, 1);
    DatasetSource source =
        new FashionMnistDataset()
            .open(IdxDatasetOptions.defaults(), new DatasetRequest(List.of(dir), 1));
    // test image 1: pixel (0, 0) is 255, the others 0
    BufferedImage image = new BufferedImage(28, 28, BufferedImage.TYPE_BYTE_GRAY);
    image.getRaster().setSample(0, 0, 0, 255);

    float[] prepared = source.preprocessing().prepare(png(image), "image.png");

    assertThat(prepared)
        .containsExactly(
            source.test().copyImages(1, 2), org.assertj.core.data.Offset.offset(1e-5f));
  }

  @Test
  void anImageFolderFileIsPreparedAsTheDatasetPreparedIt() throws Exception {
    SplittableRandom random = new SplittableRandom(9);
    for (String cls : List.of("a", "b")) {
      for (int i = 0; i < 5; i++) {
        int side = i == 4 ? 20 : 10;
        BufferedImage image = new BufferedImage(side, side + 3, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < side + 3; y++) {
          for (int x = 0; x < side; x++) {
            image.setRGB(x, y, random.nextInt(1 << 24));
          }
        }
        Path file = dir.resolve("images").resolve(cls).resolve(i + ".png");
        Files.createDirectories(file.getParent());
        Files.write(file, png(image));
      }
    }
    DatasetSource source =
        new ImageFolderDataset()
            .open(
                new ImageFolderOptions(
                    dir.resolve("images").toString(),
                    8,
                    null,
                    null,
                    null,
                    null,
                    0.2,
                    null,
                    dir.resolve("cache").toString()),
                new DatasetRequest(List.of(), 3));
    ImagePreprocessing preprocessing = source.preprocessing();
    assertThat(preprocessing.channels()).isEqualTo(3);
    assertThat(preprocessing.height()).isEqualTo(8);

    // the training split holds a's files 0..4 less the held-out one, then b's: find each by value
    int matched = 0;
    for (String cls : List.of("a", "b")) {
      for (int i = 0; i < 5; i++) {
        float[] prepared =
            preprocessing.prepare(
                Files.readAllBytes(dir.resolve("images").resolve(cls).resolve(i + ".png")), "x");
        for (var split : List.of(source.train(), source.test())) {
          for (int k = 0; k < split.count(); k++) {
            float[] stored = split.copyImages(k, k + 1);
            if (java.util.Arrays.equals(stored, prepared)) {
              matched++;
            }
          }
        }
      }
    }
    assertThat(matched).isEqualTo(10);
  }

  @Test
  void aFileThatIsNotAnImageIsNamed() throws Exception {
    IdxTestFiles.writeDataset(dir, 3, 2, 1);
    DatasetSource source =
        new FashionMnistDataset()
            .open(IdxDatasetOptions.defaults(), new DatasetRequest(List.of(dir), 1));
    assertThatThrownBy(() -> source.preprocessing().prepare(new byte[] {1, 2, 3}, "notes.txt"))
        .isInstanceOf(UserException.class)
        .hasMessageContaining("'notes.txt' is not an image");
  }

  private static byte[] png(BufferedImage image) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    assertThat(ImageIO.write(image, "png", out)).isTrue();
    return out.toByteArray();
  }
}

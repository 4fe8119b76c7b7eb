package dev.distillery.stages;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import dev.distillery.options.OptionsMapper;
import dev.distillery.prediction.DistilledModel;
import dev.distillery.prediction.Prediction;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A pipeline on a folder of one's own images: three colour classes as PNG and JPEG, some of another
 * size, a teacher and a KD student built for the folder's shape and classes, and a report that
 * names the classes by their folder names.
 */
class ImageFolderPipelineTest {

  private static final List<String> CLASSES = List.of("apples", "bananas", "cherries");

  @Test
  void aPipelineTrainsAndDistilsOnAnImageFolder(@TempDir Path directory) throws Exception {
    Path images = directory.resolve("my-images");
    writeFolder(images);
    String pipeline =
        """
        pipeline: tiny-folder
        seed: 5
        device: cpu
        dataset:
          name: image-folder
          validation: 0.125
          with: {path: IMAGES, cache: CACHE}
        defaults:
          train: {epochs: 2, batch-size: 16, optimizer: {type: sgd, lr: 0.05, momentum: 0.9}}
          distill: {epochs: 2, batch-size: 16, optimizer: {type: sgd, lr: 0.01, momentum: 0.9}}
        stages:
          teacher:
            uses: train
            with: {model: resnet8}
          student:
            uses: distill
            needs: [teacher]
            with:
              teacher: teacher
              student: resnet8-half
              losses:
                - uses: kd
                  with: {temperature: 4}
          evaluate:
            uses: evaluate
            needs: [teacher, student]
            with: {latency-runs: 2}
        """
            .replace("IMAGES", images.toString())
            .replace("CACHE", directory.resolve("cache").toString());
    Path run =
        TinyPipelines.runToEnd(directory, TinyPipelines.write(directory, "folder.yaml", pipeline));

    JsonNode report = OptionsMapper.mapper().readTree(run.resolve("report.json").toFile());
    List<String> names = new ArrayList<>();
    report.path("class-names").forEach(n -> names.add(n.asText()));
    assertThat(names).containsExactlyElementsOf(CLASSES);
    assertThat(report.path("test-images").asInt()).isEqualTo(3 * 6);
    JsonNode teacher = report.path("models").get(0);
    assertThat(teacher.path("accuracy").asDouble()).isGreaterThan(0.5);
    String markdown = Files.readString(run.resolve("report.md"));
    assertThat(markdown).contains("| cherries |").contains("bananas");

    // served from Java on the image files themselves, prepared as the dataset prepared them
    List<Path> files = new ArrayList<>();
    List<Integer> labels = new ArrayList<>();
    for (int c = 0; c < CLASSES.size(); c++) {
      try (var listing = Files.list(images.resolve("test").resolve(CLASSES.get(c)))) {
        for (Path file : listing.sorted().toList()) {
          files.add(file);
          labels.add(c);
        }
      }
    }
    JsonNode student = null;
    for (JsonNode model : report.path("models")) {
      if (model.path("stage").asText().equals("student")) {
        student = model;
      }
    }
    assertThat(student).isNotNull();
    try (DistilledModel model = DistilledModel.load(run, "student")) {
      assertThat(model.classNames()).containsExactlyElementsOf(CLASSES);
      Prediction prediction = model.predict(files.toArray(Path[]::new));
      int correct = 0;
      for (int i = 0; i < files.size(); i++) {
        correct += prediction.classes()[i] == labels.get(i) ? 1 : 0;
      }
      assertThat((double) correct / files.size())
          .as("accuracy of predictions on the test files")
          // same inputs, other batch shapes than evaluate's: a near-tie may flip one image
          .isCloseTo(student.path("accuracy").asDouble(), within(1.0 / files.size() + 1e-9));
    }
  }

  /** 24 training and 6 test images per class, 12x12 colour, a few 16x16 and a few JPEGs. */
  private static void writeFolder(Path root) throws IOException {
    SplittableRandom random = new SplittableRandom(3);
    int[][] colours = {{200, 40, 40}, {230, 220, 60}, {120, 20, 60}};
    for (String split : List.of("train", "test")) {
      int count = split.equals("train") ? 24 : 6;
      for (int c = 0; c < CLASSES.size(); c++) {
        for (int i = 0; i < count; i++) {
          int side = i % 8 == 7 ? 16 : 12;
          BufferedImage image = new BufferedImage(side, side, BufferedImage.TYPE_INT_RGB);
          for (int y = 0; y < side; y++) {
            for (int x = 0; x < side; x++) {
              int stripe = c == 2 && (x / 3) % 2 == 0 ? 60 : 0;
              int r = clamp(colours[c][0] + random.nextInt(-50, 50) - stripe);
              int g = clamp(colours[c][1] + random.nextInt(-50, 50));
              int b = clamp(colours[c][2] + random.nextInt(-50, 50) + stripe);
              image.setRGB(x, y, (r << 16) | (g << 8) | b);
            }
          }
          boolean jpeg = i % 5 == 4;
          Path file =
              root.resolve(split).resolve(CLASSES.get(c)).resolve(i + (jpeg ? ".jpg" : ".png"));
          Files.createDirectories(file.getParent());
          assertThat(ImageIO.write(image, jpeg ? "jpg" : "png", file.toFile())).isTrue();
        }
      }
    }
  }

  private static int clamp(int value) {
    return Math.max(0, Math.min(255, value));
  }
}

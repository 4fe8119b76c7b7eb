package dev.distillery.report;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.distillery.spi.UserException;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * What an evaluate-generators stage measured, read from a run's {@code generators.json}: per
 * generator its size and the quality of its images (Fréchet distance on a classifier's features,
 * the classes it covers, the classifier's confidence).
 *
 * @param classifier the stage whose classifier measured the images
 * @param feature the classifier's feature point and its size
 * @param samples images generated per generator
 * @param testHalfDistance the distance between two halves of the test split: the floor
 * @param generators one entry per measured generator
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record GeneratorResults(
    String classifier,
    String feature,
    int samples,
    double testHalfDistance,
    List<Generator> generators) {

  public GeneratorResults {
    generators = generators == null ? List.of() : List.copyOf(generators);
  }

  /**
   * One measured generator.
   *
   * @param stage the stage that trained it
   * @param training how it was trained
   * @param architecture its generator plugin and options
   * @param parameters its trainable parameters
   * @param multiplyAccumulates multiply-accumulates per image
   * @param frechetDistance Fréchet distance to the test images (lower is better)
   * @param classCoverage classes with at least a tenth of their share of the images
   * @param confidence the classifier's mean top-1 probability on its images
   * @param collapses collapses its training detected
   */
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record Generator(
      String stage,
      String training,
      String architecture,
      long parameters,
      long multiplyAccumulates,
      double frechetDistance,
      int classCoverage,
      double confidence,
      int collapses) {}

  static GeneratorResults read(Path file, ObjectMapper reader) {
    try {
      return reader.readValue(file.toFile(), GeneratorResults.class);
    } catch (IOException e) {
      throw new UserException(
          "cannot read the generator evaluation '"
              + file
              + "': "
              + EvaluationResults.reason(e)
              + "; the evaluate-generators stage writes it again when the run is resumed",
          e);
    }
  }
}

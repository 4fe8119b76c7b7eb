package dev.distillery.prediction;

import java.util.List;

/**
 * What a {@link DistilledModel} predicts for a batch of images.
 *
 * @param logits one row of logits per image
 * @param probabilities the softmax of each row of logits
 * @param classes the top-1 class index of each image
 * @param classNames the model's class names, indexed by class
 */
public record Prediction(
    float[][] logits, float[][] probabilities, int[] classes, List<String> classNames) {

  /** The name of the top-1 class of image {@code image}. */
  public String className(int image) {
    return classNames.get(classes[image]);
  }

  /** The probability of the top-1 class of image {@code image}. */
  public float confidence(int image) {
    return probabilities[image][classes[image]];
  }

  /** The prediction of {@code logits} ({@code count × classes}, row-major). */
  static Prediction of(float[] logits, int count, List<String> classNames) {
    int classCount = classNames.size();
    float[][] rows = new float[count][];
    float[][] probabilities = new float[count][classCount];
    int[] classes = new int[count];
    for (int image = 0; image < count; image++) {
      float[] row =
          java.util.Arrays.copyOfRange(logits, image * classCount, (image + 1) * classCount);
      rows[image] = row;
      int best = 0;
      for (int c = 1; c < classCount; c++) {
        if (row[c] > row[best]) {
          best = c;
        }
      }
      classes[image] = best;
      double sum = 0;
      double[] exponentials = new double[classCount];
      for (int c = 0; c < classCount; c++) {
        exponentials[c] = Math.exp((double) row[c] - row[best]);
        sum += exponentials[c];
      }
      for (int c = 0; c < classCount; c++) {
        probabilities[image][c] = (float) (exponentials[c] / sum);
      }
    }
    return new Prediction(rows, probabilities, classes, classNames);
  }
}

package dev.distillery.methods.dafl;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import dev.distillery.methods.DataFreeLosses;
import dev.distillery.methods.kd.KdLoss;
import dev.distillery.spi.DataFreeRecipe;
import dev.distillery.spi.DataFreeStep;
import dev.distillery.spi.Network;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * DAFL (Chen et al., "Data-Free Learning of Student Networks", ICCV 2019), one iteration as
 * DAFL-train.py: a batch from the generator goes through the teacher; the generator's loss is
 *
 * <pre>
 *   L_G = oh · CE(t, argmax t) + ie · Σ p̄ log10 p̄ + a · (−mean |f_T|)
 * </pre>
 *
 * (t the teacher's logits, p̄ the batch-mean of softmax(t), f_T the teacher's feature before its
 * classifier), and the student's is KD on the detached images, {@code KL(softmax(t) ‖ softmax(s))}
 * summed over classes and averaged over the batch; one backward pass of {@code L_G + L_KD}, then
 * both optimizers step, as the reference does.
 */
public final class DaflRecipe implements DataFreeRecipe {

  private final DaflOptions options;
  private final String feature;

  DaflRecipe(DaflOptions options, String feature) {
    this.options = options;
    this.feature = feature;
  }

  @Override
  public Map<String, NDArray> iterate(DataFreeStep step) {
    NDArray images = step.generate(step.latent());
    Network teacher = step.teacherNetwork();
    NDList teacherOutputs = step.teacher(images);
    NDArray teacherLogits = teacher.logits(teacherOutputs);
    NDArray oneHot = DataFreeLosses.oneHot(teacherLogits);
    NDArray entropy = DataFreeLosses.informationEntropy(teacherLogits);
    NDArray activation = DataFreeLosses.activation(teacher.feature(teacherOutputs, feature));
    NDArray studentLogits = step.studentNetwork().logits(step.student(images.stopGradient()));
    NDArray kd = studentDistance(studentLogits, teacherLogits.stopGradient());
    NDArray generatorLoss =
        weighted(oneHot, options.oneHot())
            .add(weighted(entropy, options.informationEntropy()))
            .add(weighted(activation, options.activation()));
    step.minimise(
        generatorLoss.add(kd), DataFreeStep.Player.STUDENT, DataFreeStep.Player.GENERATOR);
    Map<String, NDArray> losses = new LinkedHashMap<>();
    losses.put("student.kd", kd);
    losses.put("generator.one-hot", oneHot);
    losses.put("generator.information-entropy", entropy);
    losses.put("generator.activation", activation);
    return losses;
  }

  @Override
  public NDArray studentDistance(NDArray studentLogits, NDArray teacherLogits) {
    return KdLoss.divergence(studentLogits, teacherLogits, options.temperature());
  }

  private static NDArray weighted(NDArray term, double weight) {
    return dev.distillery.spi.Scalars.times(term, weight);
  }
}

package dev.distillery.methods.dfad;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import dev.distillery.methods.DataFreeLosses;
import dev.distillery.methods.kd.KdLoss;
import dev.distillery.spi.DataFreeRecipe;
import dev.distillery.spi.DataFreeStep;
import dev.distillery.spi.Network;
import dev.distillery.spi.Scalars;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * DFAD (Fang et al., "Data-Free Adversarial Distillation", 2019), one iteration as DFAD_mnist.py's
 * {@code train}: {@code student-steps} times, a fresh detached batch from the generator and a
 * student step on {@code D(s, t)}; then a fresh batch with gradients and a generator step on {@code
 * −D(s, t)} — the generator looks for images where student and teacher disagree. {@code D} is the
 * reference's {@code F.l1_loss} of the logits, or KD's divergence ({@code distance: kl}). With
 * {@code information-entropy > 0} the generator's loss also has DAFL's class-balance term, {@code
 * ie · Σ p̄ log10 p̄}.
 */
public final class DfadRecipe implements DataFreeRecipe {

  private final DfadOptions options;

  DfadRecipe(DfadOptions options) {
    this.options = options;
  }

  @Override
  public Map<String, NDArray> iterate(DataFreeStep step) {
    Network teacher = step.teacherNetwork();
    Network student = step.studentNetwork();
    NDArray studentLossSum = null;
    for (int k = 0; k < options.studentSteps(); k++) {
      NDArray images = step.generateDetached(step.latent());
      NDArray teacherLogits = teacher.logits(step.teacher(images)).stopGradient();
      NDArray studentLogits = student.logits(step.student(images));
      NDArray loss = studentDistance(studentLogits, teacherLogits);
      step.minimise(loss, DataFreeStep.Player.STUDENT);
      studentLossSum =
          studentLossSum == null ? loss.stopGradient() : studentLossSum.add(loss.stopGradient());
    }
    NDArray images = step.generate(step.latent());
    NDList teacherOutputs = step.teacher(images);
    NDArray teacherLogits = teacher.logits(teacherOutputs);
    NDArray studentLogits = student.logits(step.student(images));
    NDArray adversarial = studentDistance(studentLogits, teacherLogits).neg();
    NDArray generatorLoss = adversarial;
    NDArray entropy = null;
    if (options.informationEntropy() > 0) {
      entropy = DataFreeLosses.informationEntropy(teacherLogits);
      generatorLoss = generatorLoss.add(Scalars.times(entropy, options.informationEntropy()));
    }
    step.minimise(generatorLoss, DataFreeStep.Player.GENERATOR);
    Map<String, NDArray> losses = new LinkedHashMap<>();
    losses.put(
        "student." + distanceName(), Scalars.divided(studentLossSum, options.studentSteps()));
    losses.put("generator.adversarial", adversarial);
    if (entropy != null) {
      losses.put("generator.information-entropy", entropy);
    }
    return losses;
  }

  @Override
  public NDArray studentDistance(NDArray studentLogits, NDArray teacherLogits) {
    return options.distance().equals("l1")
        ? DataFreeLosses.meanAbsoluteDifference(studentLogits, teacherLogits)
        : KdLoss.divergence(studentLogits, teacherLogits, options.temperature());
  }

  private String distanceName() {
    return options.distance();
  }
}

package dev.distillery.training;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import dev.distillery.spi.DistillationBatch;
import dev.distillery.spi.DistillationLoss;
import dev.distillery.spi.Network;
import dev.distillery.spi.Scalars;
import dev.distillery.spi.TrainingStep;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What the {@code distill} stage minimises: {@code γ·CE(student, labels) + Σ wᵢ·Lᵢ(student,
 * teacher)}. The teacher runs in inference mode (BatchNorm uses and keeps its running statistics)
 * with frozen parameters, and its outputs are detached, so gradients reach only the student and the
 * methods' connectors.
 *
 * <p>With a {@link TeacherOutputSource} (such as the feature store) ({@link #useTeacherCache}), the
 * teacher's outputs of training batches come from a feature store by the batch's sample indices
 * instead of a forward pass; the methods see the same {@link DistillationBatch}.
 *
 * <p>Every loss value is held to {@link DistillationLoss}'s contract ({@link LossContract}): a
 * float32 scalar on every batch (type and shape only, no device synchronisation) and finite on the
 * first batch (the one batch whose values are read here).
 */
public final class DistillationObjective implements TrainingObjective {

  /**
   * A distillation loss with its weight.
   *
   * @param source how errors name the loss, e.g. {@code losses[1] (uses: my-loss)}
   */
  public record WeightedLoss(DistillationLoss loss, double weight, String source) {

    /** A loss named by its component name in errors. */
    public WeightedLoss(DistillationLoss loss, double weight) {
      this(loss, weight, "loss '" + loss.name() + "'");
    }
  }

  private final String stageId;
  private final Network student;
  private final Network teacher;
  private final double ceWeight;
  private final List<WeightedLoss> losses;
  private final ParameterStore parameters;
  private TeacherOutputSource teacherCache;
  private boolean firstBatchChecked;

  /** An objective whose errors name the loss but no stage. */
  public DistillationObjective(
      Network student,
      Network teacher,
      double ceWeight,
      List<WeightedLoss> losses,
      NDManager manager) {
    this(null, student, teacher, ceWeight, losses, manager);
  }

  /**
   * An objective of stage {@code stageId}, which errors about a loss name (e.g. {@code stage
   * 'student-kd': losses[1] (uses: my-loss) returned ...}).
   */
  public DistillationObjective(
      String stageId,
      Network student,
      Network teacher,
      double ceWeight,
      List<WeightedLoss> losses,
      NDManager manager) {
    this.stageId = stageId;
    this.student = student;
    this.teacher = teacher;
    this.ceWeight = ceWeight;
    this.losses = List.copyOf(losses);
    this.parameters = new LiveParameterStore(manager);
  }

  /**
   * Reads the teacher's outputs of training batches from a feature store made from the un-augmented
   * training split; call only when batches are not augmented.
   */
  public DistillationObjective useTeacherCache(TeacherOutputSource cache) {
    this.teacherCache = cache;
    return this;
  }

  /** The cache in use, if any. */
  public Optional<TeacherOutputSource> teacherCache() {
    return Optional.ofNullable(teacherCache);
  }

  @Override
  public List<Block> trainableBlocks() {
    List<Block> blocks = new ArrayList<>();
    blocks.add(student.block());
    for (WeightedLoss term : losses) {
      blocks.addAll(term.loss().trainableBlocks());
    }
    return blocks;
  }

  @Override
  public Losses losses(NDArray images, NDArray labels, boolean training, TrainingStep step) {
    NDList teacherOutputs =
        teacherCache == null
            ? teacherForward(images)
            : teacherCache.outputs(images, step.sampleIndices(), this::teacherForward);
    NDList studentOutputs = student.block().forward(parameters, new NDList(images), training);
    NDArray logits = student.logits(studentOutputs);
    NDArray ce = CrossEntropyLoss.compute(logits, labels);
    Map<String, NDArray> components = new LinkedHashMap<>();
    components.put("ce", ce);
    // Weights are arrays of the step's manager, not Java numbers: x.mul(0.9f) makes 0.9 a tensor
    // over a direct buffer that DJL frees right away while autograd keeps it for the backward pass,
    // which then reads freed memory once a garbage collection has run.
    NDArray total = Scalars.times(ce, ceWeight);
    DistillationBatch batch =
        new DistillationBatch(
            student, studentOutputs, teacher, teacherOutputs, labels, training, step);
    boolean first = !firstBatchChecked;
    for (WeightedLoss term : losses) {
      String source = source(term);
      NDArray returned = term.loss().compute(batch);
      NDArray value = LossContract.scalar(returned, source);
      if (first) {
        // values are read on the first batch only: reading them every step would synchronise
        LossContract.finite(value, source, "the first batch");
      }
      components.merge(term.loss().name(), value, NDArray::add);
      total = total.add(Scalars.times(value, term.weight()));
    }
    firstBatchChecked = true;
    return new Losses(total, components, logits);
  }

  /** How errors name a loss: its source, after the stage when the stage is known. */
  private String source(WeightedLoss term) {
    return stageId == null ? term.source() : "stage '" + stageId + "': " + term.source();
  }

  /** The teacher's outputs in inference mode, detached. */
  private NDList teacherForward(NDArray images) {
    NDList outputs = new NDList();
    for (NDArray output : teacher.block().forward(parameters, new NDList(images), false)) {
      outputs.add(output.stopGradient());
    }
    return outputs;
  }

  @Override
  public NDArray predict(NDArray images) {
    return student.logits(student.block().forward(parameters, new NDList(images), false));
  }
}

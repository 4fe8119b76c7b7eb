package dev.distillery.training.schedule;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import com.fasterxml.jackson.databind.annotation.JsonTypeIdResolver;
import dev.distillery.spi.UserException;
import dev.distillery.training.StrictSubtypeResolver;
import java.util.List;

/**
 * The learning-rate schedule of a training stage over its epochs, chosen by {@code type}; the
 * closed forms of {@code torch.optim.lr_scheduler}:
 *
 * <pre>
 * schedule: {type: constant}
 * schedule: {type: step, step-size: 30, gamma: 0.1}          # StepLR
 * schedule: {type: multistep, milestones: [30, 60], gamma: 0.1}  # MultiStepLR
 * schedule: {type: cosine, eta-min: 0}                       # CosineAnnealingLR, T_max = epochs
 * </pre>
 *
 * Without {@code type} the schedule is cosine (an omitted or empty {@code schedule} is cosine with
 * its defaults); an unknown type is an error. Every type takes {@code warmup-epochs: W} (default
 * 0): during epochs {@code 0..W-1} the rate rises linearly, {@code base * (e + 1) / (W + 1)}
 * (PyTorch {@code LinearLR(start_factor=1/(W+1), total_iters=W)}); from epoch {@code W} the
 * schedule runs as if the stage started there and had {@code epochs - W} epochs (PyTorch {@code
 * SequentialLR} with milestone {@code W}): step sizes, milestones and the cosine period count from
 * the end of the warm-up.
 */
@JsonTypeInfo(
    use = JsonTypeInfo.Id.NAME,
    property = "type",
    defaultImpl = ScheduleOptions.Cosine.class)
@JsonTypeIdResolver(StrictSubtypeResolver.class)
@JsonSubTypes({
  @JsonSubTypes.Type(value = ScheduleOptions.Constant.class, name = "constant"),
  @JsonSubTypes.Type(value = ScheduleOptions.Step.class, name = "step"),
  @JsonSubTypes.Type(value = ScheduleOptions.MultiStep.class, name = "multistep"),
  @JsonSubTypes.Type(value = ScheduleOptions.Cosine.class, name = "cosine")
})
public sealed interface ScheduleOptions
    permits ScheduleOptions.Constant,
        ScheduleOptions.Step,
        ScheduleOptions.MultiStep,
        ScheduleOptions.Cosine {

  /** Epochs of linear warm-up before the schedule (never null once constructed). */
  Integer warmupEpochs();

  /**
   * The learning rate used throughout one epoch.
   *
   * @param base the optimizer's base learning rate
   * @param epoch the epoch, 0-based, below {@code epochs}
   * @param epochs the stage's number of epochs
   */
  default double learningRate(double base, int epoch, int epochs) {
    if (epochs < 1 || epoch < 0 || epoch >= epochs) {
      throw new IllegalArgumentException(
          "epoch " + epoch + " is outside 0.." + (epochs - 1) + " (" + epochs + " epochs)");
    }
    int warmup = warmupEpochs();
    if (epoch < warmup) {
      return base * (epoch + 1) / (warmup + 1);
    }
    return afterWarmup(base, epoch - warmup, epochs - warmup);
  }

  /**
   * The schedule without warm-up: the rate at {@code epoch} of {@code epochs}, both counted from
   * the end of the warm-up.
   */
  double afterWarmup(double base, int epoch, int epochs);

  /**
   * The base learning rate throughout.
   *
   * @param warmupEpochs linear warm-up epochs (default 0)
   */
  record Constant(Integer warmupEpochs) implements ScheduleOptions {

    public Constant {
      warmupEpochs = ScheduleChecks.warmup("constant", warmupEpochs);
    }

    @Override
    public double afterWarmup(double base, int epoch, int epochs) {
      return base;
    }
  }

  /**
   * {@code base * gamma^floor(epoch / stepSize)}, as {@code StepLR}.
   *
   * @param stepSize epochs between decays, >= 1 (required)
   * @param gamma decay factor, > 0 (default 0.1)
   * @param warmupEpochs linear warm-up epochs (default 0)
   */
  record Step(Integer stepSize, Double gamma, Integer warmupEpochs) implements ScheduleOptions {

    public Step {
      if (stepSize == null || stepSize < 1) {
        throw new UserException(
            "schedule step: step-size must be a whole number of epochs >= 1, got step-size: "
                + stepSize
                + "; e.g. step-size: 30");
      }
      gamma = ScheduleChecks.gamma("step", gamma);
      warmupEpochs = ScheduleChecks.warmup("step", warmupEpochs);
    }

    @Override
    public double afterWarmup(double base, int epoch, int epochs) {
      return base * Math.pow(gamma, epoch / stepSize);
    }
  }

  /**
   * {@code base * gamma^(number of milestones <= epoch)}, as {@code MultiStepLR}.
   *
   * @param milestones epochs at which the rate decays, ascending, >= 0 (required)
   * @param gamma decay factor, > 0 (default 0.1)
   * @param warmupEpochs linear warm-up epochs (default 0)
   */
  record MultiStep(List<Integer> milestones, Double gamma, Integer warmupEpochs)
      implements ScheduleOptions {

    public MultiStep {
      if (milestones == null || milestones.isEmpty()) {
        throw new UserException(
            "schedule multistep: milestones is missing; list the epochs at which the rate"
                + " decays, e.g. milestones: [30, 60]");
      }
      for (int i = 0; i < milestones.size(); i++) {
        Integer milestone = milestones.get(i);
        if (milestone == null || milestone < 0 || (i > 0 && milestone < milestones.get(i - 1))) {
          throw new UserException(
              "schedule multistep: milestones must be ascending epochs >= 0, got milestones: "
                  + milestones
                  + "; e.g. milestones: [30, 60]");
        }
      }
      milestones = List.copyOf(milestones);
      gamma = ScheduleChecks.gamma("multistep", gamma);
      warmupEpochs = ScheduleChecks.warmup("multistep", warmupEpochs);
    }

    @Override
    public double afterWarmup(double base, int epoch, int epochs) {
      int passed = 0;
      for (int milestone : milestones) {
        if (milestone <= epoch) {
          passed++;
        }
      }
      return base * Math.pow(gamma, passed);
    }
  }

  /**
   * {@code etaMin + (base - etaMin) * (1 + cos(pi * epoch / epochs)) / 2}, as {@code
   * CosineAnnealingLR} with {@code T_max} the stage's epochs (after warm-up).
   *
   * @param etaMin the rate approached at the end, >= 0 (default 0)
   * @param warmupEpochs linear warm-up epochs (default 0)
   */
  record Cosine(Double etaMin, Integer warmupEpochs) implements ScheduleOptions {

    public Cosine {
      etaMin = etaMin == null ? 0.0 : etaMin;
      if (!(etaMin >= 0) || Double.isInfinite(etaMin)) {
        throw new UserException(
            "schedule cosine: eta-min must be a finite number >= 0, got eta-min: "
                + etaMin
                + "; e.g. eta-min: 0");
      }
      warmupEpochs = ScheduleChecks.warmup("cosine", warmupEpochs);
    }

    @Override
    public double afterWarmup(double base, int epoch, int epochs) {
      return etaMin + (base - etaMin) * (1 + Math.cos(Math.PI * epoch / epochs)) / 2;
    }
  }
}

package dev.distillery.stages;

import static java.util.Objects.requireNonNull;

import dev.distillery.spi.StageMonitor;
import dev.distillery.spi.StageReplicas;
import dev.distillery.spi.StageRuns;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import java.util.List;

/**
 * An {@code evaluate} stage's results as gauges, on the run's registry with the stage's tags
 * ({@link StageMonitor#meters()}, {@link StageMonitor#tags()}: {@code pipeline}, {@code run_id},
 * {@code stage} = the evaluate stage) plus {@code model} = the measured stage as written in the
 * pipeline. As Prometheus shows them:
 *
 * <ul>
 *   <li>{@code distillery_evaluation_top1_ratio}: top-1 accuracy on the test split (mean over the
 *       runs of a repeated stage)
 *   <li>{@code distillery_evaluation_agreement_ratio}: share of test images on which the model's
 *       top-1 class is the teacher's (mean; only with a teacher stage)
 *   <li>{@code distillery_evaluation_gain_ratio}: mean top-1 minus the baseline's (only with {@code
 *       baseline:}, not for the baseline); {@code distillery_evaluation_gain_low_ratio} and {@code
 *       _high_ratio}: its confidence interval (Welch) when both sides ran at least twice
 *   <li>{@code distillery_evaluation_top1_stddev_ratio}, {@code
 *       distillery_evaluation_agreement_stddev_ratio}: sample standard deviation over the runs of a
 *       repeated stage ({@code repeats:}); absent for a stage that ran once
 *   <li>{@code distillery_evaluation_runs}: how many runs of the stage were measured
 * </ul>
 *
 * Ratios are fractions (0.875, not 87.5 %), as every {@code _ratio} series. The gauges stay until
 * the run's metrics are closed, so Prometheus sees them after the run ends.
 */
final class EvaluationMeters {

  private EvaluationMeters() {}

  /** Publishes the results of {@code stages} ({@code models}: every measured run). */
  static void publish(StageMonitor monitor, List<StageRuns> stages, List<ModelReport> models) {
    MeterRegistry registry = requireNonNull(monitor.meters(), "monitor.meters() is null");
    Tags stageTags = requireNonNull(monitor.tags(), "monitor.tags() is null");
    for (StageRuns stage : stages) {
      Tags tags = stageTags.and("model", stage.stage());
      gauge(registry, "distillery.evaluation.top1", "Top-1 accuracy on the test split", tags)
          .accept(stage.mean());
      gauge(registry, "distillery.evaluation.runs", "Runs of the stage measured", "runs", tags)
          .accept(stage.runs().size());
      if (stage.repeated() && stage.standardDeviation() != null) {
        gauge(
                registry,
                "distillery.evaluation.top1.stddev",
                "Sample standard deviation of top-1 over the runs of a repeated stage",
                tags)
            .accept(stage.standardDeviation());
      }
      if (stage.agreement() != null) {
        gauge(
                registry,
                "distillery.evaluation.agreement",
                "Share of test images on which the model's top-1 class is the teacher's",
                tags)
            .accept(stage.agreement());
        double[] agreements =
            models.stream()
                .filter(m -> StageReplicas.stageOf(m.stage).equals(stage.stage()))
                .filter(m -> m.agreement != null)
                .mapToDouble(m -> m.agreement)
                .toArray();
        double sd = SeedStatistics.standardDeviation(agreements);
        if (stage.repeated() && !Double.isNaN(sd)) {
          gauge(
                  registry,
                  "distillery.evaluation.agreement.stddev",
                  "Sample standard deviation of the agreement over the runs of a repeated stage",
                  tags)
              .accept(sd);
        }
      }
      StageRuns.Gain gain = stage.gain();
      if (gain != null) {
        gauge(
                registry,
                "distillery.evaluation.gain",
                "Mean top-1 minus the baseline stage's (a fraction: 0.01 is one point)",
                tags)
            .accept(gain.points() / 100);
        if (gain.low() != null && gain.high() != null) {
          gauge(
                  registry,
                  "distillery.evaluation.gain.low",
                  "Lower end of the confidence interval of the gain (Welch)",
                  tags)
              .accept(gain.low() / 100);
          gauge(
                  registry,
                  "distillery.evaluation.gain.high",
                  "Upper end of the confidence interval of the gain (Welch)",
                  tags)
              .accept(gain.high() / 100);
        }
      }
    }
  }

  private static java.util.function.DoubleConsumer gauge(
      MeterRegistry registry, String name, String description, Tags tags) {
    return gauge(registry, name, description, "ratio", tags);
  }

  /** A gauge set once; one registered earlier with the same id (a stage run again) is replaced. */
  private static java.util.function.DoubleConsumer gauge(
      MeterRegistry registry, String name, String description, String baseUnit, Tags tags) {
    return value -> {
      for (Meter existing : registry.find(name).tags(tags).meters()) {
        registry.remove(existing);
      }
      double[] held = {value};
      Gauge.builder(name, held, h -> h[0])
          .description(description)
          .baseUnit(baseUnit)
          .tags(tags)
          .strongReference(true)
          .register(registry);
    };
  }
}

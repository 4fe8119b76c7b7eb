package dev.distillery.stages;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.distillery.spi.StageMonitor;
import dev.distillery.spi.StageRuns;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * An evaluate stage's results become gauges on the monitor's registry with the monitor's tags plus
 * {@code model}: top-1, agreement and gain (as fractions), and for a repeated stage their spread.
 */
class EvaluationMetersTest {

  private static final Tags RUN = Tags.of("pipeline", "p", "run.id", "r7", "stage", "evaluate");

  @Test
  void publishesTop1AgreementGainAndTheSpreadOfRepeatedStages() {
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    List<ModelReport> models =
        List.of(
            model("teacher", 0.90, 1.0),
            model("alone", 0.70, 0.72),
            model("alone.2", 0.74, 0.76),
            model("alone.3", 0.72, 0.74),
            model("kd", 0.80, 0.85),
            model("kd.2", 0.84, 0.87),
            model("kd.3", 0.82, 0.83));
    List<StageRuns> stages = StageRunGroups.of(models, "alone", 0.95);

    EvaluationMeters.publish(new Monitor(registry), stages, models);

    assertThat(gauge(registry, "distillery.evaluation.top1", "teacher")).isEqualTo(0.90);
    assertThat(gauge(registry, "distillery.evaluation.top1", "kd")).isCloseTo(0.82, within(1e-12));
    assertThat(gauge(registry, "distillery.evaluation.top1.stddev", "kd"))
        .isCloseTo(0.02, within(1e-12));
    assertThat(gauge(registry, "distillery.evaluation.agreement", "kd"))
        .isCloseTo(0.85, within(1e-12));
    assertThat(gauge(registry, "distillery.evaluation.agreement.stddev", "kd"))
        .isCloseTo(0.02, within(1e-12));
    // 82 % against the baseline's 72 %: ten points, a fraction of 0.10
    assertThat(gauge(registry, "distillery.evaluation.gain", "kd")).isCloseTo(0.10, within(1e-12));
    double low = gauge(registry, "distillery.evaluation.gain.low", "kd");
    double high = gauge(registry, "distillery.evaluation.gain.high", "kd");
    assertThat(low).isLessThan(0.10).isGreaterThan(0.0);
    assertThat(high).isGreaterThan(0.10).isLessThan(0.2);
    assertThat(gauge(registry, "distillery.evaluation.runs", "kd")).isEqualTo(3.0);
    // a stage that ran once has no spread; the baseline has no gain
    assertThat(registry.find("distillery.evaluation.top1.stddev").tag("model", "teacher").gauge())
        .isNull();
    assertThat(registry.find("distillery.evaluation.gain").tag("model", "alone").gauge()).isNull();
    // every gauge carries the run's tags
    assertThat(registry.getMeters())
        .allSatisfy(
            meter -> {
              assertThat(meter.getId().getTag("run.id")).isEqualTo("r7");
              assertThat(meter.getId().getTag("stage")).isEqualTo("evaluate");
              assertThat(meter.getId().getBaseUnit()).isIn("ratio", "runs");
            });

    // the stage run again (same run): the new values replace the old ones
    List<ModelReport> again = List.of(model("teacher", 0.5, 1.0));
    EvaluationMeters.publish(new Monitor(registry), StageRunGroups.of(again, null, 0.95), again);
    assertThat(registry.find("distillery.evaluation.top1").tag("model", "teacher").gauges())
        .singleElement()
        .satisfies(g -> assertThat(g.value()).isEqualTo(0.5));
  }

  private static double gauge(MeterRegistry registry, String name, String model) {
    return registry.get(name).tags(RUN).tag("model", model).gauge().value();
  }

  private static ModelReport model(String stage, double accuracy, double agreement) {
    ModelReport report = new ModelReport();
    report.stage = stage;
    report.architecture = "lenet5";
    report.training = "ce";
    report.accuracy = accuracy;
    report.agreement = agreement;
    return report;
  }

  /** Only meters() and tags() are used. */
  private record Monitor(MeterRegistry meters) implements StageMonitor {
    @Override
    public void progress(String phase, long done, long total, Map<String, Double> figures) {}

    @Override
    public void trained(long steps, long samples) {}

    @Override
    public void epoch(int epoch, int epochs) {}

    @Override
    public void record(String event, Map<String, ?> fields) {}

    @Override
    public Tags tags() {
      return RUN;
    }

    @Override
    public void checkCancelled() {}
  }
}

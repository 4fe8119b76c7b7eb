package dev.distillery.training.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.distillery.options.OptionsMapper;
import dev.distillery.training.Golden;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Each schedule, bound from its pipeline spelling, gives the learning rate torch.optim.lr_scheduler
 * used in each of 10 epochs (relative error below 1e-9).
 */
class ScheduleGoldenTest {

  @Test
  void matchesPyTorchSchedulers() throws Exception {
    JsonNode golden = Golden.optim().get("schedules");
    double base = golden.get("base").asDouble();
    int epochs = golden.get("epochs").asInt();
    List<String> checked = new ArrayList<>();
    for (Map.Entry<String, JsonNode> entry : golden.get("cases").properties()) {
      ScheduleOptions schedule =
          OptionsMapper.bind(entry.getValue().get("spec"), ScheduleOptions.class);
      double[] expected = Golden.doubles(entry.getValue().get("lrs"));
      double worst = 0;
      for (int epoch = 0; epoch < epochs; epoch++) {
        double actual = schedule.learningRate(base, epoch, epochs);
        worst = Math.max(worst, Math.abs(actual - expected[epoch]) / expected[epoch]);
      }
      System.out.printf("golden schedule %s: max relative error %.3g%n", entry.getKey(), worst);
      assertThat(worst).as(entry.getKey()).isLessThan(1e-9);
      checked.add(entry.getKey());
    }
    assertThat(checked).contains("step", "multistep", "cosine", "cosine-warmup");
  }
}

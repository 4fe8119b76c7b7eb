package dev.distillery.stages;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import dev.distillery.options.OptionsMapper;
import dev.distillery.plugin.PluginRegistry;
import dev.distillery.spi.MethodPlugin;
import dev.distillery.spi.MethodSetup;
import dev.distillery.spi.ModelInput;
import dev.distillery.spi.ModelPlugin;
import dev.distillery.spi.Network;
import dev.distillery.spi.NoOptions;
import dev.distillery.spi.TrainingStep;
import dev.distillery.training.DistillationObjective;
import dev.distillery.training.Networks;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * During distillation the teacher runs in inference mode with frozen parameters: its BatchNorm
 * running statistics stay as they were and gradients reach only the student.
 */
class FrozenTeacherTest {

  @SuppressWarnings("unchecked")
  private static Network build(PluginRegistry plugins, String id, NDManager manager, long seed) {
    ModelPlugin<NoOptions> plugin =
        (ModelPlugin<NoOptions>) plugins.require(PluginRegistry.Kind.MODEL, id);
    Network network = plugin.create(new NoOptions(), new ModelInput(1, 32, 32, 10));
    Networks.initialize(network, manager, seed);
    return network;
  }

  @Test
  @SuppressWarnings("unchecked")
  void theTeacherIsUntouchedAndTheStudentGetsGradients() throws Exception {
    PluginRegistry plugins = PluginRegistry.discover(getClass().getClassLoader());
    try (NDManager manager = NDManager.newBaseManager()) {
      Network teacher = build(plugins, "resnet8", manager, 1);
      Network student = build(plugins, "lenet5-half", manager, 2);
      teacher.block().freezeParameters(true);
      Map<String, float[]> before = new HashMap<>();
      teacher
          .block()
          .getParameters()
          .forEach(p -> before.put(p.getKey(), p.getValue().getArray().toFloatArray()));
      MethodPlugin<Object> kd =
          (MethodPlugin<Object>) plugins.require(PluginRegistry.Kind.METHOD, "kd");
      var loss =
          kd.create(
              OptionsMapper.bind(null, kd.optionsType()),
              new MethodSetup(teacher, student, manager));
      DistillationObjective objective =
          new DistillationObjective(
              student,
              teacher,
              0.1,
              List.of(new DistillationObjective.WeightedLoss(loss, 0.9)),
              manager);

      try (NDManager step = manager.newSubManager()) {
        NDArray images = step.randomNormal(new Shape(8, 1, 32, 32));
        NDArray labels = step.create(new int[] {0, 1, 2, 3, 4, 5, 6, 7});
        try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
          collector.backward(objective.losses(images, labels, true, TrainingStep.none(8)).total());
        }
        for (var entry : teacher.block().getParameters()) {
          Parameter parameter = entry.getValue();
          assertThat(parameter.requiresGradient()).as(entry.getKey()).isFalse();
          assertThat(parameter.getArray().toFloatArray())
              .as("teacher parameter %s changed", entry.getKey())
              .containsExactly(before.get(entry.getKey()));
        }
        double studentGradient = 0;
        for (var entry : student.block().getParameters()) {
          studentGradient += entry.getValue().getArray().getGradient().abs().sum().getFloat();
        }
        assertThat(studentGradient).isPositive();
      }
      assertThat(objective.trainableBlocks()).containsExactly(student.block());
    }
  }
}

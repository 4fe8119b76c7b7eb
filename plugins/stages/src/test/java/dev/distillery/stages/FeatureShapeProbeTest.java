package dev.distillery.stages;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.distillery.plugin.PluginRegistry;
import dev.distillery.spi.MethodSetup;
import dev.distillery.spi.ModelInput;
import dev.distillery.spi.UserException;
import dev.distillery.training.Networks;
import org.junit.jupiter.api.Test;

/** Methods read feature-point shapes from their setup; unknown names list the ones there are. */
class FeatureShapeProbeTest {

  @Test
  void shapesComeFromTheNetworksAndUnknownPointsAreNamed() {
    PluginRegistry plugins = PluginRegistry.discover(getClass().getClassLoader());
    ModelInput input = new ModelInput(1, 32, 32, 10);
    try (NDManager manager = NDManager.newBaseManager()) {
      var teacher = Networks.create(plugins, "resnet20", null, input);
      var student = Networks.create(plugins, "lenet5-half", null, input);
      Networks.initialize(teacher, manager, 1);
      Networks.initialize(student, manager, 2);
      MethodSetup setup = new MethodSetup(teacher, student, manager);

      assertThat(setup.teacherShape("layer3")).isEqualTo(new Shape(64, 8, 8));
      assertThat(setup.teacherShape("pool")).isEqualTo(new Shape(64));
      assertThat(setup.studentShape("conv2")).isEqualTo(new Shape(8, 10, 10));
      assertThatThrownBy(() -> setup.studentShape("layer3"))
          .isInstanceOf(UserException.class)
          .hasMessageContaining("'lenet5-half' has no feature point 'layer3'")
          .hasMessageContaining("conv1.pre");
    }
  }
}

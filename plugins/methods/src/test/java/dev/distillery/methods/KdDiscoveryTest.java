package dev.distillery.methods;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDManager;
import dev.distillery.spi.MethodPlugin;
import dev.distillery.spi.MethodSetup;
import dev.distillery.spi.UserException;
import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;

/**
 * ServiceLoader finds {@code kd} with RepDistiller's weight 0.9; it makes a loss named kd and
 * refuses a teacher and student built for different class counts.
 */
class KdDiscoveryTest {

  @Test
  void serviceLoaderFindsKd() {
    List<MethodPlugin<?>> found = new ArrayList<>();
    ServiceLoader.load(MethodPlugin.class).forEach(found::add);
    assertThat(found).extracting(MethodPlugin::id).containsExactly("kd", "rkd", "dkd", "cc");
    MethodPlugin<?> kd = found.get(0);
    assertThat(kd.optionsType()).isEqualTo(KdOptions.class);
    assertThat(kd.defaultWeight()).isEqualTo(0.9);
    assertThat(kd.description()).isNotBlank();
  }

  @Test
  void createsKdLossAndRejectsDifferentClassCounts() {
    KnowledgeDistillationMethod method = new KnowledgeDistillationMethod();
    try (NDManager manager = NDManager.newBaseManager()) {
      assertThat(
              method
                  .create(
                      new KdOptions(2.0),
                      new MethodSetup(
                          TestNetworks.logitsOnly("lenet5", 10),
                          TestNetworks.logitsOnly("lenet5-half", 10),
                          manager))
                  .name())
          .isEqualTo("kd");
      assertThatThrownBy(
              () ->
                  method.create(
                      KdOptions.defaults(),
                      new MethodSetup(
                          TestNetworks.logitsOnly("resnet32x4", 100),
                          TestNetworks.logitsOnly("resnet8x4", 10),
                          manager)))
          .isInstanceOf(UserException.class)
          .hasMessageContaining("resnet32x4' has 100 classes")
          .hasMessageContaining("resnet8x4' has 10");
    }
  }
}

package dev.distillery.methods.ab;

import ai.djl.ndarray.types.Shape;
import dev.distillery.spi.DistillationLoss;
import dev.distillery.spi.MethodPlugin;
import dev.distillery.spi.MethodSetup;
import java.util.ArrayList;
import java.util.List;

/**
 * The {@code ab} method: Heo et al. AAAI 2019, "Knowledge Transfer via Distillation of Activation
 * Boundaries Formed by Hidden Neurons", as RepDistiller builds it for {@code --distill abound}:
 * {@code ABLoss} on the pre-activation {@code feat[1:-1]} through a trainable {@code Connector}.
 * RepDistiller trains it in an initialisation phase ({@code helper/pretrain.py}) and then trains
 * the student with cross-entropy only; in Distillery that is a distill stage with {@code ce-weight:
 * 0} and this loss, then a stage with {@code init-from} (see the README). See {@link AbLoss} for
 * the formula.
 */
public final class AbMethod implements MethodPlugin<AbOptions> {

  /**
   * RepDistiller's β for AB ({@code --distill abound -a 0 -b 1}); its init phase sums the loss with
   * no weight either.
   */
  public static final double DEFAULT_WEIGHT = 1.0;

  @Override
  public String id() {
    return "ab";
  }

  @Override
  public String description() {
    return "Heo et al. 2019 activation boundaries: margin loss on the signs of pre-activation"
        + " features through trainable conv+BN connectors; an initialisation phase before"
        + " training (RepDistiller ABLoss)";
  }

  @Override
  public Class<AbOptions> optionsType() {
    return AbOptions.class;
  }

  @Override
  public double defaultWeight() {
    return DEFAULT_WEIGHT;
  }

  @Override
  public DistillationLoss create(AbOptions options, MethodSetup setup) {
    List<AbConnector> connectors = new ArrayList<>();
    for (int i = 0; i < options.studentFeatures().size(); i++) {
      String studentPoint = options.studentFeatures().get(i);
      String teacherPoint = options.teacherFeatures().get(i);
      Shape student = setup.studentShape(studentPoint);
      Shape teacher = setup.teacherShape(teacherPoint);
      connectors.add(
          AbConnector.needed(student, teacher)
              ? AbConnector.create(setup.manager(), studentPoint, student, teacherPoint, teacher)
              : null);
    }
    return new AbLoss(options, connectors);
  }
}

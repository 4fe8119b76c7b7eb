package dev.distillery.methods.cc;

import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.nn.core.Linear;
import ai.djl.training.initializer.UniformInitializer;
import dev.distillery.spi.DistillationLoss;
import dev.distillery.spi.MethodPlugin;
import dev.distillery.spi.MethodSetup;

/**
 * The {@code cc} method: Peng et al. ICCV 2019, "Correlation Congruence for Knowledge
 * Distillation", as RepDistiller builds it for {@code --distill correlation}: {@code Correlation}
 * on {@code LinearEmbed} connectors of the student's and the teacher's {@code feat[-1]}, both
 * trainable. See {@link CcLoss} for the formula.
 */
public final class CcMethod implements MethodPlugin<CcOptions> {

  /** RepDistiller's β for CC ({@code --distill correlation -a 0 -b 0.02} in its README). */
  public static final double DEFAULT_WEIGHT = 0.02;

  @Override
  public String id() {
    return "cc";
  }

  @Override
  public String description() {
    return "Peng et al. 2019 correlation congruence: products of neighbouring samples' embedding"
        + " differences, on trainable linear embeddings of both features (RepDistiller"
        + " Correlation)";
  }

  @Override
  public Class<CcOptions> optionsType() {
    return CcOptions.class;
  }

  @Override
  public double defaultWeight() {
    return DEFAULT_WEIGHT;
  }

  @Override
  public DistillationLoss create(CcOptions options, MethodSetup setup) {
    long studentSize = setup.studentShape(options.studentFeature()).size();
    long teacherSize = setup.teacherShape(options.teacherFeature()).size();
    return new CcLoss(
        options,
        embedding(setup, studentSize, options.embedDim()),
        embedding(setup, teacherSize, options.embedDim()));
  }

  /**
   * A linear layer from size to embedDim, initialised as PyTorch's {@code nn.Linear}: weight and
   * bias uniform in ±1/√size.
   */
  private static Linear embedding(MethodSetup setup, long size, int embedDim) {
    Linear linear = Linear.builder().setUnits(embedDim).build();
    float bound = (float) (1 / Math.sqrt(size));
    linear.setInitializer(new UniformInitializer(bound), Parameter.Type.WEIGHT);
    linear.setInitializer(new UniformInitializer(bound), Parameter.Type.BIAS);
    linear.initialize(setup.manager(), DataType.FLOAT32, new Shape(1, size));
    return linear;
  }
}

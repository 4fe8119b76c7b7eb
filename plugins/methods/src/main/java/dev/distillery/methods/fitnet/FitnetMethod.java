package dev.distillery.methods.fitnet;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.LambdaBlock;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.training.initializer.UniformInitializer;
import dev.distillery.methods.FeatureMapPair;
import dev.distillery.spi.DistillationLoss;
import dev.distillery.spi.MethodPlugin;
import dev.distillery.spi.MethodSetup;
import dev.distillery.spi.UserException;

/**
 * The {@code fitnet} method: Romero et al. ICLR 2015, "FitNets: Hints for Thin Deep Nets", as
 * RepDistiller builds it for {@code --distill hint}: {@code HintLoss} (MSE) between a trainable
 * {@code ConvReg} regressor of the student's {@code feat[hint_layer]} and the teacher's.
 *
 * <p>The regressor, for student (C_s, H_s, W_s) and teacher (C_t, H_t, W_t) feature shapes, as
 * {@code models/util.py ConvReg}: a convolution to C_t channels — 3×3 stride 2 padding 1 when H_s =
 * 2·H_t; else, when 2·H_s = H_t, nearest 2× upsampling followed by a 3×3 padding-1 convolution (the
 * reference uses a 4×4 stride-2 transposed convolution, which DJL's PyTorch engine lacks); else,
 * when H_s ≥ H_t, a (1+H_s−H_t)×(1+W_s−W_t) convolution — then BatchNorm and ReLU. Other shape
 * pairs are a {@link UserException}. See {@link FitnetLoss} for the loss.
 */
public final class FitnetMethod implements MethodPlugin<FitnetOptions> {

  /** RepDistiller's β for FitNet ({@code --distill hint -a 0 -b 100} in run_cifar_distill.sh). */
  public static final double DEFAULT_WEIGHT = 100;

  @Override
  public String id() {
    return "fitnet";
  }

  @Override
  public String description() {
    return "Romero et al. 2015 FitNets hints: MSE between a trainable conv+BN+ReLU regressor of"
        + " a student feature map and the teacher's (RepDistiller HintLoss + ConvReg)";
  }

  @Override
  public Class<FitnetOptions> optionsType() {
    return FitnetOptions.class;
  }

  @Override
  public double defaultWeight() {
    return DEFAULT_WEIGHT;
  }

  @Override
  public DistillationLoss create(FitnetOptions options, MethodSetup setup) {
    FeatureMapPair pair =
        FeatureMapPair.of(
            "fitnet",
            setup,
            options.studentFeature(),
            options.teacherFeature(),
            "convolutional feature points such as layer1, layer2, layer3 (not pool)");
    Shape student = pair.student();
    Shape teacher = pair.teacher();
    long sC = student.get(0);
    long sH = student.get(1);
    long sW = student.get(2);
    long tC = teacher.get(0);
    long tH = teacher.get(1);
    long tW = teacher.get(2);

    SequentialBlock regressor = new SequentialBlock();
    Conv2d conv;
    if (sH == 2 * tH) {
      conv = conv(tC, new Shape(3, 3), new Shape(2, 2), new Shape(1, 1));
    } else if (sH * 2 == tH) {
      // Deviation: ConvTranspose2d(k=4, s=2, p=1) in the reference; DJL's PyTorch engine has no
      // transposed convolution, so upsample (nearest, 2×) and convolve (3×3, padding 1).
      regressor.add(
          new LambdaBlock(
              inputs -> {
                Shape in = inputs.head().getShape();
                long[] size = {in.get(2) * 2, in.get(3) * 2};
                return new NDList(inputs.head().getNDArrayInternal().interpolation(size, 0, false));
              },
              "upsample2x"));
      conv = conv(tC, new Shape(3, 3), new Shape(1, 1), new Shape(1, 1));
    } else if (sH >= tH && sW >= tW) {
      conv = conv(tC, new Shape(1 + sH - tH, 1 + sW - tW), new Shape(1, 1), new Shape(0, 0));
    } else {
      throw pair.rejected(
          "fitnet's regressor (RepDistiller ConvReg) maps a student feature map to the"
              + " teacher's size only when the student's height is twice, half, or at least the"
              + " teacher's (and its width at least the teacher's); choose another pair of feature"
              + " points");
    }
    BatchNorm batchNorm = BatchNorm.builder().optEpsilon(1e-5f).optMomentum(0.9f).build();
    regressor.add(conv).add(batchNorm).add(Activation.reluBlock());

    // nn.Conv2d's default initialisation: weight and bias uniform in ±1/√fan-in (kaiming_uniform
    // with a = √5); BatchNorm: gamma 1, beta 0.
    long fanIn = sC * conv.getKernelShape().size();
    float bound = (float) (1 / Math.sqrt(fanIn));
    conv.setInitializer(new UniformInitializer(bound), Parameter.Type.WEIGHT);
    conv.setInitializer(new UniformInitializer(bound), Parameter.Type.BIAS);
    regressor.initialize(setup.manager(), DataType.FLOAT32, new Shape(2, sC, sH, sW));
    Shape out = regressor.getOutputShapes(new Shape[] {new Shape(2, sC, sH, sW)})[0];
    if (!out.slice(1).equals(teacher)) {
      throw pair.rejected(
          "fitnet's regressor (RepDistiller ConvReg) gives "
              + out.slice(1)
              + ", not the teacher's shape; the widths must scale as the heights do. Choose"
              + " another pair of feature points");
    }
    return new FitnetLoss(options, regressor, conv, batchNorm);
  }

  private static Conv2d conv(long filters, Shape kernel, Shape stride, Shape padding) {
    return Conv2d.builder()
        .setFilters((int) filters)
        .setKernelShape(kernel)
        .optStride(stride)
        .optPadding(padding)
        .build();
  }
}

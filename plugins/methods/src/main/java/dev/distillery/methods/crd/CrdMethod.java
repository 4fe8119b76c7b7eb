package dev.distillery.methods.crd;

import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.nn.core.Linear;
import ai.djl.training.initializer.UniformInitializer;
import dev.distillery.spi.DistillationLoss;
import dev.distillery.spi.MethodPlugin;
import dev.distillery.spi.MethodSetup;
import dev.distillery.spi.UserException;

/**
 * The {@code crd} method: Tian et al. ICLR 2020, "Contrastive Representation Distillation", as
 * RepDistiller builds it for {@code --distill crd}: {@code CRDLoss} on {@code feat[-1]} of both
 * networks, its embeddings trainable, a memory of one row per training image for each network, and
 * contrast rows as its {@code CIFAR100InstanceSample} draws them. See {@link CrdLoss} for the
 * formula.
 */
public final class CrdMethod implements MethodPlugin<CrdOptions> {

  /** RepDistiller's β for CRD ({@code --distill crd -a 0 -b 0.8} in its README). */
  public static final double DEFAULT_WEIGHT = 0.8;

  @Override
  public String id() {
    return "crd";
  }

  @Override
  public String description() {
    return "Tian et al. 2020 contrastive representation distillation: NCE between L2-normalised"
        + " trainable embeddings of both features and memory banks of every training image's"
        + " embeddings, negatives from other classes (RepDistiller CRDLoss, ContrastMemory)";
  }

  @Override
  public Class<CrdOptions> optionsType() {
    return CrdOptions.class;
  }

  @Override
  public double defaultWeight() {
    return DEFAULT_WEIGHT;
  }

  @Override
  public DistillationLoss create(CrdOptions options, MethodSetup setup) {
    return create(options, setup, null);
  }

  /**
   * Creates the loss with a given sampler of contrast rows (null: the default {@link
   * CrdContrastSampler} over the setup's training labels, seeded with {@link
   * CrdContrastSampler#DEFAULT_SEED}).
   */
  public CrdLoss create(CrdOptions options, MethodSetup setup, ContrastSampler sampler) {
    long studentSize = setup.studentShape(options.studentFeature()).size();
    long teacherSize = setup.teacherShape(options.teacherFeature()).size();
    int images = setup.trainingImages();
    if (images == 0) {
      throw new UserException(
          "crd keeps a memory row per training image and draws its negatives from the training"
              + " split, but no training split was given to it; use crd in a distill stage (which"
              + " trains on the pipeline's dataset)");
    }
    if (options.negatives() >= images) {
      throw new UserException(
          "crd option negatives is "
              + options.negatives()
              + " but the training split has only "
              + images
              + " images (the memory has one row per image); choose fewer negatives than"
              + " images, e.g. negatives: "
              + Math.max(1, images / 4)
              + " (RepDistiller uses 16384 of CIFAR-100's 50000)");
    }
    CrdContrastSampler defaultSampler = null;
    if (sampler == null) {
      defaultSampler =
          new CrdContrastSampler(
              setup.trainingLabels(),
              options.relaxedPositives(),
              options.negativesFromOtherClasses(),
              CrdContrastSampler.DEFAULT_SEED);
      if (options.negativesFromOtherClasses() && defaultSampler.otherClassImages(0) == 0) {
        throw new UserException(
            "crd option negatives-from is other-classes but every training image has class "
                + setup.trainingLabels()[0]
                + "; use negatives-from: all or a training split with several classes");
      }
    }
    CrdMemory memory = new CrdMemory(images, options.embedDim());
    memory.initialize(setup.manager(), DataType.FLOAT32, new Shape(1));
    return new CrdLoss(
        options,
        embedding(setup, studentSize, options.embedDim()),
        embedding(setup, teacherSize, options.embedDim()),
        memory,
        sampler == null ? defaultSampler : sampler);
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

package dev.distillery.factortransfer;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Activation;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.UniformInitializer;
import ai.djl.util.PairList;
import java.util.ArrayList;
import java.util.List;

/**
 * The paraphraser of Factor Transfer (Kim, Park, Kwak, NeurIPS 2018, "Paraphrasing Complex Network:
 * Network Compression via Factor Transfer"): an autoencoder on a teacher feature map (C, H, W) that
 * keeps its spatial size. The encoder's output, m = round(C·k) channels for the paraphrase rate k,
 * is the teacher factor that Factor Transfer's student imitates.
 *
 * <pre>
 *   encoder: conv 3×3 C→C, conv 3×3 C→m, conv 3×3 m→m          each: [BatchNorm], LeakyReLU(0.1)
 *   decoder: conv 3×3 m→m, conv 3×3 m→C, conv 3×3 C→C           each: [BatchNorm], LeakyReLU(0.1)
 * </pre>
 *
 * All convolutions have stride 1, padding 1 and a bias, as {@code Models/FeatureProjection.py
 * Paraphraser} of Jangho-Kim/Factor-Transfer-pytorch. Its decoder uses {@code ConvTranspose2d(k 3,
 * stride 1, padding 1)}; DJL's PyTorch engine has no transposed convolution, and at stride 1 a
 * transposed convolution is a convolution with the kernel flipped and its in/out channels swapped
 * (padding k−1−p = 1), so the decoder's layers are convolutions: the same family of functions, with
 * the reference's initialisation (uniform in ±1/√fan-in where fan-in is the transposed layer's,
 * out-channels·9). The authors' code has its BatchNorm layers commented out, RepDistiller's {@code
 * Paraphraser} defaults to {@code use_bn=False}: BatchNorm is off unless asked for.
 *
 * <p>Forward: a feature map (B, C, H, W) → [factor (B, m, H, W), reconstruction (B, C, H, W)].
 */
public final class Paraphraser extends AbstractBlock {

  /** The negative slope of every LeakyReLU, as the reference. */
  public static final float LEAKY_SLOPE = 0.1f;

  private final long channels;
  private final long factorChannels;
  private final boolean batchNorm;
  private final SequentialBlock encoder = new SequentialBlock();
  private final SequentialBlock decoder = new SequentialBlock();
  private final List<Conv2d> encoderConvolutions = new ArrayList<>();
  private final List<Conv2d> decoderConvolutions = new ArrayList<>();

  /**
   * A paraphraser of {@code channels}-channel feature maps with {@code factorChannels} factor
   * channels, with or without BatchNorm after each convolution.
   */
  public Paraphraser(long channels, long factorChannels, boolean batchNorm) {
    if (channels < 1 || factorChannels < 1) {
      throw new IllegalArgumentException(
          "a paraphraser needs at least one channel and one factor channel, got "
              + channels
              + " and "
              + factorChannels);
    }
    this.channels = channels;
    this.factorChannels = factorChannels;
    this.batchNorm = batchNorm;
    // (out channels, fan-in channels): a Conv2d's fan-in is its in-channels, a ConvTranspose2d's
    // (the reference's decoder) its out-channels, as PyTorch computes it from the weight's dim 1
    addLayer(encoder, encoderConvolutions, channels, channels);
    addLayer(encoder, encoderConvolutions, factorChannels, channels);
    addLayer(encoder, encoderConvolutions, factorChannels, factorChannels);
    addLayer(decoder, decoderConvolutions, factorChannels, factorChannels);
    addLayer(decoder, decoderConvolutions, channels, channels);
    addLayer(decoder, decoderConvolutions, channels, channels);
    addChildBlock("encoder", encoder);
    addChildBlock("decoder", decoder);
  }

  private void addLayer(
      SequentialBlock block, List<Conv2d> convolutions, long out, long fanInChannels) {
    Conv2d conv =
        Conv2d.builder()
            .setFilters((int) out)
            .setKernelShape(new Shape(3, 3))
            .optStride(new Shape(1, 1))
            .optPadding(new Shape(1, 1))
            .build();
    float bound = (float) (1 / Math.sqrt(fanInChannels * 9.0));
    conv.setInitializer(new UniformInitializer(bound), Parameter.Type.WEIGHT);
    conv.setInitializer(new UniformInitializer(bound), Parameter.Type.BIAS);
    block.add(conv);
    convolutions.add(conv);
    if (batchNorm) {
      block.add(BatchNorm.builder().optEpsilon(1e-5f).optMomentum(0.9f).build());
    }
    block.add(Activation.leakyReluBlock(LEAKY_SLOPE));
  }

  /**
   * The number of factor channels for a paraphrase rate: {@code round(channels · rate)}, rounding
   * halves to even as Python's {@code round} in the authors' {@code int(round(64*RATE))}.
   */
  public static long factorChannels(long channels, double rate) {
    return (long) Math.rint(channels * rate);
  }

  /** Channels of the feature maps it reads and rebuilds. */
  public long channels() {
    return channels;
  }

  /** Channels of the factor (the encoder's output). */
  public long factorChannels() {
    return factorChannels;
  }

  /** Whether each convolution is followed by BatchNorm. */
  public boolean batchNorm() {
    return batchNorm;
  }

  /** The encoder's three convolutions, in order (weights (out, in, 3, 3)). */
  public List<Conv2d> encoderConvolutions() {
    return List.copyOf(encoderConvolutions);
  }

  /**
   * The decoder's three convolutions, in order; the reference's {@code ConvTranspose2d} weight
   * {@code w_t} (in, out, 3, 3) is the convolution weight {@code w[o][i][a][b] =
   * w_t[i][o][2−a][2−b]}.
   */
  public List<Conv2d> decoderConvolutions() {
    return List.copyOf(decoderConvolutions);
  }

  /** The factor of a feature map (B, C, H, W): the encoder's output (B, m, H, W). */
  public NDArray encode(ParameterStore parameterStore, NDArray feature, boolean training) {
    return encoder.forward(parameterStore, new NDList(feature), training).singletonOrThrow();
  }

  @Override
  protected NDList forwardInternal(
      ParameterStore parameterStore,
      NDList inputs,
      boolean training,
      PairList<String, Object> params) {
    NDArray factor = encoder.forward(parameterStore, inputs, training, params).singletonOrThrow();
    NDArray reconstruction =
        decoder.forward(parameterStore, new NDList(factor), training, params).singletonOrThrow();
    return new NDList(factor, reconstruction);
  }

  @Override
  public Shape[] getOutputShapes(Shape[] inputShapes) {
    Shape in = inputShapes[0];
    return new Shape[] {
      new Shape(in.get(0), factorChannels, in.get(2), in.get(3)),
      new Shape(in.get(0), channels, in.get(2), in.get(3))
    };
  }

  @Override
  protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
    encoder.initialize(manager, dataType, inputShapes);
    decoder.initialize(manager, dataType, encoder.getOutputShapes(inputShapes));
  }
}

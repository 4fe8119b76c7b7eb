package dev.distillery.factortransfer;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import com.fasterxml.jackson.core.type.TypeReference;
import dev.distillery.options.OptionsMapper;
import dev.distillery.spi.StageResult;
import dev.distillery.training.Networks;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A trained {@link Paraphraser} as the {@code pretrain-paraphraser} stage leaves it: its parameter
 * file and what it was trained on. Stored in the stage's result under {@link #RESULT_KEY} (and as
 * {@code paraphraser.json} next to the parameters); Factor Transfer's {@code ft} method reads it to
 * rebuild the paraphraser and to check that it belongs to the teacher and feature point it distils
 * from.
 *
 * @param parameters the parameter file, relative to the run directory
 * @param teacherStage the stage whose model is the teacher
 * @param teacherArchitecture the teacher's model id
 * @param teacherParameters the teacher's parameter file, relative to the run directory
 * @param teacherDigest SHA-256 of the teacher's parameters (see {@link #digest}), which identifies
 *     the teacher's weights wherever they are loaded
 * @param featurePoint the teacher feature point the paraphraser reads
 * @param inputShape the per-image shape of that feature (C, H, W)
 * @param rate the paraphrase rate k
 * @param factorChannels the factor's channels, round(C·k)
 * @param batchNorm whether each convolution is followed by BatchNorm
 * @param loss the reconstruction loss it was trained with ({@code l1} or {@code mse})
 */
public record ParaphraserArtifact(
    String parameters,
    String teacherStage,
    String teacherArchitecture,
    String teacherParameters,
    String teacherDigest,
    String featurePoint,
    List<Long> inputShape,
    double rate,
    long factorChannels,
    boolean batchNorm,
    String loss) {

  /** The key of the artifact in the stage result's {@code report}. */
  public static final String RESULT_KEY = "paraphraser";

  public ParaphraserArtifact {
    inputShape = List.copyOf(inputShape);
  }

  /** The artifact as a JSON-friendly map (kebab-case keys), for a stage result. */
  public Map<String, Object> toMap() {
    return OptionsMapper.mapper().convertValue(this, new TypeReference<Map<String, Object>>() {});
  }

  /** The artifact a stage result carries, if it carries one. */
  public static Optional<ParaphraserArtifact> of(StageResult result) {
    Object entry = result.report().get(RESULT_KEY);
    if (entry == null) {
      return Optional.empty();
    }
    return Optional.of(OptionsMapper.mapper().convertValue(entry, ParaphraserArtifact.class));
  }

  /** The per-image feature shape (C, H, W). */
  public Shape featureShape() {
    return new Shape(inputShape.stream().mapToLong(Long::longValue).toArray());
  }

  /** A new, uninitialised paraphraser of this artifact's architecture. */
  public Paraphraser newParaphraser() {
    return new Paraphraser(inputShape.get(0), factorChannels, batchNorm);
  }

  /** Rebuilds the paraphraser and loads its parameters from {@code file} into {@code manager}. */
  public Paraphraser load(NDManager manager, Path file) {
    Paraphraser paraphraser = newParaphraser();
    long[] shape = new long[inputShape.size() + 1];
    shape[0] = 1;
    for (int i = 0; i < inputShape.size(); i++) {
      shape[i + 1] = inputShape.get(i);
    }
    paraphraser.initialize(manager, DataType.FLOAT32, new Shape(shape));
    Networks.loadBlock(paraphraser, manager, file);
    return paraphraser;
  }

  /**
   * SHA-256 (hex) of a block's parameters — names, shapes and values, BatchNorm statistics included
   * — in the block's parameter order: equal for the same weights loaded anywhere.
   */
  public static String digest(Block block) {
    MessageDigest sha;
    try {
      sha = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
    for (var pair : block.getParameters()) {
      Parameter parameter = pair.getValue();
      sha.update(pair.getKey().getBytes(StandardCharsets.UTF_8));
      if (!parameter.isInitialized()) {
        continue;
      }
      NDArray array = parameter.getArray();
      sha.update(array.getShape().toString().getBytes(StandardCharsets.UTF_8));
      sha.update(array.toByteArray());
    }
    return HexFormat.of().formatHex(sha.digest());
  }
}

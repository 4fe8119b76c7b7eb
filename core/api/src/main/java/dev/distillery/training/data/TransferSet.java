package dev.distillery.training.data;

import dev.distillery.spi.ImageSplit;
import dev.distillery.spi.StageOptionProblems;
import dev.distillery.spi.UserException;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.Collectors;

/**
 * The training images a stage trains on under its {@link TransferSetOptions}, and how many of each
 * class.
 *
 * <p>How they are chosen: every image of a dropped class is left out; of each kept class {@code c}
 * with {@code n_c} images in the training split, {@code k_c = max(1, round(fraction · n_c))} are
 * kept (all of them at fraction 1; at least one, so no kept class vanishes), the first {@code k_c}
 * of a seeded shuffle of that class's images. The shuffle's seed derives from the pipeline seed,
 * the fraction and the class id only — not from the stage's id or seed, nor from the other options
 * — so two stages with the same fraction train on exactly the same images of every class they both
 * keep (a distilled student and a student trained from the labels compare on the same data). The
 * kept images keep their order in the training split.
 *
 * @param images the images to train on
 * @param indices their positions in the whole training split, ascending
 * @param available images per class in the whole training split
 * @param used images per class kept
 * @param options the options they were chosen by
 */
public record TransferSet(
    ImageSplit images, int[] indices, int[] available, int[] used, TransferSetOptions options) {

  /** The key of the entry a training stage's result gets with {@link #reportEntry()}. */
  public static final String REPORT_ENTRY = "training-images";

  /**
   * Chooses the images of {@code train} that {@code options} keep.
   *
   * @param train the whole training split (less the validation images)
   * @param options what to keep; null keeps everything
   * @param classes the dataset's class count
   * @param pipelineSeed the pipeline's seed (not a stage's)
   * @throws UserException when the options are invalid for this dataset or keep no image
   */
  public static TransferSet select(
      ImageSplit train, TransferSetOptions options, int classes, long pipelineSeed) {
    TransferSetOptions chosen = options == null ? TransferSetOptions.everything() : options;
    List<StageOptionProblems.Problem> problems = chosen.problems(classes);
    if (!problems.isEmpty()) {
      throw new UserException(
          problems.stream()
              .map(StageOptionProblems.Problem::message)
              .collect(Collectors.joining("; ")));
    }
    int[] labels = train.labels();
    int[] available = new int[classes];
    for (int label : labels) {
      if (label < 0 || label >= classes) {
        throw new IllegalArgumentException(
            "training label " + label + " is outside the dataset's " + classes + " classes");
      }
      available[label]++;
    }
    if (chosen.keepsEverything()) {
      int[] all = new int[labels.length];
      Arrays.setAll(all, i -> i);
      return new TransferSet(train, all, available, available.clone(), chosen);
    }
    int[][] byClass = new int[classes][];
    int[] filled = new int[classes];
    for (int c = 0; c < classes; c++) {
      byClass[c] = new int[available[c]];
    }
    for (int i = 0; i < labels.length; i++) {
      byClass[labels[i]][filled[labels[i]]++] = i;
    }
    int[] used = new int[classes];
    List<int[]> kept = new ArrayList<>();
    int total = 0;
    for (int c = 0; c < classes; c++) {
      if (chosen.drops(c) || available[c] == 0) {
        continue;
      }
      int[] members = byClass[c];
      int keep = keptCount(members.length, chosen.fraction());
      if (keep < members.length) {
        // partial Fisher-Yates: the first `keep` positions become a seeded sample of the class
        members = members.clone();
        SplittableRandom random =
            new SplittableRandom(classSeed(pipelineSeed, chosen.fraction(), c));
        for (int i = 0; i < keep; i++) {
          int j = i + random.nextInt(members.length - i);
          int swap = members[i];
          members[i] = members[j];
          members[j] = swap;
        }
        members = Arrays.copyOf(members, keep);
      }
      used[c] = keep;
      total += keep;
      kept.add(members);
    }
    if (total == 0) {
      throw new UserException(
          "the transfer set is empty: the training split's "
              + labels.length
              + " images are all of classes that transfer-set.drop-classes "
              + chosen.dropClasses()
              + " leaves out (images per class: "
              + Arrays.toString(available)
              + "); keep a class the training split has images of");
    }
    int[] indices = new int[total];
    int at = 0;
    for (int[] members : kept) {
      System.arraycopy(members, 0, indices, at, members.length);
      at += members.length;
    }
    Arrays.sort(indices);
    return new TransferSet(train.select(indices), indices, available, used, chosen);
  }

  /** {@code max(1, round(fraction · n))} of a class of {@code n > 0} images; all at fraction 1. */
  static int keptCount(int n, double fraction) {
    if (fraction >= 1) {
      return n;
    }
    return (int) Math.max(1, Math.min(n, Math.round(fraction * n)));
  }

  /**
   * The seed of a class's shuffle: the pipeline seed, the fraction and the class id, nothing else
   * (stable across JVMs).
   */
  static long classSeed(long pipelineSeed, double fraction, int classId) {
    long mixed =
        pipelineSeed * 1_000_003L
            + Long.hashCode(Double.doubleToLongBits(fraction)) * 31L
            + classId
            + 0x5452414E53464552L; // "TRANSFER": apart from the other seeds derived from it
    return new SplittableRandom(mixed).nextLong();
  }

  /** Images trained on. */
  public int count() {
    return images.count();
  }

  /**
   * The entry for the stage's result ({@link #REPORT_ENTRY}): images trained on ({@code images}),
   * per class ({@code per-class}), the training split's size ({@code of}), the dropped classes, the
   * fraction, and {@code images-digest}: 16 hex digits of a SHA-256 over the kept positions, equal
   * for two stages of a run exactly when they trained on the same images.
   */
  public Map<String, Object> reportEntry() {
    Map<String, Object> entry = new LinkedHashMap<>();
    entry.put("images", count());
    entry.put("per-class", Arrays.stream(used).boxed().toList());
    entry.put("of", Arrays.stream(available).sum());
    entry.put("drop-classes", options.dropClasses());
    entry.put("fraction", options.fraction());
    entry.put("images-digest", indicesDigest());
    return entry;
  }

  private String indicesDigest() {
    try {
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      ByteBuffer buffer = ByteBuffer.allocate(4 * (indices.length + 1));
      buffer.putInt(Arrays.stream(available).sum());
      for (int index : indices) {
        buffer.putInt(index);
      }
      return HexFormat.of().formatHex(digest.digest(buffer.array())).substring(0, 16);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is not available", e);
    }
  }
}

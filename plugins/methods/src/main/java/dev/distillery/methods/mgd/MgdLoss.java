package dev.distillery.methods.mgd;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.training.ParameterStore;
import dev.distillery.methods.ChannelMatching;
import dev.distillery.methods.ofd.OfdMargin;
import dev.distillery.spi.DistillationBatch;
import dev.distillery.spi.DistillationLoss;
import dev.distillery.spi.Scalars;
import java.util.ArrayList;
import java.util.List;

/**
 * Matching Guided Distillation (Yue et al. ECCV 2020) as KaiyuYue/mgd {@code mgd/builder.py}
 * ({@code MGDistiller} for amp/rd, {@code SMDistiller} for sm) and {@code cls/main_mgd.py}:
 *
 * <pre>
 *   per pair i of n:  s = BN_i(student pre-ReLU feature)            (B, C_s, H, W)
 *                     t = R(teacher pre-ReLU feature; matching_i)     (B, C_s, H, W)
 *                     m = R(margins; matching_i)                      (C_s)
 *     ℓ_i = Σ (s − max(t, m))² · [s &gt; max(t, m) ∨ max(t, m) &gt; 0]     (over batch and map)
 *   loss = Σ_i ℓ_i / 2^(n−1−i) / B / loss-factor
 * </pre>
 *
 * <p>R reduces the teacher channels matched with each student channel: {@code sm} takes the one
 * matched channel; {@code amp} the matched value of largest magnitude per position (margin: the
 * mean of the matched channels' margins); {@code rd} a matched channel drawn uniformly per image,
 * channel and position (margin: one matched channel's margin drawn per channel). BN_i is a
 * BatchNorm connector that trains with the student ({@link #trainableBlocks()}). The margin of a
 * teacher channel is E[x | x &lt; 0] for x ~ N(β, γ²) of the teacher's batch norm that produces the
 * feature point ({@link OfdMargin}, the reference's {@code get_margin_from_BN}); for a teacher
 * without one (LeNet-5) the channel's mean and standard deviation over the statistics window stand
 * in for β and |γ|.
 *
 * <p>The matching ({@link ChannelMatching}) comes from statistics of the training batches: a solve
 * point (the start of epoch 0, and of every epoch that is a multiple of {@code update-every}) opens
 * a window that sums, over the next training batches, the per-image cost {@code 2 − 2·cos(student
 * channel, teacher channel)} of the raw (pre-BN) features (and, for margins from data, the
 * teacher's per-channel first and second moments); after batch i of the window with batch-size·i
 * &gt; {@code statistics-images} (the reference's stopping rule), or at the end of the epoch, the
 * matching (and such margins) are solved from the window and replace the previous ones. Before the
 * very first window is full, a matching solved from the first batch alone is used. Batches outside
 * training add no statistics.
 */
public final class MgdLoss implements DistillationLoss {

  /** Draws the random-drop choices (replaceable in tests). */
  interface RandomDrop {

    /**
     * For each image, student channel and position, which of the {@code groups} matched teacher
     * channels to take: int64 of shape (B, C_s, H·W, 1), values in [0, groups).
     */
    NDArray teacherPicks(NDManager manager, int pair, Shape shape, long groups);

    /** For each student channel, which matched channel's margin: int64 (1, C_s, 1, 1). */
    NDArray marginPicks(NDManager manager, int pair, Shape shape, long groups);
  }

  private static final RandomDrop UNIFORM =
      new RandomDrop() {
        @Override
        public NDArray teacherPicks(NDManager manager, int pair, Shape shape, long groups) {
          return manager.randomInteger(0, groups, shape, DataType.INT64);
        }

        @Override
        public NDArray marginPicks(NDManager manager, int pair, Shape shape, long groups) {
          return manager.randomInteger(0, groups, shape, DataType.INT64);
        }
      };

  /** Statistics of one window, one entry per pair, in the persistent manager. */
  private final class Window {
    final int epoch;
    final NDArray[] cost;
    final NDArray[] teacherSum;
    final NDArray[] teacherSquares;
    final long[] teacherCount;
    long images;
    int batches;

    Window(int epoch) {
      this.epoch = epoch;
      int n = pairs.size();
      cost = new NDArray[n];
      teacherSum = new NDArray[n];
      teacherSquares = new NDArray[n];
      teacherCount = new long[n];
      for (int i = 0; i < n; i++) {
        Pair pair = pairs.get(i);
        cost[i] = state.zeros(new Shape(pair.studentChannels, pair.teacherChannels));
        teacherSum[i] = state.zeros(new Shape(pair.teacherChannels));
        teacherSquares[i] = state.zeros(new Shape(pair.teacherChannels));
      }
    }

    /** MGDistiller.track_running_stats on one batch, plus the teacher's moments. */
    void add(List<NDArray> students, List<NDArray> teachers) {
      long batchSize = students.get(0).getShape().get(0);
      for (int i = 0; i < pairs.size(); i++) {
        Pair pair = pairs.get(i);
        NDArray s =
            normalize(students.get(i).stopGradient().reshape(batchSize, pair.studentChannels, -1));
        NDArray rawTeacher =
            teachers.get(i).stopGradient().reshape(batchSize, pair.teacherChannels, -1);
        NDArray t = normalize(rawTeacher);
        NDArray dot = s.batchMatMul(t.transpose(0, 2, 1)).sum(new int[] {0});
        cost[i].addi(Scalars.times(dot, -2f).add(2f * batchSize));
        if (pair.fixedMargins == null) {
          teacherSum[i].addi(rawTeacher.sum(new int[] {0, 2}));
          teacherSquares[i].addi(rawTeacher.square().sum(new int[] {0, 2}));
          teacherCount[i] += batchSize * rawTeacher.getShape().get(2);
        }
      }
      images += batchSize;
      batches++;
    }

    void close() {
      for (int i = 0; i < pairs.size(); i++) {
        cost[i].close();
        teacherSum[i].close();
        teacherSquares[i].close();
      }
    }
  }

  /** Channel counts of one pair and its current matching. */
  private static final class Pair {
    final long studentChannels;
    final long teacherChannels;
    final int groups;
    final double[] fixedMargins;
    int[][] matching;
    double[] teacherMargins;
    long[] flatIndex;
    float[] groupMargins;

    Pair(long studentChannels, long teacherChannels, int groups, double[] fixedMargins) {
      this.studentChannels = studentChannels;
      this.teacherChannels = teacherChannels;
      this.groups = groups;
      this.fixedMargins = fixedMargins;
    }
  }

  private final MgdOptions options;
  private final MgdOptions.Reducer reducer;
  private final List<BatchNorm> connectors;
  private final List<Pair> pairs = new ArrayList<>();
  private final NDManager state;
  private RandomDrop randomDrop = UNIFORM;
  private Window window;
  private int lastOpenedEpoch = Integer.MIN_VALUE;
  private boolean matched;
  private int solves;

  /**
   * A loss over the given pairs: {@code channels[i] = {C_s, C_t}}; one initialised BatchNorm per
   * pair; {@code margins[i]} the margin of each teacher channel of pair i (from its batch norm), or
   * null to estimate them from the statistics; {@code manager} owns the statistics between batches.
   */
  public MgdLoss(
      MgdOptions options,
      List<long[]> channels,
      List<BatchNorm> connectors,
      List<double[]> margins,
      NDManager manager) {
    if (channels.size() != options.studentFeatures().size()
        || connectors.size() != channels.size()
        || margins.size() != channels.size()) {
      throw new IllegalArgumentException(
          "mgd: " + channels.size() + " pairs and " + connectors.size() + " connectors");
    }
    this.options = options;
    this.reducer = MgdOptions.Reducer.of(options.reducer());
    this.connectors = List.copyOf(connectors);
    this.state = manager;
    for (int i = 0; i < channels.size(); i++) {
      long[] pair = channels.get(i);
      int groups = reducer == MgdOptions.Reducer.SM ? 1 : (int) (pair[1] / pair[0]);
      double[] fixed = margins.get(i);
      if (fixed != null && fixed.length != pair[1]) {
        throw new IllegalArgumentException(
            "mgd: " + fixed.length + " margins for " + pair[1] + " teacher channels");
      }
      pairs.add(new Pair(pair[0], pair[1], groups, fixed == null ? null : fixed.clone()));
    }
  }

  @Override
  public String name() {
    return "mgd";
  }

  /** The BatchNorm applied to each pair's student feature (the reference's {@code BNs}). */
  public List<BatchNorm> connectors() {
    return connectors;
  }

  @Override
  public List<Block> trainableBlocks() {
    return List.copyOf(connectors);
  }

  /** How many times the matching has been solved so far. */
  public int solves() {
    return solves;
  }

  /**
   * The current matching of pair {@code pair}: for each student channel, its teacher channels in
   * ascending order; null before the first batch.
   */
  public int[][] matching(int pair) {
    int[][] matching = pairs.get(pair).matching;
    if (matching == null) {
      return null;
    }
    int[][] copy = new int[matching.length][];
    for (int s = 0; s < matching.length; s++) {
      copy[s] = matching[s].clone();
    }
    return copy;
  }

  /**
   * The current margin of every teacher channel of pair {@code pair}: from the teacher's batch norm
   * from the start, else from the statistics (null before the first batch).
   */
  public double[] teacherMargins(int pair) {
    Pair p = pairs.get(pair);
    double[] margins = p.teacherMargins != null ? p.teacherMargins : p.fixedMargins;
    return margins == null ? null : margins.clone();
  }

  void useRandomDrop(RandomDrop randomDrop) {
    this.randomDrop = randomDrop;
  }

  @Override
  public NDArray compute(DistillationBatch batch) {
    List<NDArray> students = new ArrayList<>();
    List<NDArray> teachers = new ArrayList<>();
    for (int i = 0; i < pairs.size(); i++) {
      students.add(batch.studentFeature(options.studentFeatures().get(i)));
      teachers.add(batch.teacherFeature(options.teacherFeatures().get(i)).stopGradient());
    }
    if (batch.training()) {
      observe(batch.step().epoch(), students, teachers);
    } else if (!matched) {
      Window once = new Window(batch.step().epoch());
      try {
        once.add(students, teachers);
        solve(once);
      } finally {
        once.close();
      }
    }
    return loss(students, teachers, batch.training());
  }

  /** Feeds one training batch to the schedule; solves when a window is complete. */
  private void observe(int epoch, List<NDArray> students, List<NDArray> teachers) {
    if (window != null && epoch != window.epoch) {
      closeWindow();
    }
    if (!matched || (epoch % options.updateEvery() == 0 && epoch != lastOpenedEpoch)) {
      if (window != null) {
        closeWindow();
      }
      window = new Window(epoch);
      lastOpenedEpoch = epoch;
    }
    if (window == null) {
      return;
    }
    long batchSize = students.get(0).getShape().get(0);
    long index = window.batches; // the reference's i in mgd_update's loop
    window.add(students, teachers);
    if (batchSize * index > options.statisticsImages()) {
      closeWindow();
    } else if (!matched) {
      solve(window); // provisional, until the first window is complete
    }
  }

  private void closeWindow() {
    try {
      solve(window);
    } finally {
      window.close();
      window = null;
    }
  }

  /** MGDistiller/SMDistiller.update_flow, and the margins, from a window's statistics. */
  private void solve(Window statistics) {
    for (int i = 0; i < pairs.size(); i++) {
      Pair pair = pairs.get(i);
      int sc = (int) pair.studentChannels;
      int tc = (int) pair.teacherChannels;
      float[] sums = statistics.cost[i].toFloatArray();
      double[][] cost = new double[sc][tc];
      for (int s = 0; s < sc; s++) {
        for (int t = 0; t < tc; t++) {
          cost[s][t] = sums[s * tc + t] / (double) statistics.images;
        }
      }
      int[][] matching = ChannelMatching.solve(cost, reducer);
      double[] margins = pair.fixedMargins;
      if (margins == null) {
        // No teacher batch norm: its (β, |γ|) become the channel's measured mean and deviation.
        float[] sum = statistics.teacherSum[i].toFloatArray();
        float[] squares = statistics.teacherSquares[i].toFloatArray();
        double count = statistics.teacherCount[i];
        margins = new double[tc];
        for (int t = 0; t < tc; t++) {
          double mean = sum[t] / count;
          double variance = Math.max(squares[t] / count - mean * mean, 0);
          margins[t] = OfdMargin.margin(Math.sqrt(variance), mean);
        }
      }
      long[] flatIndex = new long[sc * pair.groups];
      float[] groupMargins = new float[sc * pair.groups];
      for (int s = 0; s < sc; s++) {
        for (int k = 0; k < pair.groups; k++) {
          flatIndex[s * pair.groups + k] = matching[s][k];
          groupMargins[s * pair.groups + k] = (float) margins[matching[s][k]];
        }
      }
      pair.matching = matching;
      pair.teacherMargins = margins;
      pair.flatIndex = flatIndex;
      pair.groupMargins = groupMargins;
    }
    matched = true;
    solves++;
  }

  private NDArray loss(List<NDArray> students, List<NDArray> teachers, boolean training) {
    int n = pairs.size();
    NDArray total = null;
    long batchSize = students.get(0).getShape().get(0);
    for (int i = 0; i < n; i++) {
      NDArray student = students.get(i);
      NDArray normalized =
          connectors
              .get(i)
              .forward(
                  new ParameterStore(student.getManager(), false), new NDList(student), training)
              .singletonOrThrow();
      NDArray[] reduced = reduce(i, teachers.get(i));
      NDArray target = reduced[0].maximum(reduced[1]);
      NDArray mask = normalized.gt(target).logicalOr(target.gt(0f)).toType(DataType.FLOAT32, false);
      // loss_factors = [2 ** (feat_num - i - 1) ...]; loss_distill += distillation_loss / factor
      NDArray term =
          Scalars.divided(
              normalized.sub(target).square().mul(mask).sum(), (float) Math.pow(2, n - 1 - i));
      total = total == null ? term : total.add(term);
    }
    // main_mgd.py train(): loss += d_loss.sum() / args.batch_size / args.loss_factor
    return Scalars.divided(Scalars.divided(total, (float) batchSize), options.lossFactor());
  }

  /**
   * The teacher feature reduced to the student's channels (B, C_s, H, W) and the margins (1, C_s,
   * 1, 1): the reference's sm, amp and rd.
   */
  private NDArray[] reduce(int i, NDArray teacher) {
    Pair pair = pairs.get(i);
    NDManager manager = teacher.getManager();
    Shape shape = teacher.getShape();
    long b = shape.get(0);
    long h = shape.get(2);
    long w = shape.get(3);
    long sc = pair.studentChannels;
    long g = pair.groups;
    NDArray index =
        manager.create(pair.flatIndex, new Shape(1, sc * g, 1, 1)).broadcast(b, sc * g, h, w);
    NDArray matched = teacher.gather(index, 1).reshape(b, sc, g, h, w);
    NDArray margins = manager.create(pair.groupMargins, new Shape(1, sc, g, 1));
    switch (reducer) {
      case SM:
        return new NDArray[] {matched.reshape(b, sc, h, w), margins.reshape(1, sc, 1, 1)};
      case AMP:
        {
          NDArray largest = matched.abs().argMax(2).expandDims(2);
          return new NDArray[] {
            matched.gather(largest, 2).reshape(b, sc, h, w), margins.mean(new int[] {2}, true)
          };
        }
      case RD:
        {
          NDArray positions = matched.reshape(b, sc, g, h * w).transpose(0, 1, 3, 2);
          NDArray teacherPicks = randomDrop.teacherPicks(manager, i, new Shape(b, sc, h * w, 1), g);
          NDArray marginPicks = randomDrop.marginPicks(manager, i, new Shape(1, sc, 1, 1), g);
          return new NDArray[] {
            positions.gather(teacherPicks, 3).reshape(b, sc, h, w),
            margins.transpose(0, 1, 3, 2).gather(marginPicks, 3)
          };
        }
      default:
        throw new IllegalStateException("unknown reducer " + reducer);
    }
  }

  /** F.normalize(x, p=2, dim=2): x / max(‖x‖₂, 1e-12) along the last axis. */
  private static NDArray normalize(NDArray x) {
    return x.div(Scalars.atLeast(x.square().sum(new int[] {2}, true).sqrt(), 1e-12f));
  }
}

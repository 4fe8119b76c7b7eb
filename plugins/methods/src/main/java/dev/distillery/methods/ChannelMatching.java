package dev.distillery.methods;

import dev.distillery.methods.mgd.MgdOptions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.jgrapht.Graph;
import org.jgrapht.alg.interfaces.MatchingAlgorithm;
import org.jgrapht.alg.matching.KuhnMunkresMinimalWeightBipartitePerfectMatching;
import org.jgrapht.graph.DefaultWeightedEdge;
import org.jgrapht.graph.SimpleWeightedGraph;

/**
 * The teacher-to-student channel assignment of Matching Guided Distillation (KaiyuYue/mgd {@code
 * mgd/builder.py}, {@code update_flow}), solved as a minimum-cost perfect matching with JGraphT's
 * Kuhn-Munkres (Hungarian) solver; the reference uses OR-tools' {@code LinearSumAssignment} on the
 * same matrices with the costs rounded to 1e-5.
 *
 * <p>{@code cost[s][t]} is the mean over images of {@code 2 − 2·cos(student channel s, teacher
 * channel t)} (channels as vectors over the feature map's positions). The result is, for each
 * student channel, the teacher channels it is matched with, in ascending order (the reference's
 * order among the copies of one student row is whatever the solver returns; nothing depends on it
 * but which channel a random drop draws, which is uniform either way):
 *
 * <ul>
 *   <li>{@code sm} ({@code SMDistiller}): the (C_s × C_t) matrix is padded with constant rows to
 *       C_t × C_t; each student channel gets one distinct teacher channel.
 *   <li>{@code rd}, {@code amp} ({@code MGDistiller}): the matrix is stacked g = ⌊C_t / C_s⌋ times
 *       (row r is student channel r mod C_s) over the first g·C_s teacher channels (the remaining
 *       C_t mod C_s are "shaved" and never matched); each student channel gets g teacher channels.
 * </ul>
 */
public final class ChannelMatching {

  private ChannelMatching() {}

  /**
   * The matched teacher channels of each student channel: {@code result[s]} has one entry for
   * {@code sm}, ⌊C_t / C_s⌋ for {@code rd} and {@code amp}, ascending. Needs C_t ≥ C_s.
   */
  public static int[][] solve(double[][] cost, MgdOptions.Reducer reducer) {
    int students = cost.length;
    int teachers = cost[0].length;
    if (teachers < students) {
      throw new IllegalArgumentException(
          "mgd matching needs at least as many teacher channels as student channels, got "
              + teachers
              + " and "
              + students);
    }
    int groups = reducer == MgdOptions.Reducer.SM ? 1 : teachers / students;
    int size = reducer == MgdOptions.Reducer.SM ? teachers : groups * students;
    double[][] square = new double[size][size];
    for (int row = 0; row < size; row++) {
      if (reducer == MgdOptions.Reducer.SM && row >= students) {
        continue; // padding rows: one constant cost (the reference uses 1e10), irrelevant
      }
      System.arraycopy(cost[row % students], 0, square[row], 0, size);
    }
    int[] rowToColumn = minimumCostAssignment(square);
    int[][] matched = new int[students][groups];
    for (int s = 0; s < students; s++) {
      for (int k = 0; k < groups; k++) {
        matched[s][k] = rowToColumn[k * students + s];
      }
      Arrays.sort(matched[s]);
    }
    return matched;
  }

  /**
   * A minimum-cost perfect assignment of the rows of a square matrix to its columns: {@code
   * result[row]} is the row's column.
   */
  public static int[] minimumCostAssignment(double[][] cost) {
    int n = cost.length;
    Graph<Integer, DefaultWeightedEdge> graph =
        new SimpleWeightedGraph<>(DefaultWeightedEdge.class);
    Set<Integer> rows = new LinkedHashSet<>();
    Set<Integer> columns = new LinkedHashSet<>();
    for (int i = 0; i < n; i++) {
      graph.addVertex(i);
      rows.add(i);
      graph.addVertex(n + i);
      columns.add(n + i);
    }
    for (int row = 0; row < n; row++) {
      if (cost[row].length != n) {
        throw new IllegalArgumentException("cost matrix is not square");
      }
      for (int column = 0; column < n; column++) {
        DefaultWeightedEdge edge = graph.addEdge(row, n + column);
        graph.setEdgeWeight(edge, cost[row][column]);
      }
    }
    MatchingAlgorithm.Matching<Integer, DefaultWeightedEdge> matching =
        new KuhnMunkresMinimalWeightBipartitePerfectMatching<>(graph, rows, columns).getMatching();
    int[] assignment = new int[n];
    Arrays.fill(assignment, -1);
    for (DefaultWeightedEdge edge : matching.getEdges()) {
      int a = graph.getEdgeSource(edge);
      int b = graph.getEdgeTarget(edge);
      int row = Math.min(a, b);
      int column = Math.max(a, b) - n;
      assignment[row] = column;
    }
    List<Integer> missing = new ArrayList<>();
    for (int row = 0; row < n; row++) {
      if (assignment[row] < 0) {
        missing.add(row);
      }
    }
    if (!missing.isEmpty()) {
      throw new IllegalStateException("assignment left rows " + missing + " unmatched");
    }
    return assignment;
  }
}

package dev.distillery.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The needs graph: roots, needs, dependants, a stable topological order and cycles. */
class StageGraphTest {

  private static StageGraph graph(String... entries) {
    Map<String, List<String>> needs = new LinkedHashMap<>();
    for (String entry : entries) {
      String[] parts = entry.split(":", -1);
      needs.put(parts[0], parts[1].isEmpty() ? List.of() : List.of(parts[1].split(",")));
    }
    return StageGraph.of(needs);
  }

  @Test
  void answersNeedsAndDependantsInFileOrder() {
    StageGraph graph = graph("report:b,a", "b:teacher", "teacher:", "a:teacher", "lone:");

    assertThat(graph.stageIds()).containsExactly("report", "b", "teacher", "a", "lone");
    assertThat(graph.roots()).containsExactly("teacher", "lone");
    assertThat(graph.needs("report")).containsExactly("b", "a");
    assertThat(graph.dependants("teacher")).containsExactly("b", "a");
    assertThat(graph.upstream("report")).containsExactly("b", "teacher", "a");
  }

  @Test
  void ordersStagesAfterWhatTheyNeedEarliestInFileFirst() {
    StageGraph graph = graph("report:b,a", "b:teacher", "teacher:", "a:teacher", "lone:");

    assertThat(graph.topologicalOrder()).containsExactly("teacher", "b", "a", "report", "lone");
  }

  @Test
  void findsACycle() {
    StageGraph graph = graph("x:", "a:c", "b:a", "c:b");

    assertThat(graph.findCycle()).contains(List.of("a", "c", "b", "a"));
    assertThatThrownBy(graph::topologicalOrder)
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("stages form a cycle: a -> c -> b -> a");
    assertThat(graph("a:", "b:a").findCycle()).isEmpty();
  }

  @Test
  void rejectsAnUnknownNeed() {
    assertThatThrownBy(() -> graph("a:zz"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'zz'");
  }
}

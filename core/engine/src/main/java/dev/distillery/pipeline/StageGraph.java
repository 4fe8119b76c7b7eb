package dev.distillery.pipeline;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The stages of a pipeline and what each needs: a directed graph whose every listing is in file
 * order, so that schedules and reports are stable.
 */
public final class StageGraph {

  private final Map<String, List<String>> needs;
  private final Map<String, List<String>> dependants;
  private final Map<String, Integer> order;

  private StageGraph(Map<String, List<String>> needs) {
    this.needs = needs;
    this.order = new HashMap<>();
    this.dependants = new LinkedHashMap<>();
    int index = 0;
    for (String id : needs.keySet()) {
      order.put(id, index++);
      dependants.put(id, new ArrayList<>());
    }
    for (Map.Entry<String, List<String>> entry : needs.entrySet()) {
      for (String needed : entry.getValue()) {
        List<String> list = dependants.get(needed);
        if (list == null) {
          throw new IllegalArgumentException(
              "stage '"
                  + entry.getKey()
                  + "' needs '"
                  + needed
                  + "', which is not a stage; stages: "
                  + needs.keySet());
        }
        list.add(entry.getKey());
      }
    }
  }

  /** The graph of a pipeline's stages. */
  public static StageGraph of(PipelineSpec pipeline) {
    Map<String, List<String>> needs = new LinkedHashMap<>();
    pipeline.stages().forEach((id, stage) -> needs.put(id, stage.needs()));
    return of(needs);
  }

  /**
   * A graph from the needs of each stage, stages in the map's iteration order (file order).
   * Duplicate needs count once.
   *
   * @throws IllegalArgumentException when a stage needs an id that is not a key of the map
   */
  public static StageGraph of(Map<String, ? extends Collection<String>> needsById) {
    Map<String, List<String>> needs = new LinkedHashMap<>();
    needsById.forEach((id, list) -> needs.put(id, List.copyOf(new LinkedHashSet<>(list))));
    return new StageGraph(Collections.unmodifiableMap(needs));
  }

  /** All stage ids in file order. */
  public List<String> stageIds() {
    return List.copyOf(needs.keySet());
  }

  /** The stages that need nothing, in file order. */
  public List<String> roots() {
    return needs.entrySet().stream()
        .filter(entry -> entry.getValue().isEmpty())
        .map(Map.Entry::getKey)
        .toList();
  }

  /** The stages that {@code id} needs directly, in the order written. */
  public List<String> needs(String id) {
    return needs.get(require(id));
  }

  /** The stages that need {@code id} directly, in file order. */
  public List<String> dependants(String id) {
    return List.copyOf(dependants.get(require(id)));
  }

  /** Every stage that {@code id} needs directly or indirectly, in file order. */
  public List<String> upstream(String id) {
    Set<String> seen = new HashSet<>();
    List<String> pending = new ArrayList<>(needs(id));
    while (!pending.isEmpty()) {
      String next = pending.remove(pending.size() - 1);
      if (seen.add(next)) {
        pending.addAll(needs.get(next));
      }
    }
    return needs.keySet().stream().filter(seen::contains).toList();
  }

  /**
   * The stages in an order where each comes after everything it needs; among stages that could go
   * next, the one earliest in the file goes first.
   *
   * @throws IllegalStateException when the stages form a cycle
   */
  public List<String> topologicalOrder() {
    Map<String, Integer> waiting = new HashMap<>();
    needs.forEach((id, list) -> waiting.put(id, list.size()));
    List<String> ready = new ArrayList<>(roots());
    List<String> result = new ArrayList<>();
    while (!ready.isEmpty()) {
      ready.sort((a, b) -> Integer.compare(order.get(a), order.get(b)));
      String next = ready.remove(0);
      result.add(next);
      for (String dependant : dependants.get(next)) {
        if (waiting.merge(dependant, -1, Integer::sum) == 0) {
          ready.add(dependant);
        }
      }
    }
    if (result.size() != needs.size()) {
      throw new IllegalStateException(
          "stages form a cycle: " + String.join(" -> ", findCycle().orElseThrow()));
    }
    return result;
  }

  /**
   * A cycle of needs, if any: the stages along it with the first repeated at the end, e.g. {@code
   * [a, b, a]} when {@code a} needs {@code b} and {@code b} needs {@code a}. The search starts at
   * the first stage in file order, so the same graph always gives the same cycle.
   */
  public Optional<List<String>> findCycle() {
    Map<String, Integer> state = new HashMap<>(); // 1 = on the current path, 2 = done
    for (String start : needs.keySet()) {
      if (!state.containsKey(start)) {
        List<String> path = new ArrayList<>();
        Optional<List<String>> cycle = visit(start, state, path);
        if (cycle.isPresent()) {
          return cycle;
        }
      }
    }
    return Optional.empty();
  }

  private Optional<List<String>> visit(String id, Map<String, Integer> state, List<String> path) {
    state.put(id, 1);
    path.add(id);
    for (String needed : needs.get(id)) {
      Integer seen = state.get(needed);
      if (seen == null) {
        Optional<List<String>> cycle = visit(needed, state, path);
        if (cycle.isPresent()) {
          return cycle;
        }
      } else if (seen == 1) {
        List<String> cycle = new ArrayList<>(path.subList(path.indexOf(needed), path.size()));
        cycle.add(needed);
        return Optional.of(List.copyOf(cycle));
      }
    }
    path.remove(path.size() - 1);
    state.put(id, 2);
    return Optional.empty();
  }

  private String require(String id) {
    if (!needs.containsKey(id)) {
      throw new IllegalArgumentException("no stage '" + id + "'; stages: " + needs.keySet());
    }
    return id;
  }
}

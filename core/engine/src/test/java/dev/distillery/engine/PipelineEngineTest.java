package dev.distillery.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.distillery.run.StageStatus;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The stage graph compiled into Camel routes: ordering, concurrency and failure propagation. */
class PipelineEngineTest {

  private Vertx vertx;
  private final List<String> events = Collections.synchronizedList(new ArrayList<>());

  @BeforeEach
  void start() {
    vertx = Vertx.vertx();
  }

  @AfterEach
  void stop() throws Exception {
    vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  /** A dispatcher whose stages take 300 ms on a timer and log start/end; "bad" stages fail. */
  private StageDispatcher timedDispatcher(List<String> failing) {
    return (stageId, needs) -> {
      List<StageOutcome> failed = needs.stream().filter(o -> !o.succeeded()).toList();
      if (!failed.isEmpty()) {
        events.add("skip:" + stageId);
        return Future.succeededFuture(
            StageOutcome.failed(stageId, "needs '" + failed.get(0).stageId() + "' failed"));
      }
      events.add("start:" + stageId);
      Promise<StageOutcome> done = Promise.promise();
      vertx.setTimer(
          300,
          t -> {
            events.add("end:" + stageId);
            done.complete(
                failing.contains(stageId)
                    ? StageOutcome.failed(stageId, "boom")
                    : StageOutcome.succeeded(stageId, false));
          });
      return done.future();
    };
  }

  private Map<String, StageOutcome> run(Map<String, List<String>> graph, List<String> failing)
      throws Exception {
    return PipelineEngine.execute(vertx, "test-run", graph, timedDispatcher(failing))
        .toCompletionStage()
        .toCompletableFuture()
        .get(30, TimeUnit.SECONDS);
  }

  private static Map<String, List<String>> diamond() {
    Map<String, List<String>> graph = new LinkedHashMap<>();
    graph.put("teacher", List.of());
    graph.put("baseline", List.of());
    graph.put("kd", List.of("teacher"));
    graph.put("evaluate", List.of("teacher", "baseline", "kd"));
    return graph;
  }

  @Test
  void independentStagesOverlapAndDependantsWaitForAllNeeds() throws Exception {
    Map<String, StageOutcome> outcomes = run(diamond(), List.of());

    assertThat(outcomes.values()).allMatch(StageOutcome::succeeded);
    assertThat(outcomes.keySet()).containsExactly("teacher", "baseline", "kd", "evaluate");
    // both roots start before either ends
    assertThat(events.subList(0, 2)).containsExactlyInAnyOrder("start:teacher", "start:baseline");
    assertThat(events.indexOf("start:kd")).isGreaterThan(events.indexOf("end:teacher"));
    int evaluateStart = events.indexOf("start:evaluate");
    assertThat(evaluateStart)
        .isGreaterThan(events.indexOf("end:kd"))
        .isGreaterThan(events.indexOf("end:baseline"));
  }

  @Test
  void aFailedStageFailsItsDependantsWhileIndependentBranchesFinish() throws Exception {
    Map<String, StageOutcome> outcomes = run(diamond(), List.of("teacher"));

    assertThat(outcomes.get("teacher").status()).isEqualTo(StageStatus.FAILED);
    assertThat(outcomes.get("baseline").succeeded()).isTrue();
    assertThat(events).contains("end:baseline");
    assertThat(outcomes.get("kd").status()).isEqualTo(StageStatus.FAILED);
    assertThat(outcomes.get("kd").message()).contains("teacher");
    assertThat(events).contains("skip:kd", "skip:evaluate").doesNotContain("start:kd");
    assertThat(outcomes.get("evaluate").status()).isEqualTo(StageStatus.FAILED);
  }
}

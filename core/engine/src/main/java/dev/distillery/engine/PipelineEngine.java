package dev.distillery.engine;

import dev.distillery.engine.camel.DistilleryComponent;
import dev.distillery.engine.camel.PipelineRoutes;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.camel.CamelContext;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;

/**
 * Runs a stage graph: compiles it into Camel routes ({@link PipelineRoutes}) over the {@code
 * distillery:} component, starts every root stage, and completes when every stage has an outcome.
 * Nothing here blocks on training: stages end through the dispatcher's futures.
 */
public final class PipelineEngine {

  private PipelineEngine() {}

  /**
   * Executes the graph.
   *
   * @param vertx the Vert.x instance (Camel is stopped on one of its worker threads)
   * @param runId correlates the exchanges of this run
   * @param needs for each stage in pipeline order, the stages it needs (all must be in the map)
   * @param dispatcher runs one stage once its needs have ended
   * @return the outcome of every stage, in pipeline order
   */
  public static Future<Map<String, StageOutcome>> execute(
      Vertx vertx, String runId, Map<String, List<String>> needs, StageDispatcher dispatcher) {
    Map<String, List<String>> dependants = new LinkedHashMap<>();
    needs.keySet().forEach(id -> dependants.put(id, new ArrayList<>()));
    needs.forEach(
        (id, required) -> {
          for (String need : required) {
            List<String> list = dependants.get(need);
            if (list == null) {
              throw new IllegalArgumentException("stage '" + id + "' needs unknown '" + need + "'");
            }
            list.add(id);
          }
        });

    Map<String, StageOutcome> outcomes = new ConcurrentHashMap<>();
    Promise<Map<String, StageOutcome>> finished = Promise.promise();
    StageDispatcher counting =
        (stageId, upstream) ->
            dispatchSafely(dispatcher, stageId, upstream)
                .recover(
                    error ->
                        Future.succeededFuture(
                            StageOutcome.failed(stageId, String.valueOf(error.getMessage()))))
                .onSuccess(
                    outcome -> {
                      outcomes.put(stageId, outcome);
                      if (outcomes.size() == needs.size()) {
                        Map<String, StageOutcome> ordered = new LinkedHashMap<>();
                        needs.keySet().forEach(id -> ordered.put(id, outcomes.get(id)));
                        finished.tryComplete(ordered);
                      }
                    });

    CamelContext camel = new DefaultCamelContext();
    try {
      camel.getCamelContextExtension().setName("distillery-" + runId);
      camel.addComponent(DistilleryComponent.SCHEME, new DistilleryComponent(counting));
      camel.addRoutes(new PipelineRoutes(needs, dependants));
      camel.start();
      var template = camel.createProducerTemplate();
      needs.forEach(
          (id, required) -> {
            if (required.isEmpty()) {
              var exchange = new DefaultExchange(camel);
              exchange.getIn().setHeader(PipelineRoutes.RUN_HEADER, runId);
              exchange.getIn().setBody(new ArrayList<StageOutcome>());
              template.asyncSend(PipelineRoutes.stageEntry(id), exchange);
            }
          });
    } catch (Exception e) {
      stopQuietly(camel);
      return Future.failedFuture(e);
    }
    return finished
        .future()
        .eventually(
            () ->
                vertx.executeBlocking(
                    () -> {
                      stopQuietly(camel);
                      return null;
                    }));
  }

  /** A dispatcher that throws (a full disk while writing run.json) fails the stage, not the run. */
  private static Future<StageOutcome> dispatchSafely(
      StageDispatcher dispatcher, String stageId, List<StageOutcome> upstream) {
    try {
      return dispatcher.dispatch(stageId, upstream);
    } catch (RuntimeException | Error e) {
      return Future.failedFuture(e);
    }
  }

  private static void stopQuietly(CamelContext camel) {
    try {
      camel.stop();
    } catch (RuntimeException e) {
      // stopping is best effort once every stage has ended
    }
  }
}

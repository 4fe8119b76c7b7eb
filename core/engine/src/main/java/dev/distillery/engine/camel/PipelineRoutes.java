package dev.distillery.engine.camel;

import dev.distillery.engine.StageOutcome;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.camel.AggregationStrategy;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.model.RouteDefinition;

/**
 * Compiles a stage graph into Camel routes, one per stage:
 *
 * <pre>
 * from(direct:stage-S)
 *   [aggregate the outcomes of S's needs until all have arrived]   (when S has several needs)
 *   to(distillery:S)                                               (runs the stage, async)
 *   multicast, in parallel, to direct:stage-D for each dependant D  (when S has dependants)
 * </pre>
 *
 * A stage therefore starts when all its needs have ended; independent branches run concurrently. A
 * failed need reaches its dependants as a failed outcome, and the dispatcher fails them with the
 * reason without running them, so the aggregation of a join always completes.
 */
public final class PipelineRoutes extends RouteBuilder {

  /** Header correlating the exchanges of one run in join aggregations. */
  public static final String RUN_HEADER = "DistilleryRun";

  private final Map<String, List<String>> needs;
  private final Map<String, List<String>> dependants;

  /**
   * @param needs for each stage (in pipeline order), the stages it needs
   * @param dependants for each stage, the stages that need it
   */
  public PipelineRoutes(Map<String, List<String>> needs, Map<String, List<String>> dependants) {
    this.needs = needs;
    this.dependants = dependants;
  }

  /** The endpoint that starts a stage. */
  public static String stageEntry(String stageId) {
    return "direct:stage-" + stageId;
  }

  @Override
  public void configure() {
    for (var entry : needs.entrySet()) {
      String stageId = entry.getKey();
      int needCount = entry.getValue().size();
      RouteDefinition route = from(stageEntry(stageId)).routeId("stage-" + stageId);
      List<String> next = dependants.getOrDefault(stageId, List.of());
      if (needCount > 1) {
        var joined =
            route
                .aggregate(header(RUN_HEADER), new CollectOutcomes())
                .completionSize(needCount)
                .to(DistilleryComponent.SCHEME + ":" + stageId);
        if (!next.isEmpty()) {
          joined.multicast().parallelProcessing().to(entries(next)).end();
        }
        joined.end();
      } else {
        route.to(DistilleryComponent.SCHEME + ":" + stageId);
        if (!next.isEmpty()) {
          route.multicast().parallelProcessing().to(entries(next)).end();
        }
      }
    }
  }

  private static String[] entries(List<String> stageIds) {
    return stageIds.stream().map(PipelineRoutes::stageEntry).toArray(String[]::new);
  }

  /** Merges the outcome lists of the needs of a join into one list. */
  static final class CollectOutcomes implements AggregationStrategy {
    @Override
    @SuppressWarnings("unchecked")
    public Exchange aggregate(Exchange collected, Exchange arriving) {
      List<StageOutcome> arrived = arriving.getIn().getBody(List.class);
      if (collected == null) {
        arriving.getIn().setBody(new ArrayList<>(arrived == null ? List.of() : arrived));
        return arriving;
      }
      List<StageOutcome> all = collected.getIn().getBody(List.class);
      if (arrived != null) {
        all.addAll(arrived);
      }
      return collected;
    }
  }
}

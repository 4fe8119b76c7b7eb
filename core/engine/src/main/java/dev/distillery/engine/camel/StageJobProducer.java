package dev.distillery.engine.camel;

import dev.distillery.engine.StageOutcome;
import java.util.ArrayList;
import java.util.List;
import org.apache.camel.AsyncCallback;
import org.apache.camel.Exchange;
import org.apache.camel.support.DefaultAsyncProducer;

/**
 * Runs one stage without holding a Camel thread: hands the stage to the dispatcher and completes
 * the exchange in the dispatcher's callback. The exchange body carries the outcomes of the stages
 * before (a {@code List<StageOutcome>}) and is replaced by this stage's outcome.
 */
final class StageJobProducer extends DefaultAsyncProducer {

  StageJobProducer(DistilleryEndpoint endpoint) {
    super(endpoint);
  }

  @Override
  public DistilleryEndpoint getEndpoint() {
    return (DistilleryEndpoint) super.getEndpoint();
  }

  @Override
  public boolean process(Exchange exchange, AsyncCallback callback) {
    List<StageOutcome> needs = outcomes(exchange.getIn().getBody());
    String stageId = getEndpoint().stageId();
    getEndpoint()
        .getComponent()
        .dispatcher()
        .dispatch(stageId, needs)
        .onComplete(
            result -> {
              StageOutcome outcome =
                  result.succeeded()
                      ? result.result()
                      : StageOutcome.failed(stageId, String.valueOf(result.cause().getMessage()));
              exchange.getIn().setBody(new ArrayList<>(List.of(outcome)));
              callback.done(false);
            });
    return false;
  }

  @SuppressWarnings("unchecked")
  private static List<StageOutcome> outcomes(Object body) {
    if (body instanceof List<?> list) {
      return (List<StageOutcome>) list;
    }
    return List.of();
  }
}

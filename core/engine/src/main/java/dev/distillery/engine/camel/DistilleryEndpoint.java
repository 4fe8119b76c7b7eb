package dev.distillery.engine.camel;

import org.apache.camel.Consumer;
import org.apache.camel.Processor;
import org.apache.camel.Producer;
import org.apache.camel.support.DefaultEndpoint;

/** The endpoint of one stage, {@code distillery:<stage>}. Producer only. */
public final class DistilleryEndpoint extends DefaultEndpoint {

  private final String stageId;

  DistilleryEndpoint(String uri, DistilleryComponent component, String stageId) {
    super(uri, component);
    this.stageId = stageId;
  }

  public String stageId() {
    return stageId;
  }

  @Override
  public DistilleryComponent getComponent() {
    return (DistilleryComponent) super.getComponent();
  }

  @Override
  public Producer createProducer() {
    return new StageJobProducer(this);
  }

  @Override
  public Consumer createConsumer(Processor processor) {
    throw new IllegalStateException(
        "distillery:" + stageId + " can only be sent to; stages are started by routes");
  }
}

package dev.distillery.engine.camel;

import dev.distillery.engine.StageDispatcher;
import java.util.Map;
import java.util.Objects;
import org.apache.camel.Endpoint;
import org.apache.camel.support.DefaultComponent;

/**
 * The Camel component {@code distillery:<stage>}: the only glue between Camel routes and the Vert.x
 * workers. Sending an exchange to {@code distillery:teacher} runs stage {@code teacher}
 * asynchronously through the run's {@link StageDispatcher}.
 */
public final class DistilleryComponent extends DefaultComponent {

  /** The URI scheme. */
  public static final String SCHEME = "distillery";

  private final StageDispatcher dispatcher;

  public DistilleryComponent(StageDispatcher dispatcher) {
    this.dispatcher = Objects.requireNonNull(dispatcher, "dispatcher is null");
  }

  StageDispatcher dispatcher() {
    return dispatcher;
  }

  @Override
  protected Endpoint createEndpoint(String uri, String remaining, Map<String, Object> parameters)
      throws Exception {
    if (remaining == null || remaining.isBlank()) {
      throw new IllegalArgumentException(
          "a distillery endpoint names a stage, e.g. distillery:teacher; got '" + uri + "'");
    }
    DistilleryEndpoint endpoint = new DistilleryEndpoint(uri, this, remaining);
    setProperties(endpoint, parameters);
    return endpoint;
  }
}

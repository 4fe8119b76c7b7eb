package dev.distillery.engine;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import com.fasterxml.jackson.databind.JsonNode;
import dev.distillery.spi.DatasetSource;
import dev.distillery.spi.ImageSplit;
import dev.distillery.spi.ModelArtifact;
import dev.distillery.spi.Network;
import dev.distillery.spi.PluginCatalog;
import dev.distillery.spi.StageContext;
import dev.distillery.spi.StageMonitor;
import dev.distillery.spi.StageResult;
import dev.distillery.training.Networks;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/** The {@link StageContext} the engine hands to a running stage. */
final class RunStageContext implements StageContext {

  private final RunSession session;
  private final String stageId;
  private final Splits splits;
  private final StageMonitor monitor;

  RunStageContext(RunSession session, String stageId, Splits splits) {
    this.session = session;
    this.stageId = stageId;
    this.splits = splits;
    this.monitor = new RunStageMonitor(session, stageId);
  }

  @Override
  public String runId() {
    return session.runId();
  }

  @Override
  public String stageId() {
    return stageId;
  }

  @Override
  public String stageKey() {
    return session.stage(stageId).key();
  }

  @Override
  public Path runDirectory() {
    return session.directory().path();
  }

  @Override
  public Path stageDirectory() {
    return session.directory().stageDirectory(stageId);
  }

  @Override
  public Path checkpointDirectory() {
    return session.directory().checkpointDirectory(stageId);
  }

  @Override
  public long seed() {
    return session.stageSeed(stageId);
  }

  @Override
  public long pipelineSeed() {
    return session.pipeline().seed();
  }

  @Override
  public Device device() {
    return session.device().device();
  }

  @Override
  public DatasetSource dataset() {
    return splits.source();
  }

  @Override
  public ImageSplit trainSplit() {
    return splits.train();
  }

  @Override
  public ImageSplit validationSplit() {
    return splits.validation();
  }

  @Override
  public ImageSplit testSplit() {
    return splits.test();
  }

  @Override
  public Map<String, StageResult> inputs() {
    Map<String, StageResult> inputs = new LinkedHashMap<>();
    for (String need : session.stage(stageId).needs()) {
      inputs.put(need, session.readResult(need));
    }
    return inputs;
  }

  @Override
  public PluginCatalog plugins() {
    return session.plugins();
  }

  @Override
  public Network newNetwork(String architecture, JsonNode options, NDManager manager, long seed) {
    Network network =
        Networks.create(session.plugins(), architecture, options, splits.source().input());
    Networks.initialize(network, manager, seed);
    return network;
  }

  @Override
  public Network loadModel(ModelArtifact artifact, NDManager manager) {
    return Networks.load(
        session.plugins(), artifact, splits.source().input(), runDirectory(), manager);
  }

  @Override
  public StageMonitor monitor() {
    return monitor;
  }
}

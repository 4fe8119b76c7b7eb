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

  private final StageRuntime runtime;
  private final String stageId;
  private final Splits splits;
  private final Device device;
  private final StageMonitor monitor;

  RunStageContext(StageRuntime runtime, String stageId, Splits splits, Device device) {
    this.runtime = runtime;
    this.stageId = stageId;
    this.splits = splits;
    this.device = device;
    this.monitor = new RunStageMonitor(runtime, stageId);
  }

  @Override
  public String runId() {
    return runtime.runId();
  }

  @Override
  public String stageId() {
    return stageId;
  }

  @Override
  public String stageKey() {
    return runtime.stage(stageId).key();
  }

  @Override
  public Path runDirectory() {
    return runtime.directory().path();
  }

  @Override
  public Path stageDirectory() {
    return runtime.directory().stageDirectory(stageId);
  }

  @Override
  public Path checkpointDirectory() {
    return runtime.directory().checkpointDirectory(stageId);
  }

  @Override
  public long seed() {
    return runtime.stageSeed(stageId);
  }

  @Override
  public long pipelineSeed() {
    return runtime.pipeline().seed();
  }

  @Override
  public Device device() {
    return device;
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
    for (String need : runtime.stage(stageId).needs()) {
      inputs.put(need, runtime.readResult(need));
    }
    return inputs;
  }

  @Override
  public PluginCatalog plugins() {
    return runtime.plugins();
  }

  @Override
  public Network newNetwork(String architecture, JsonNode options, NDManager manager, long seed) {
    Network network =
        Networks.create(runtime.plugins(), architecture, options, splits.source().input());
    Networks.initialize(network, manager, seed);
    return network;
  }

  @Override
  public Network loadModel(ModelArtifact artifact, NDManager manager) {
    return Networks.load(
        runtime.plugins(), artifact, splits.source().input(), runDirectory(), manager);
  }

  @Override
  public StageMonitor monitor() {
    return monitor;
  }

  @Override
  public void writeRunReport() {
    dev.distillery.report.HtmlReport.writeAsStageEnds(this);
  }
}

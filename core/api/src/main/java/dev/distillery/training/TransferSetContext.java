package dev.distillery.training;

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
import dev.distillery.training.data.TransferSet;
import dev.distillery.training.data.TransferSetOptions;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;

/**
 * A stage's context whose training split is the stage's {@link TransferSet}; everything else
 * (validation and test splits, the dataset, seeds, directories, inputs) is the stage's own. A
 * training stage runs on this context so that every part of it (the training loop, methods that
 * index the training images, teacher-output stores, which are matched by their images) sees the
 * same images.
 */
public final class TransferSetContext implements StageContext {

  private final StageContext context;
  private final TransferSet transferSet;

  private TransferSetContext(StageContext context, TransferSet transferSet) {
    this.context = Objects.requireNonNull(context, "context is null");
    this.transferSet = Objects.requireNonNull(transferSet, "transferSet is null");
  }

  /**
   * Chooses the stage's transfer set from its training split (see {@link TransferSet#select}) and
   * records it in the stage's metrics.
   *
   * @param options the stage's {@code transfer-set} option; null keeps every training image
   * @throws dev.distillery.spi.UserException when the options do not fit the dataset or keep no
   *     image
   */
  public static TransferSet select(StageContext context, TransferSetOptions options) {
    TransferSet transferSet =
        TransferSet.select(
            context.trainSplit(),
            options,
            context.dataset().input().classes(),
            context.pipelineSeed());
    if (!transferSet.options().keepsEverything()) {
      context.monitor().record("transfer-set", transferSet.reportEntry());
    }
    return transferSet;
  }

  /** The context to train in: {@code context} itself when the set keeps every image. */
  public static StageContext of(StageContext context, TransferSet transferSet) {
    return transferSet.options().keepsEverything()
        ? context
        : new TransferSetContext(context, transferSet);
  }

  @Override
  public ImageSplit trainSplit() {
    return transferSet.images();
  }

  @Override
  public String runId() {
    return context.runId();
  }

  @Override
  public String stageId() {
    return context.stageId();
  }

  @Override
  public String stageKey() {
    return context.stageKey();
  }

  @Override
  public Path stageDirectory() {
    return context.stageDirectory();
  }

  @Override
  public Path checkpointDirectory() {
    return context.checkpointDirectory();
  }

  @Override
  public long seed() {
    return context.seed();
  }

  @Override
  public long pipelineSeed() {
    return context.pipelineSeed();
  }

  @Override
  public Device device() {
    return context.device();
  }

  @Override
  public DatasetSource dataset() {
    return context.dataset();
  }

  @Override
  public ImageSplit validationSplit() {
    return context.validationSplit();
  }

  @Override
  public ImageSplit testSplit() {
    return context.testSplit();
  }

  @Override
  public Map<String, StageResult> inputs() {
    return context.inputs();
  }

  @Override
  public PluginCatalog plugins() {
    return context.plugins();
  }

  @Override
  public Path runDirectory() {
    return context.runDirectory();
  }

  @Override
  public Network newNetwork(String architecture, JsonNode options, NDManager manager, long seed) {
    return context.newNetwork(architecture, options, manager, seed);
  }

  @Override
  public Network loadModel(ModelArtifact artifact, NDManager manager) {
    return context.loadModel(artifact, manager);
  }

  @Override
  public StageMonitor monitor() {
    return context.monitor();
  }

  @Override
  public void writeRunReport() {
    context.writeRunReport();
  }
}

package dev.distillery.spi;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.Map;

/** Everything a running stage gets from the engine. */
public interface StageContext {

  String runId();

  String stageId();

  /**
   * The stage's key: a digest of its resolved options and of everything upstream. Checkpoints and
   * caches made under another key are stale.
   */
  String stageKey();

  /** The stage's own directory in the run directory: artifacts go here. */
  Path stageDirectory();

  /** Where the stage keeps its checkpoints; survives interruptions. */
  Path checkpointDirectory();

  /** A seed for this stage, derived from the pipeline seed and the stage id. */
  long seed();

  /**
   * The pipeline's seed, the same for every stage of the run: for random choices that several
   * stages must make alike (e.g. which training images a transfer set keeps).
   */
  long pipelineSeed();

  /** The device the stage's worker pool drives. */
  Device device();

  /** The pipeline's dataset, loaded once per run and shared by stages. */
  DatasetSource dataset();

  /**
   * The training images: the dataset's training split less the held-out validation images (the same
   * for every stage of a run).
   */
  ImageSplit trainSplit();

  /** The held-out validation images (empty when the pipeline holds none out). */
  ImageSplit validationSplit();

  /** The test images ({@code dataset().test()}, limited as the pipeline asks). */
  ImageSplit testSplit();

  /** Results of the stages this one needs (directly), by stage id. */
  Map<String, StageResult> inputs();

  PluginCatalog plugins();

  /** The run directory; artifact paths in {@link ModelArtifact} are relative to it. */
  Path runDirectory();

  /**
   * Creates a network of a registered architecture with its options bound from {@code options} and
   * initialises its parameters in {@code manager}, seeded with {@code seed}.
   */
  Network newNetwork(String architecture, JsonNode options, NDManager manager, long seed);

  /** Rebuilds a model an earlier stage produced and loads its parameters into {@code manager}. */
  Network loadModel(ModelArtifact artifact, NDManager manager);

  StageMonitor monitor();

  /**
   * Writes the run's {@code report.html} from what the run directory holds now (the evaluate stage
   * calls it as it ends). A failure is logged as a warning, not thrown: the measurements are in the
   * stages' files, and {@code distillery report RUN_DIR} builds the page again.
   */
  void writeRunReport();
}

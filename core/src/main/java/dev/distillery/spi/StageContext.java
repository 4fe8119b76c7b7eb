package dev.distillery.spi;

import ai.djl.Device;
import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.Map;

/** Everything a running stage gets from the engine. */
public interface StageContext {

  String runId();

  String stageId();

  /** The stage's own directory in the run directory: artifacts go here. */
  Path stageDirectory();

  /** Where the stage keeps its checkpoints; survives interruptions. */
  Path checkpointDirectory();

  /** A seed for this stage, derived from the pipeline seed and the stage id. */
  long seed();

  /** The device the stage's worker pool drives. */
  Device device();

  /** The pipeline's dataset, loaded once per run and shared by stages. */
  DatasetSource dataset();

  /** The fraction of the training split held out for validation (0 for none). */
  double validationFraction();

  /** Results of the stages this one needs (directly), by stage id. */
  Map<String, StageResult> inputs();

  PluginCatalog plugins();

  /** Creates a network of a registered architecture, binding its options from a JSON node. */
  Network createNetwork(String architecture, JsonNode options);

  StageMonitor monitor();
}

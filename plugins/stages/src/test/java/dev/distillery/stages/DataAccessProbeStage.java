package dev.distillery.stages;

import dev.distillery.options.OptionsMapper;
import dev.distillery.run.RunDirectory;
import dev.distillery.spi.NoOptions;
import dev.distillery.spi.StageContext;
import dev.distillery.spi.StagePlugin;
import dev.distillery.spi.StageResult;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Test stages that count the images their context lets them reach: {@code data-access-probe} reads
 * training images like any training stage; {@code blind-data-access-probe} declares that it does
 * not, as {@code data-free-distill} does.
 */
public class DataAccessProbeStage implements StagePlugin<NoOptions> {

  private final String id;
  private final boolean reads;

  public DataAccessProbeStage() {
    this("data-access-probe", true);
  }

  DataAccessProbeStage(String id, boolean reads) {
    this.id = id;
    this.reads = reads;
  }

  /** The stage that declares it reads no training images. */
  public static final class Blind extends DataAccessProbeStage {
    public Blind() {
      super("blind-data-access-probe", false);
    }
  }

  @Override
  public String id() {
    return id;
  }

  @Override
  public String description() {
    return "Test stage: counts the images of each split it can reach";
  }

  @Override
  public Class<NoOptions> optionsType() {
    return NoOptions.class;
  }

  @Override
  public boolean readsTrainingImages() {
    return reads;
  }

  @Override
  public StageResult run(NoOptions options, StageContext context) {
    Map<String, Double> counts = new LinkedHashMap<>();
    counts.put("train", (double) context.trainSplit().count());
    counts.put("validation", (double) context.validationSplit().count());
    counts.put("dataset.train", (double) context.dataset().train().count());
    counts.put("test", (double) context.testSplit().count());
    return new StageResult(counts, List.of(), Map.of());
  }

  static StageResult result(RunDirectory run, String stage) {
    try {
      return OptionsMapper.mapper()
          .readValue(run.stageDirectory(stage).resolve("result.json").toFile(), StageResult.class);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}

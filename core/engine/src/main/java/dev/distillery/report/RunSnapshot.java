package dev.distillery.report;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.distillery.options.OptionsMapper;
import dev.distillery.run.RunDirectory;
import dev.distillery.run.RunState;
import dev.distillery.run.StageStatus;
import dev.distillery.spi.UserException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * What a run directory holds at the moment it is read: the run and stage states ({@code run.json}),
 * each stage's plugin ({@code pipeline.resolved.json}), per-epoch curves ({@code metrics.jsonl}),
 * the evaluation ({@code report.json}, once an evaluate stage has written it; {@code
 * generators.json} of an evaluate-generators stage) and the image grids generation stages saved
 * ({@code stages/<stage>/images/*.png}, {@code generators/*.png}). A run still in progress is read
 * as far as it got.
 *
 * @param directory the run directory
 * @param state run and stage states
 * @param plugins each stage's plugin id ({@code uses}), where the resolved pipeline says
 * @param curves per-epoch figures of each stage that recorded epochs, in run.json's stage order
 * @param evaluation the evaluation report, or null before an evaluate stage wrote one
 * @param generators the generator evaluation ({@code generators.json}), or null without one
 * @param imageGrids image grids of each stage that saved some, relative to the run directory
 * @param notes what could not be read (e.g. a metrics line cut off by a run still writing)
 */
public record RunSnapshot(
    RunDirectory directory,
    RunState state,
    Map<String, String> plugins,
    Map<String, TrainingCurves> curves,
    EvaluationResults evaluation,
    GeneratorResults generators,
    Map<String, List<String>> imageGrids,
    List<String> notes) {

  private static final ObjectMapper LENIENT =
      OptionsMapper.mapper().copy().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

  /**
   * Reads a run directory.
   *
   * @throws UserException when {@code path} is not a run directory or its run.json is unreadable
   */
  public static RunSnapshot read(Path path) {
    RunDirectory directory = RunDirectory.open(path);
    RunState state;
    try {
      state = LENIENT.readValue(directory.stateFile().toFile(), RunState.class);
    } catch (IOException e) {
      throw new UserException(
          "'"
              + directory.stateFile()
              + "' is not a readable run state: "
              + EvaluationResults.reason(e)
              + "; a run directory's run.json is written by `distillery run`",
          e);
    }
    List<String> notes = new ArrayList<>();
    Map<String, String> plugins = plugins(directory, notes);
    Map<String, TrainingCurves> curves = curves(directory, state, notes);
    EvaluationResults evaluation = null;
    if (Files.isRegularFile(directory.reportJson())) {
      try {
        evaluation = EvaluationResults.read(directory.reportJson());
      } catch (UserException e) {
        notes.add(e.getMessage());
      }
    }
    GeneratorResults generators = null;
    Path generatorsFile = directory.path().resolve("generators.json");
    if (Files.isRegularFile(generatorsFile)) {
      try {
        generators = GeneratorResults.read(generatorsFile, EvaluationResults.READER);
      } catch (UserException e) {
        notes.add(e.getMessage());
      }
    }
    return new RunSnapshot(
        directory,
        state,
        plugins,
        curves,
        evaluation,
        generators,
        imageGrids(directory, state),
        notes);
  }

  /** The stages not yet ended (pending or running), leaving out {@code except} (may be null). */
  public List<String> unfinishedStages(String except) {
    List<String> unfinished = new ArrayList<>();
    state.stages.forEach(
        (id, record) -> {
          if (!id.equals(except) && (record.status == null || !record.status.isTerminal())) {
            unfinished.add(id);
          }
        });
    return unfinished;
  }

  /**
   * Whether the run has not ended: a stage other than {@code writingStage} (the stage writing the
   * report as it finishes; null for none) is pending or running, or, without a writing stage,
   * run.json still says {@code created} or {@code running}.
   */
  public boolean inProgress(String writingStage) {
    if (!unfinishedStages(writingStage).isEmpty()) {
      return true;
    }
    return writingStage == null
        && ("running".equals(state.status) || "created".equals(state.status));
  }

  /** The stages that failed, with their messages. */
  public Map<String, String> failedStages() {
    Map<String, String> failed = new LinkedHashMap<>();
    state.stages.forEach(
        (id, record) -> {
          if (record.status == StageStatus.FAILED) {
            failed.put(id, record.message == null ? "" : record.message);
          }
        });
    return failed;
  }

  private static Map<String, String> plugins(RunDirectory directory, List<String> notes) {
    Map<String, String> plugins = new LinkedHashMap<>();
    Path file = directory.resolvedPipelineFile();
    if (!Files.isRegularFile(file)) {
      return plugins;
    }
    try {
      JsonNode stages = LENIENT.readTree(file.toFile()).path("stages");
      for (Map.Entry<String, JsonNode> stage : stages.properties()) {
        plugins.put(stage.getKey(), stage.getValue().path("uses").asText(""));
      }
    } catch (IOException e) {
      notes.add("cannot read " + file.getFileName() + ": " + e.getMessage());
    }
    return plugins;
  }

  private static Map<String, TrainingCurves> curves(
      RunDirectory directory, RunState state, List<String> notes) {
    Map<String, TrainingCurves> curves = new LinkedHashMap<>();
    for (String stage : state.stages.keySet()) {
      curves.put(stage, TrainingCurves.empty(stage));
    }
    Path file = directory.metricsFile();
    if (Files.isRegularFile(file)) {
      List<String> lines;
      try {
        lines = Files.readAllLines(file);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read " + file, e);
      }
      int unreadable = 0;
      for (String line : lines) {
        if (line.isBlank()) {
          continue;
        }
        JsonNode record;
        try {
          record = LENIENT.readTree(line);
        } catch (IOException e) {
          unreadable++; // e.g. the last line of a run still writing it
          continue;
        }
        if ("epoch".equals(record.path("event").asText()) && record.has("epoch")) {
          curves.computeIfAbsent(record.path("stage").asText(), TrainingCurves::empty).add(record);
        }
      }
      if (unreadable > 0) {
        notes.add(unreadable + " line(s) of metrics.jsonl could not be read and were left out");
      }
    }
    curves.values().removeIf(c -> c.epochs().isEmpty());
    return curves;
  }

  private static Map<String, List<String>> imageGrids(RunDirectory directory, RunState state) {
    Map<String, List<String>> grids = new LinkedHashMap<>();
    for (String stage : state.stages.keySet()) {
      List<String> files = pngs(directory.stageDirectory(stage).resolve("images"), directory);
      if (!files.isEmpty()) {
        grids.put(stage, files);
      }
    }
    // evaluate-generators' samples of each generator it measured: generators/<stage>.png
    for (String file : pngs(directory.path().resolve("generators"), directory)) {
      String name = Path.of(file).getFileName().toString();
      String stage = name.substring(0, name.length() - ".png".length());
      grids.computeIfAbsent(stage + " (evaluate-generators)", s -> new ArrayList<>()).add(file);
    }
    return grids;
  }

  private static List<String> pngs(Path folder, RunDirectory directory) {
    if (!Files.isDirectory(folder)) {
      return List.of();
    }
    try (Stream<Path> files = Files.list(folder)) {
      return files
          .filter(p -> p.getFileName().toString().endsWith(".png") && Files.isRegularFile(p))
          .sorted()
          .map(p -> directory.path().relativize(p).toString())
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + folder, e);
    }
  }
}

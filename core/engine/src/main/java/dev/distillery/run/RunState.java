package dev.distillery.run;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.distillery.files.DurableFiles;
import dev.distillery.options.OptionsMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The state of a run, kept in {@code run.json} in the run directory and rewritten atomically on
 * every change, so that a crash at any moment leaves a readable file.
 */
public final class RunState {

  /** One stage's record. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public static final class StageRecord {
    public String key;
    public StageStatus status = StageStatus.PENDING;
    public String startedAt;
    public String finishedAt;
    public Double seconds;
    public String message;
    public int attempts;
  }

  public String pipeline;
  public String runId;
  public String source;
  public String status = "created";
  public String createdAt;

  /**
   * libtorch threads of the last attempt: {@code intra-op}, {@code inter-op}, {@code cpu-slots}.
   */
  public Map<String, Integer> threads;

  public String updatedAt;
  public Map<String, StageRecord> stages = new LinkedHashMap<>();

  /** Reads {@code run.json} from a run directory. */
  public static RunState read(Path file) {
    try {
      return OptionsMapper.mapper()
          .copy()
          .configure(
              com.fasterxml.jackson.databind.DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES,
              false)
          .readValue(file.toFile(), RunState.class);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read run state " + file, e);
    }
  }

  /**
   * Writes the state atomically and durably (temporary file synced to disk, then renamed).
   *
   * @throws UserException naming the file and the cause (a full disk, permissions)
   */
  public synchronized void write(Path file) {
    updatedAt = Instant.now().toString();
    try {
      DurableFiles.write(file, OptionsMapper.mapper().writeValueAsBytes(this));
    } catch (IOException e) {
      throw DurableFiles.failure("cannot write the run state", file, e);
    }
  }

  public synchronized StageRecord stage(String id) {
    return stages.computeIfAbsent(id, k -> new StageRecord());
  }
}

package dev.distillery.training;

import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import dev.distillery.options.OptionsMapper;
import dev.distillery.training.optim.Optimizer;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * A stage's checkpoints: each in its own directory {@code e<epoch>-s<step>/} holding the parameters
 * of every trainable block (BatchNorm statistics included), the optimizer state, the position, and
 * last a {@code manifest.json} with every file's SHA-256; all synced to disk. The file {@code
 * LATEST} names the newest complete one and is replaced atomically after the checkpoint is fully
 * written, so a crash while writing leaves the previous one intact. The two newest checkpoints are
 * kept: when the newest turns out damaged (a file truncated or changed, LATEST naming nothing), the
 * stage continues from the one before and says so; with none usable it starts from the beginning,
 * said as clearly.
 */
public final class CheckpointStore {

  private static final String LATEST = "LATEST";
  private static final String MANIFEST = "manifest.json";
  private static final org.slf4j.Logger LOG =
      org.slf4j.LoggerFactory.getLogger(CheckpointStore.class);

  /**
   * Where training stands: the next step to run and running sums of the current epoch.
   *
   * @param epoch the epoch to continue (0-based)
   * @param step the step within that epoch to run next
   * @param key the stage key the checkpoint belongs to
   * @param epochLossSum sum of the total loss over the steps of the epoch run so far
   * @param epochCorrect training images classified correctly so far in the epoch
   * @param epochSamples training images seen so far in the epoch
   * @param endedEpochLoss at an epoch's end: that epoch's mean loss (else null), so that a stage
   *     resumed after its last checkpoint still reports its final training figures
   * @param endedTrainAccuracy at an epoch's end: that epoch's training accuracy, or null
   */
  public record Position(
      int epoch,
      int step,
      String key,
      double epochLossSum,
      long epochCorrect,
      long epochSamples,
      Double endedEpochLoss,
      Double endedTrainAccuracy)
      implements Marker {

    /** Jackson reads position.json through this, the canonical constructor. */
    @com.fasterxml.jackson.annotation.JsonCreator
    public Position {}

    /** A position inside an epoch (no ended epoch's figures). */
    public Position(
        int epoch,
        int step,
        String key,
        double epochLossSum,
        long epochCorrect,
        long epochSamples) {
      this(epoch, step, key, epochLossSum, epochCorrect, epochSamples, null, null);
    }

    @Override
    public String name() {
      return "e" + epoch + "-s" + step;
    }
  }

  /**
   * Where a loop stands, saved as {@code position.json} with each checkpoint (a JSON record).
   * {@link #key()} is the stage key it belongs to; {@link #name()} names the checkpoint directory
   * and must differ between the points a loop saves at.
   */
  public interface Marker {
    String key();

    String name();
  }

  private final Path directory;

  public CheckpointStore(Path directory) {
    this.directory = directory;
  }

  /** The newest checkpoint's position, if there is one for this stage key. */
  public Optional<Position> latest(String key) {
    return latest(key, Position.class);
  }

  /**
   * The newest usable checkpoint's position of a loop's own type for this stage key: the one LATEST
   * names if it is complete and intact, else the previous one (with a warning), else none (with a
   * warning when damaged ones were found).
   */
  public <P extends Marker> Optional<P> latest(String key, Class<P> type) {
    if (!Files.isDirectory(directory)) {
      return Optional.empty();
    }
    List<String> candidates = new java.util.ArrayList<>();
    String newest = null;
    Path pointer = directory.resolve(LATEST);
    if (Files.isRegularFile(pointer)) {
      try {
        newest = Files.readString(pointer, StandardCharsets.UTF_8).trim();
        candidates.add(newest);
      } catch (IOException e) {
        newest = "(unreadable LATEST)";
      }
    }
    try (Stream<Path> entries = Files.list(directory)) {
      entries
          .filter(Files::isDirectory)
          .sorted(Comparator.comparing(CheckpointStore::modified).reversed())
          .map(p -> p.getFileName().toString())
          .filter(name -> !candidates.contains(name))
          .forEach(candidates::add);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list checkpoints in " + directory, e);
    }
    List<String> damaged = new java.util.ArrayList<>();
    for (String name : candidates) {
      String problem = problem(name);
      if (problem != null) {
        damaged.add(name + ": " + problem);
        continue;
      }
      P position;
      try {
        position =
            OptionsMapper.mapper()
                .readValue(directory.resolve(name).resolve("position.json").toFile(), type);
      } catch (IOException e) {
        damaged.add(name + ": position.json unreadable");
        continue;
      }
      if (!key.equals(position.key())) {
        return Optional.empty(); // made under another configuration: not this stage's
      }
      if (!damaged.isEmpty() || (newest != null && !name.equals(newest))) {
        LOG.warn(
            "checkpoint {} of {} is damaged ({}); continuing from the one before it, {}",
            newest,
            directory,
            damaged.isEmpty() ? "LATEST names no checkpoint" : String.join("; ", damaged),
            name);
      }
      return Optional.of(position);
    }
    if (!damaged.isEmpty() || newest != null) {
      LOG.warn(
          "no usable checkpoint is left in {} ({}); the stage starts from the beginning",
          directory,
          damaged.isEmpty() ? "LATEST names no checkpoint" : String.join("; ", damaged));
    }
    return Optional.empty();
  }

  /** Why a checkpoint directory cannot be used, or null when it is complete and intact. */
  private String problem(String name) {
    Path checkpoint = directory.resolve(name);
    if (!Files.isDirectory(checkpoint)) {
      return "missing";
    }
    Path manifest = checkpoint.resolve(MANIFEST);
    if (!Files.isRegularFile(manifest)) {
      // checkpoints of earlier versions have no manifest: usable when their position reads
      return Files.isRegularFile(checkpoint.resolve("position.json")) ? null : "incomplete";
    }
    try {
      java.util.Map<String, String> digests =
          OptionsMapper.mapper()
              .readValue(
                  manifest.toFile(),
                  new com.fasterxml.jackson.core.type.TypeReference<
                      java.util.TreeMap<String, String>>() {});
      for (var entry : digests.entrySet()) {
        Path file = checkpoint.resolve(entry.getKey());
        if (!Files.isRegularFile(file)) {
          return entry.getKey() + " missing";
        }
        if (!dev.distillery.files.FileDigests.sha256(file).equals(entry.getValue())) {
          return entry.getKey() + " damaged (SHA-256 differs)";
        }
      }
      return null;
    } catch (IOException e) {
      return "manifest unreadable";
    }
  }

  private static java.nio.file.attribute.FileTime modified(Path path) {
    try {
      return Files.getLastModifiedTime(path);
    } catch (IOException e) {
      return java.nio.file.attribute.FileTime.fromMillis(0);
    }
  }

  /** Loads the checkpoint at {@code position} into the blocks and the optimizer. */
  public void restore(
      Position position, List<Block> blocks, NDManager manager, Optimizer optimizer) {
    restore(position, blocks, manager, List.of(optimizer));
  }

  /** Loads the checkpoint at {@code position} into the blocks and the optimizers. */
  public void restore(
      Marker position, List<Block> blocks, NDManager manager, List<Optimizer> optimizers) {
    Path checkpoint = directory.resolve(position.name());
    for (int i = 0; i < blocks.size(); i++) {
      Networks.loadTrainable(blocks.get(i), manager, checkpoint.resolve("block-" + i + ".params"));
    }
    for (int i = 0; i < optimizers.size(); i++) {
      Path file = checkpoint.resolve(optimizerFile(i));
      try (InputStream in = new BufferedInputStream(Files.newInputStream(file))) {
        optimizers.get(i).load(in);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read optimizer state " + file, e);
      }
    }
  }

  /** Writes a checkpoint, points {@code LATEST} at it and removes older ones. */
  public void save(Position position, List<Block> blocks, Optimizer optimizer) {
    save(position, blocks, List.of(optimizer));
  }

  /**
   * Writes a checkpoint of blocks and optimizers (in the order {@link #restore} expects them),
   * points {@code LATEST} at it and removes older ones.
   */
  public void save(Marker position, List<Block> blocks, List<Optimizer> optimizers) {
    String name = position.name();
    Path checkpoint = directory.resolve(name);
    try {
      Files.createDirectories(checkpoint);
      for (int i = 0; i < blocks.size(); i++) {
        Networks.saveBlock(blocks.get(i), checkpoint.resolve("block-" + i + ".params"));
      }
      for (int i = 0; i < optimizers.size(); i++) {
        try (OutputStream out =
            new BufferedOutputStream(Files.newOutputStream(checkpoint.resolve(optimizerFile(i))))) {
          optimizers.get(i).save(out);
        }
      }
      OptionsMapper.mapper().writeValue(checkpoint.resolve("position.json").toFile(), position);
      java.util.Map<String, String> digests = new java.util.TreeMap<>();
      try (Stream<Path> files = Files.list(checkpoint)) {
        for (Path file : files.filter(Files::isRegularFile).toList()) {
          String fileName = file.getFileName().toString();
          if (!fileName.equals(MANIFEST)) {
            dev.distillery.files.DurableFiles.sync(file);
            digests.put(fileName, dev.distillery.files.FileDigests.sha256(file));
          }
        }
      }
      dev.distillery.files.DurableFiles.write(
          checkpoint.resolve(MANIFEST), OptionsMapper.mapper().writeValueAsBytes(digests));
      String previous = currentName();
      dev.distillery.files.DurableFiles.write(
          directory.resolve(LATEST), name.getBytes(StandardCharsets.UTF_8));
      if (!name.equals(previous)) {
        removeAllBut(name, previous); // the newest and the one before it stay
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write checkpoint " + checkpoint, e);
    }
  }

  private String currentName() {
    try {
      Path pointer = directory.resolve(LATEST);
      return Files.isRegularFile(pointer)
          ? Files.readString(pointer, StandardCharsets.UTF_8).trim()
          : null;
    } catch (IOException e) {
      return null;
    }
  }

  /** Removes every checkpoint (when the stage's configuration changed). */
  public void clear() {
    removeAllBut(null, null);
    try {
      Files.deleteIfExists(directory.resolve(LATEST));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private void removeAllBut(String keep, String alsoKeep) {
    if (!Files.isDirectory(directory)) {
      return;
    }
    try (Stream<Path> entries = Files.list(directory)) {
      for (Path entry : entries.filter(Files::isDirectory).toList()) {
        String entryName = entry.getFileName().toString();
        if (!entryName.equals(keep) && !entryName.equals(alsoKeep)) {
          deleteTree(entry);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void deleteTree(Path root) throws IOException {
    try (Stream<Path> paths = Files.walk(root)) {
      for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(path);
      }
    }
  }

  /** {@code optimizer.bin} for the first (the only one of a training loop), then numbered. */
  private static String optimizerFile(int index) {
    return index == 0 ? "optimizer.bin" : "optimizer-" + index + ".bin";
  }
}

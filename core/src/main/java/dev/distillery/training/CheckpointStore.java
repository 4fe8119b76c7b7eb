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
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * A stage's checkpoints: each in its own directory {@code e<epoch>-s<step>/} holding the parameters
 * of every trainable block (BatchNorm statistics included), the optimizer state and the position;
 * the file {@code LATEST} names the newest complete one and is replaced atomically after the
 * checkpoint is fully written, so a crash while writing leaves the previous one intact.
 */
public final class CheckpointStore {

  private static final String LATEST = "LATEST";

  /**
   * Where training stands: the next step to run and running sums of the current epoch.
   *
   * @param epoch the epoch to continue (0-based)
   * @param step the step within that epoch to run next
   * @param key the stage key the checkpoint belongs to
   * @param epochLossSum sum of the total loss over the steps of the epoch run so far
   * @param epochCorrect training images classified correctly so far in the epoch
   * @param epochSamples training images seen so far in the epoch
   */
  public record Position(
      int epoch, int step, String key, double epochLossSum, long epochCorrect, long epochSamples)
      implements Marker {

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

  /** The newest checkpoint's position of a loop's own type, if there is one for this stage key. */
  public <P extends Marker> Optional<P> latest(String key, Class<P> type) {
    Path pointer = directory.resolve(LATEST);
    if (!Files.isRegularFile(pointer)) {
      return Optional.empty();
    }
    try {
      String name = Files.readString(pointer, StandardCharsets.UTF_8).trim();
      P position =
          OptionsMapper.mapper()
              .readValue(directory.resolve(name).resolve("position.json").toFile(), type);
      return key.equals(position.key()) ? Optional.of(position) : Optional.empty();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read checkpoint in " + directory, e);
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
      Path pointer = directory.resolve(LATEST + ".tmp");
      Files.writeString(pointer, name, StandardCharsets.UTF_8);
      Files.move(
          pointer,
          directory.resolve(LATEST),
          StandardCopyOption.REPLACE_EXISTING,
          StandardCopyOption.ATOMIC_MOVE);
      removeAllBut(name);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write checkpoint " + checkpoint, e);
    }
  }

  /** Removes every checkpoint (when the stage's configuration changed). */
  public void clear() {
    removeAllBut(null);
    try {
      Files.deleteIfExists(directory.resolve(LATEST));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private void removeAllBut(String keep) {
    if (!Files.isDirectory(directory)) {
      return;
    }
    try (Stream<Path> entries = Files.list(directory)) {
      for (Path entry : entries.filter(Files::isDirectory).toList()) {
        if (!entry.getFileName().toString().equals(keep)) {
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

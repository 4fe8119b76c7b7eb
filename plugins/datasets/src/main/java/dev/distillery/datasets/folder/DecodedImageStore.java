package dev.distillery.datasets.folder;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.distillery.datasets.folder.FolderLayout.LabelledFile;
import dev.distillery.images.ImageDecoding;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;

/**
 * The decode-once cache of one split: its images decoded, converted and resized to the model input
 * as 8-bit planes in {@code <cache>/<key>/images.u8}, with {@code meta.json} (counts, which files
 * failed to decode, per-channel pixel sums for the normalisation statistics). The key is a digest
 * of the files' digests, names and labels and of the target shape, so a changed, added or removed
 * file, or another size, makes a new entry; an entry is written to a temporary folder and renamed
 * into place, so a crash leaves no half-written entry.
 */
final class DecodedImageStore {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int BATCH = 256;

  /** What {@code meta.json} holds. */
  record Meta(
      int version,
      int count,
      int channels,
      int height,
      int width,
      List<Integer> undecodable,
      long[] channelSums,
      long[] channelSquares) {}

  /** A decoded split: its pixel file and metadata. */
  record Entry(Path folder, Meta meta) {

    Path pixels() {
      return folder.resolve("images.u8");
    }
  }

  /** A file that could not be decoded. */
  record Failure(int index, String reason) {}

  /** Decides what happens to a file that cannot be decoded; throws to stop. */
  interface FailurePolicy {
    void undecodable(LabelledFile file, String reason);
  }

  private DecodedImageStore() {}

  /** The cached entry for {@code key}, or null when there is none (or it is damaged). */
  static Entry find(Path cache, String key) {
    Path folder = cache.resolve(key);
    Path meta = folder.resolve("meta.json");
    if (!Files.isRegularFile(meta)) {
      return null;
    }
    try {
      Meta read = JSON.readValue(meta.toFile(), Meta.class);
      long bytes = (long) read.count() * read.channels() * read.height() * read.width();
      if (read.version() != 1 || Files.size(folder.resolve("images.u8")) != bytes) {
        return null;
      }
      return new Entry(folder, read);
    } catch (IOException e) {
      return null;
    }
  }

  /**
   * Decodes {@code files} into a new entry for {@code key}: in parallel, in batches, writing the
   * images in file order (files that fail to decode are left out after {@code policy} allows it).
   */
  static Entry build(
      Path cache,
      String key,
      List<LabelledFile> files,
      int channels,
      int height,
      int width,
      FailurePolicy policy)
      throws IOException {
    Files.createDirectories(cache);
    Path temporary = Files.createTempDirectory(cache, key + ".partial-");
    int imageBytes = channels * height * width;
    long[] sums = new long[channels];
    long[] squares = new long[channels];
    List<Integer> undecodable = new ArrayList<>();
    int written = 0;
    int threads = Math.max(1, Runtime.getRuntime().availableProcessors());
    ExecutorService pool =
        Executors.newFixedThreadPool(
            threads,
            task -> {
              Thread thread = new Thread(task, "image-folder-decoder");
              thread.setDaemon(true);
              return thread;
            });
    try (FileChannel out =
        FileChannel.open(
            temporary.resolve("images.u8"), StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
      for (int from = 0; from < files.size(); from += BATCH) {
        List<Future<byte[]>> decoded = new ArrayList<>();
        for (int i = from; i < Math.min(files.size(), from + BATCH); i++) {
          Path file = files.get(i).path();
          decoded.add(
              pool.submit(
                  () -> ImageDecoding.decode(Files.readAllBytes(file), channels, height, width)));
        }
        for (int k = 0; k < decoded.size(); k++) {
          byte[] image;
          String reason = null;
          try {
            image = decoded.get(k).get();
            if (image == null) {
              reason = "no image reader recognises its contents";
            }
          } catch (ExecutionException e) {
            image = null;
            Throwable cause = e.getCause();
            reason = cause.getClass().getSimpleName() + ": " + cause.getMessage();
          }
          if (image == null) {
            policy.undecodable(files.get(from + k), reason);
            undecodable.add(from + k);
            continue;
          }
          for (int c = 0; c < channels; c++) {
            long sum = 0;
            long square = 0;
            for (int p = c * height * width, end = p + height * width; p < end; p++) {
              int v = image[p] & 0xFF;
              sum += v;
              square += v * v;
            }
            sums[c] += sum;
            squares[c] += square;
          }
          ByteBuffer buffer = ByteBuffer.wrap(image);
          long position = (long) written * imageBytes;
          while (buffer.hasRemaining()) {
            position += out.write(buffer, position);
          }
          written++;
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      deleteQuietly(temporary);
      throw new java.io.InterruptedIOException("decoding images was interrupted");
    } catch (IOException | RuntimeException e) {
      deleteQuietly(temporary);
      throw e;
    } finally {
      pool.shutdownNow();
    }
    Meta meta = new Meta(1, written, channels, height, width, undecodable, sums, squares);
    JSON.writeValue(temporary.resolve("meta.json").toFile(), meta);
    Path folder = cache.resolve(key);
    try {
      Files.move(temporary, folder, StandardCopyOption.ATOMIC_MOVE);
    } catch (FileAlreadyExistsException | AtomicMoveNotSupportedException e) {
      // another run built the same entry meanwhile: keep theirs
      deleteQuietly(temporary);
    } catch (IOException e) {
      if (!Files.isDirectory(folder)) {
        deleteQuietly(temporary);
        throw e;
      }
      deleteQuietly(temporary);
    }
    Entry entry = find(cache, key);
    if (entry == null) {
      throw new IOException("the decoded-image cache entry '" + folder + "' cannot be read back");
    }
    return entry;
  }

  static void deleteQuietly(Path folder) {
    try (Stream<Path> paths = Files.walk(folder)) {
      for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(path);
      }
    } catch (IOException | UncheckedIOException e) {
      // best effort: a leftover .partial folder is ignored by find()
    }
  }
}

package dev.distillery.files;

import dev.distillery.spi.UserException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * Writes that must survive a crash: the bytes go to a temporary file beside the target, are synced
 * to disk, and replace the target by an atomic rename, so a reader sees the old file or the new
 * one, never a torn one. Failures become messages naming the file and the cause.
 */
public final class DurableFiles {

  private DurableFiles() {}

  /** Replaces {@code target} with {@code bytes}, durably and atomically. */
  public static void write(Path target, byte[] bytes) throws IOException {
    Path temporary = target.resolveSibling(target.getFileName() + ".tmp");
    try (FileChannel channel =
        FileChannel.open(
            temporary,
            StandardOpenOption.CREATE,
            StandardOpenOption.TRUNCATE_EXISTING,
            StandardOpenOption.WRITE)) {
      ByteBuffer buffer = ByteBuffer.wrap(bytes);
      while (buffer.hasRemaining()) {
        channel.write(buffer);
      }
      channel.force(true);
    } catch (IOException e) {
      Files.deleteIfExists(temporary);
      throw e;
    }
    try {
      Files.move(
          temporary, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING);
    }
  }

  /** Syncs a file already written to disk. */
  public static void sync(Path file) throws IOException {
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
      channel.force(true);
    }
  }

  /**
   * A user-facing failure: {@code what} and the file, then the cause as the operating system gives
   * it (e.g. "No space left on device"), then what to do.
   */
  public static UserException failure(String what, Path file, IOException cause) {
    return new UserException(
        what + " " + file + ": " + reason(cause) + "; fix that, then `distillery resume`", cause);
  }

  /** The operating system's reason of an I/O failure, without Java's class names. */
  public static String reason(IOException error) {
    if (error instanceof FileSystemException fs && fs.getReason() != null) {
      return fs.getReason();
    }
    String message = error.getMessage();
    return message == null ? error.getClass().getSimpleName() : message;
  }
}

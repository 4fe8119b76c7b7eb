package dev.distillery.engine;

import dev.distillery.run.RunDirectory;
import dev.distillery.spi.UserException;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;

/**
 * The lock a run directory's coordinator holds while it runs the pipeline ({@code run.lock}, an OS
 * file lock, so a killed coordinator leaves it free): a second {@code run} or {@code resume} on the
 * same directory is refused, naming the holder.
 */
final class RunLock implements AutoCloseable {

  private final FileChannel channel;
  private final FileLock lock;

  private RunLock(FileChannel channel, FileLock lock) {
    this.channel = channel;
    this.lock = lock;
  }

  static RunLock acquire(RunDirectory directory) {
    Path file = directory.path().resolve("run.lock");
    FileChannel channel = null;
    try {
      channel =
          FileChannel.open(
              file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
      FileLock lock;
      try {
        lock = channel.tryLock();
      } catch (OverlappingFileLockException e) {
        lock = null;
      }
      if (lock == null) {
        String holder = Files.readString(file, StandardCharsets.UTF_8).strip();
        channel.close();
        throw new UserException(
            "run directory '"
                + directory.path()
                + "' is in use by another coordinator ("
                + (holder.isEmpty() ? "unknown process" : holder)
                + "); wait for that run to end or stop it (Ctrl-C) before running or resuming"
                + " it here");
      }
      String me =
          "pid "
              + ProcessHandle.current().pid()
              + " on "
              + InetAddress.getLocalHost().getHostName()
              + " since "
              + Instant.now();
      channel.truncate(0);
      channel.write(ByteBuffer.wrap(me.getBytes(StandardCharsets.UTF_8)), 0);
      channel.force(true);
      return new RunLock(channel, lock);
    } catch (IOException e) {
      try {
        if (channel != null) {
          channel.close();
        }
      } catch (IOException ignored) {
        // reporting the first failure
      }
      throw new UserException(
          "cannot lock run directory '" + directory.path() + "': " + e.getMessage(), e);
    }
  }

  @Override
  public void close() throws IOException {
    lock.release();
    channel.close();
  }
}

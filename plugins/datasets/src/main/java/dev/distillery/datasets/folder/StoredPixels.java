package dev.distillery.datasets.folder;

import dev.distillery.spi.ImagePixels;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Objects;

/**
 * Decoded images kept on disk as 8-bit CHW planes, one image after the other, normalised as they
 * are copied out ({@code x * scale[c] + shift[c]}). Only the bytes of the images asked for are
 * read, so the heap holds none of the set; the operating system's page cache keeps a set that fits
 * in memory fast after the first epoch.
 */
final class StoredPixels implements ImagePixels {

  private static final int CHUNK_BYTES = 1 << 20;

  private final Path file;
  private final FileChannel channel;
  private final int count;
  private final int channels;
  private final int plane;
  private final float[] scale;
  private final float[] shift;
  private final ThreadLocal<ByteBuffer> buffers;

  /**
   * @param file the pixel file ({@code count * channels * plane} bytes)
   * @param mean per-channel mean of {@code x/255} subtracted
   * @param std per-channel standard deviation of {@code x/255} divided by
   */
  StoredPixels(Path file, int count, int channels, int plane, double[] mean, double[] std)
      throws IOException {
    this.file = Objects.requireNonNull(file, "file is null");
    this.count = count;
    this.channels = channels;
    this.plane = plane;
    this.scale = new float[channels];
    this.shift = new float[channels];
    for (int c = 0; c < channels; c++) {
      scale[c] = (float) (1.0 / (255.0 * std[c]));
      shift[c] = (float) (-mean[c] / std[c]);
    }
    this.channel = FileChannel.open(file, StandardOpenOption.READ);
    long expected = (long) count * channels * plane;
    if (channel.size() != expected) {
      channel.close();
      throw new IOException(
          "decoded-image cache file '"
              + file
              + "' holds "
              + channel.size()
              + " bytes, expected "
              + expected);
    }
    int imageBytes = channels * plane;
    int bufferBytes = Math.max(imageBytes, (CHUNK_BYTES / imageBytes) * imageBytes);
    this.buffers = ThreadLocal.withInitial(() -> ByteBuffer.allocate(bufferBytes));
  }

  @Override
  public int count() {
    return count;
  }

  @Override
  public int imageSize() {
    return channels * plane;
  }

  @Override
  public void copy(int from, int to, float[] destination, int offset) {
    Objects.checkFromToIndex(from, to, count);
    int size = imageSize();
    Objects.checkFromIndexSize(offset, (to - from) * size, destination.length);
    ByteBuffer buffer = buffers.get();
    int perChunk = buffer.capacity() / size;
    for (int image = from; image < to; ) {
      int end = Math.min(to, image + perChunk);
      buffer.clear().limit((end - image) * size);
      long position = (long) image * size;
      try {
        while (buffer.hasRemaining()) {
          int read = channel.read(buffer, position + buffer.position());
          if (read < 0) {
            throw new IOException("unexpected end of file");
          }
        }
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read decoded images from '" + file + "'", e);
      }
      byte[] bytes = buffer.array();
      int out = offset + (image - from) * size;
      for (int i = 0, n = (end - image) * size; i < n; i += plane) {
        int c = (i % size) / plane;
        float a = scale[c];
        float b = shift[c];
        for (int p = i; p < i + plane; p++) {
          destination[out + p] = (bytes[p] & 0xFF) * a + b;
        }
      }
      image = end;
    }
  }

  @Override
  public long heapBytes() {
    return 0;
  }
}

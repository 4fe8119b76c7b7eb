package dev.distillery.features;

import dev.distillery.spi.ImagePixels;
import dev.distillery.spi.ImageSplit;
import dev.distillery.spi.ModelArtifact;
import dev.distillery.spi.UserException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.WeakHashMap;

/** The digests that make up a {@link FeatureStoreKey}. */
public final class FeatureDigests {

  /**
   * Digests of splits already hashed in this JVM, by pixel storage (stages share the splits)
   * (stages share the splits).
   */
  private static final Map<ImagePixels, String> SPLITS = new WeakHashMap<>();

  private FeatureDigests() {}

  /**
   * SHA-256 of a model's architecture id, options and parameter file: two artifacts with the same
   * digest compute the same outputs.
   *
   * @param artifact the model
   * @param runDirectory the run directory its parameter path is relative to
   */
  public static String model(ModelArtifact artifact, Path runDirectory) {
    MessageDigest digest = sha256();
    digest.update(artifact.architecture().getBytes(StandardCharsets.UTF_8));
    digest.update((byte) 0);
    digest.update(artifact.options().toString().getBytes(StandardCharsets.UTF_8));
    digest.update((byte) 0);
    Path file = runDirectory.resolve(artifact.parameters());
    try (InputStream in = Files.newInputStream(file)) {
      byte[] buffer = new byte[1 << 16];
      for (int read; (read = in.read(buffer)) > 0; ) {
        digest.update(buffer, 0, read);
      }
    } catch (IOException e) {
      throw new UserException(
          "cannot read the parameters of model '"
              + artifact.name()
              + "' of stage '"
              + artifact.producedBy()
              + "' at '"
              + file
              + "': "
              + e.getMessage()
              + "; re-run that stage",
          e);
    }
    return HexFormat.of().formatHex(digest.digest());
  }

  /**
   * SHA-256 of a split's shape, images (float32, little-endian) and labels. Memoised per split
   * array, so the stages of a run hash their shared splits once.
   */
  public static String data(ImageSplit split) {
    synchronized (SPLITS) {
      String known = SPLITS.get(split.pixels());
      if (known != null) {
        return known;
      }
    }
    MessageDigest digest = sha256();
    ByteBuffer header = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN);
    header.putInt(split.count()).putInt(split.channels()).putInt(split.height());
    header.putInt(split.width()).flip();
    digest.update(header);
    ByteBuffer chunk = ByteBuffer.allocate(1 << 18).order(ByteOrder.LITTLE_ENDIAN);
    int perChunk = Math.max(1, chunk.capacity() / Float.BYTES / Math.max(1, split.imageSize()));
    float[] images = new float[perChunk * split.imageSize()];
    for (int from = 0; from < split.count(); ) {
      int to = Math.min(split.count(), from + perChunk);
      int n = (to - from) * split.imageSize();
      split.copyImages(from, to, images, 0);
      ByteBuffer bytes =
          n * Float.BYTES <= chunk.capacity()
              ? chunk
              : ByteBuffer.allocate(n * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
      bytes.clear();
      bytes.asFloatBuffer().put(images, 0, n);
      bytes.limit(n * Float.BYTES);
      digest.update(bytes);
      from = to;
    }
    int[] labels = split.labels();
    for (int from = 0; from < labels.length; ) {
      int n = Math.min(chunk.capacity() / Integer.BYTES, labels.length - from);
      chunk.clear();
      chunk.asIntBuffer().put(labels, from, n);
      chunk.limit(n * Integer.BYTES);
      digest.update(chunk);
      from += n;
    }
    String result = HexFormat.of().formatHex(digest.digest());
    synchronized (SPLITS) {
      SPLITS.put(split.pixels(), result);
    }
    return result;
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is not available", e);
    }
  }
}

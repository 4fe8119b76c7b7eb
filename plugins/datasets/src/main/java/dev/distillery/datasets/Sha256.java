package dev.distillery.datasets;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * SHA-256 digests for dataset fingerprints, with file digests remembered per path, size and
 * modification time so that opening the same files again does not hash them again.
 */
public final class Sha256 {

  /** Length of a dataset fingerprint in hex digits (64 bits). */
  static final int FINGERPRINT_HEX_DIGITS = 16;

  private record FileKey(Path path, long size, long modifiedNanos) {}

  private static final Map<FileKey, String> FILE_DIGESTS = new ConcurrentHashMap<>();

  private Sha256() {}

  /**
   * The hex SHA-256 of a file's bytes, taken from the cache when the file's path, size and
   * modification time are unchanged.
   *
   * @param attributes the file's attributes, read before its bytes
   */
  public static String ofFile(Path file, BasicFileAttributes attributes, byte[] bytes) {
    FileKey key =
        new FileKey(
            file.toAbsolutePath().normalize(),
            attributes.size(),
            attributes.lastModifiedTime().toInstant().getEpochSecond() * 1_000_000_000L
                + attributes.lastModifiedTime().toInstant().getNano());
    if (attributes.size() != bytes.length) {
      // The file changed while it was read: hash what was read and remember nothing.
      return hex(bytes);
    }
    return FILE_DIGESTS.computeIfAbsent(key, k -> hex(bytes));
  }

  /** A short fingerprint: the first {@value #FINGERPRINT_HEX_DIGITS} hex digits of a digest. */
  public static String fingerprint(String text) {
    return hex(text.getBytes(StandardCharsets.UTF_8)).substring(0, FINGERPRINT_HEX_DIGITS);
  }

  public static String hex(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java platform has SHA-256", e);
    }
  }
}

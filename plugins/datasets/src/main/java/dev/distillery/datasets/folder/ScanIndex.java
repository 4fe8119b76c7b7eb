package dev.distillery.datasets.folder;

import dev.distillery.images.ImageDecoding;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What an earlier open learnt of each file of a folder: its digest and header, by absolute path,
 * size and modification time (as {@code make} and {@code rsync} decide a file is unchanged). With
 * it a later open reads no unchanged file, only their attributes; a file whose size or time changed
 * is read and hashed again. Kept as a tab-separated file in the cache folder.
 */
final class ScanIndex {

  /** One file as last seen. */
  record Known(long size, long modified, String digest, ImageDecoding.Header header) {}

  private static final String VERSION = "scan-index-v1";

  private final Path file;
  private final Map<String, Known> known;

  private ScanIndex(Path file, Map<String, Known> known) {
    this.file = file;
    this.known = known;
  }

  /** The index at {@code file}; empty when it does not exist or cannot be read. */
  static ScanIndex load(Path file) {
    Map<String, Known> known = new ConcurrentHashMap<>();
    if (Files.isRegularFile(file)) {
      try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
        if (VERSION.equals(in.readLine())) {
          for (String line; (line = in.readLine()) != null; ) {
            String[] f = line.split("\t", -1);
            if (f.length == 7) {
              known.put(
                  f[0],
                  new Known(
                      Long.parseLong(f[1]),
                      Long.parseLong(f[2]),
                      f[3],
                      new ImageDecoding.Header(
                          Integer.parseInt(f[4]), Integer.parseInt(f[5]), "1".equals(f[6]))));
            }
          }
        }
      } catch (IOException | RuntimeException e) {
        known.clear(); // a damaged index only costs a full scan
      }
    }
    return new ScanIndex(file, known);
  }

  /** What is known of {@code path} if its size and modification time are unchanged. */
  Known lookup(Path path, long size, long modified) {
    Known entry = known.get(path.toString());
    return entry != null && entry.size() == size && entry.modified() == modified ? entry : null;
  }

  void remember(Path path, Known entry) {
    if (!path.toString().contains("\t") && !path.toString().contains("\n")) {
      known.put(path.toString(), entry);
    }
  }

  /** Writes the index (to a temporary file renamed into place); failures are ignored. */
  void save() {
    try {
      Files.createDirectories(file.getParent());
      Path temporary =
          Files.createTempFile(file.getParent(), file.getFileName().toString(), ".tmp");
      try (BufferedWriter out = Files.newBufferedWriter(temporary, StandardCharsets.UTF_8)) {
        out.write(VERSION);
        out.newLine();
        for (Map.Entry<String, Known> e : known.entrySet()) {
          Known k = e.getValue();
          out.write(
              String.join(
                  "\t",
                  e.getKey(),
                  Long.toString(k.size()),
                  Long.toString(k.modified()),
                  k.digest(),
                  Integer.toString(k.header().width()),
                  Integer.toString(k.header().height()),
                  k.header().colour() ? "1" : "0"));
          out.newLine();
        }
      }
      Files.move(
          temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      // the index only saves time
    }
  }
}

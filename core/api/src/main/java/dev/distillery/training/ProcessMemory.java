package dev.distillery.training;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalLong;

/**
 * This process's memory as the kernel sees it ({@code /proc/self/status}), native memory (libtorch
 * tensors) included; -1 where /proc is missing (not Linux).
 */
public final class ProcessMemory {

  /** Where the figures are read from. */
  public static final Path STATUS_FILE = Path.of("/proc/self/status");

  private ProcessMemory() {}

  /** This process's resident set size in bytes, or -1 where /proc is missing. */
  public static long residentBytes() {
    return bytes(STATUS_FILE, "VmRSS:");
  }

  /** This process's peak resident set size (VmHWM) in bytes, or -1 where /proc is missing. */
  public static long peakResidentBytes() {
    return bytes(STATUS_FILE, "VmHWM:");
  }

  /** A field of a status file in bytes, or -1 when the file or the field is missing. */
  public static long bytes(Path statusFile, String field) {
    try {
      OptionalLong kb = parse(Files.readString(statusFile, StandardCharsets.US_ASCII), field);
      return kb.isPresent() ? kb.getAsLong() * 1024 : -1;
    } catch (IOException | RuntimeException e) {
      return -1;
    }
  }

  /**
   * The value in kB of a {@code /proc/<pid>/status} line such as {@code VmRSS: 123456 kB}, or empty
   * when the field is absent.
   */
  public static OptionalLong parse(String status, String field) {
    for (String line : status.split("\n")) {
      if (line.startsWith(field)) {
        String[] parts = line.substring(field.length()).trim().split("\\s+");
        return OptionalLong.of(Long.parseLong(parts[0]));
      }
    }
    return OptionalLong.empty();
  }
}

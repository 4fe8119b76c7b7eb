package dev.distillery.training;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The process's resident memory, Java heap and native (DJL/libtorch) together. */
public final class ProcessMemory {

  private static final Path STATUS = Path.of("/proc/self/status");

  private ProcessMemory() {}

  /** Resident set size in bytes from /proc/self/status, or -1 where that file is missing. */
  public static long residentBytes() {
    return statusKilobytes("VmRSS:") * 1024;
  }

  /** Peak resident set size in bytes, or -1 where unknown. */
  public static long peakResidentBytes() {
    return statusKilobytes("VmHWM:") * 1024;
  }

  private static long statusKilobytes(String field) {
    try {
      for (String line : Files.readAllLines(STATUS)) {
        if (line.startsWith(field)) {
          return Long.parseLong(line.substring(field.length()).trim().split("\\s+")[0]);
        }
      }
    } catch (IOException | RuntimeException e) {
      return -1;
    }
    return -1;
  }
}

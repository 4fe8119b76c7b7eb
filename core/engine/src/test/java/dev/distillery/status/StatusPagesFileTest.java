package dev.distillery.status;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * /files/ serves the run directory's files and nothing outside it: {@code ..} (plain or
 * percent-encoded), absolute paths, and links pointing out are refused.
 */
class StatusPagesFileTest {

  @Test
  void filesInsideTheRunDirectoryAreFound(@TempDir Path directory) throws Exception {
    Path run = Files.createDirectories(directory.resolve("run"));
    Files.createDirectories(run.resolve("stages/teacher"));
    Files.writeString(run.resolve("stages/teacher/result.json"), "{}");
    Files.writeString(run.resolve("a b+c.txt"), "x");

    assertThat(StatusPages.runFile(run, "stages/teacher/result.json"))
        .isEqualTo(run.resolve("stages/teacher/result.json").toRealPath());
    assertThat(StatusPages.runFile(run, "a%20b+c.txt")).isNotNull();
  }

  @Test
  void pathsLeavingTheRunDirectoryAreRefused(@TempDir Path directory) throws Exception {
    Path run = Files.createDirectories(directory.resolve("run"));
    Files.createDirectories(run.resolve("stages"));
    Path secret = Files.writeString(directory.resolve("secret.txt"), "secret");
    Files.createSymbolicLink(run.resolve("stages/link.txt"), secret);

    for (String attempt :
        new String[] {
          "../secret.txt",
          "..%2Fsecret.txt",
          "%2e%2e/secret.txt",
          "stages/../../secret.txt",
          "stages%2F..%2F..%2Fsecret.txt",
          secret.toString(),
          "%2F" + secret.toString().substring(1),
          "stages/link.txt",
          "stages",
          "",
          "stages//x",
          "..\\secret.txt",
          "%zz"
        }) {
      assertThat(StatusPages.runFile(run, attempt)).as(attempt).isNull();
    }
  }
}

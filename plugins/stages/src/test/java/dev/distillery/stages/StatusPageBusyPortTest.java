package dev.distillery.stages;

import static org.assertj.core.api.Assertions.assertThat;

import dev.distillery.cli.DistilleryCli;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A port in use for the metrics and status page is refused in one line naming it and the option.
 */
class StatusPageBusyPortTest {

  @Test
  void aBusyPortIsOneClearLine(@TempDir Path directory) throws Exception {
    Path file = TinyPipelines.write(directory, "busy.yaml", TinyPipelines.SINGLE_TRAIN);
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    PrintStream original = System.err;
    int code;
    try (ServerSocket holder = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
      int busy = holder.getLocalPort();
      System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
      try {
        code =
            DistilleryCli.execute(
                "run",
                file.toString(),
                "--runs-dir",
                directory.resolve("runs").toString(),
                "--metrics-port",
                Integer.toString(busy),
                "-q");
      } finally {
        System.setErr(original);
      }
      String text = err.toString(StandardCharsets.UTF_8).strip();
      original.println(text);
      assertThat(code).isNotZero();
      assertThat(text.lines().filter(l -> !l.isBlank()))
          .singleElement()
          .asString()
          .contains("127.0.0.1:" + busy)
          .contains("status page")
          .contains("--metrics-port");
    }
  }
}

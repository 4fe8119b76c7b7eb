package dev.distillery.models;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The README's figures table is the one the code computes. */
class ReadmeFiguresTest {

  @Test
  void readmeTableIsCurrent() throws Exception {
    String readme = Files.readString(Path.of("README.md"), StandardCharsets.UTF_8);
    String table = ModelFiguresTable.markdown();
    assertThat(readme)
        .as("plugins/models/README.md must contain this table (paste it in):%n%s", table)
        .contains(table);
  }
}

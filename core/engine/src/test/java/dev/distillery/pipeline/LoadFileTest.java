package dev.distillery.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.distillery.spi.UserException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Files are read as UTF-8 and problems carry the file's path. */
class LoadFileTest {

  @TempDir Path directory;

  @Test
  void namesTheFileInProblems() throws Exception {
    Path file = directory.resolve("bad.yaml");
    Files.writeString(file, "pipeline: bad\nseed: abc\ndataset: {name: synthetic}\nstages: {}\n");

    assertThatThrownBy(() -> TestPipelines.loader().load(file))
        .isInstanceOf(PipelineValidationException.class)
        .hasMessage(
            file
                + ":2:7: seed: expected an integer, got 'abc'\n"
                + file
                + ":4:9: stages: a pipeline needs at least one stage");
  }

  @Test
  void loadsAFile() throws Exception {
    Path file = directory.resolve("good.yaml");
    Files.writeString(
        file,
        "pipeline: good\ndescription: Grüße\ndataset: {name: synthetic}\n"
            + "stages: {e: {uses: evaluate}}\n");

    PipelineSpec spec = TestPipelines.loader().load(file);

    assertThat(spec.source()).isEqualTo(file.toString());
    assertThat(spec.description()).isEqualTo("Grüße");
  }

  @Test
  void reportsAMissingFile() {
    Path missing = directory.resolve("missing.yaml");

    assertThatThrownBy(() -> TestPipelines.loader().load(missing))
        .isInstanceOf(UserException.class)
        .hasMessageStartingWith("pipeline file '" + missing + "' does not exist");
  }
}

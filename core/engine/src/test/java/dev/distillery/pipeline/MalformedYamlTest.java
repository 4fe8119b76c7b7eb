package dev.distillery.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Malformed YAML is reported at snakeyaml's mark, and reading stops there. */
class MalformedYamlTest {

  @Test
  void reportsWhereTheYamlBreaks() {
    assertThat(
            TestPipelines.problems(
                """
                pipeline: broken
                seed: abc
                stages:
                  t: {uses: train, with: {model: lenet5}
                """))
        .containsExactly(
            "p.yaml:5:1: malformed YAML: expected ',' or '}', but got <stream end> (while parsing"
                + " a flow mapping at line 4, column 6); check the indentation and quoting");
  }

  @Test
  void reportsBadIndentation() {
    assertThat(
            TestPipelines.problems(
                """
                pipeline: broken
                stages:
                  t:
                    uses: train
                   with: {}
                """))
        .singleElement()
        .asString()
        .startsWith("p.yaml:5:4: malformed YAML: ");
  }

  @Test
  void reportsAnEmptyFile() {
    assertThat(TestPipelines.problems("# nothing here\n"))
        .containsExactly(
            "p.yaml:1:1: the pipeline file is empty; it needs at least 'pipeline:', 'dataset:' and"
                + " 'stages:'");
  }
}

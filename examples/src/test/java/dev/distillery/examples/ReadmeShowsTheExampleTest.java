package dev.distillery.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The README's "Writing a plugin" shows examples/third-party-method as it is: its Java block is the
 * example's source file, its XML block a part of the example's pom, its services block the services
 * file; and the example builds against this Distillery's version.
 */
class ReadmeShowsTheExampleTest {

  private static final Path README = Path.of("../README.md");
  private static final Path EXAMPLE = Path.of("third-party-method");
  private static final String SOURCE = "src/main/java/com/example/LogitMseMethod.java";
  private static final String SERVICES =
      "src/main/resources/META-INF/services/dev.distillery.spi.MethodPlugin";
  private static final Pattern FENCE = Pattern.compile("(?ms)^```([a-z]*)\\n(.*?)^```$");

  @Test
  void theJavaBlockIsTheExampleSourceFile() throws IOException {
    String source = Files.readString(EXAMPLE.resolve(SOURCE));
    List<String> blocks = blocks("java");

    assertThat(blocks).as("java blocks under \"## Writing a plugin\" in README.md").hasSize(1);
    String block = blocks.get(0);
    assertThat(block)
        .as(
            "README.md's java block under \"Writing a plugin\" differs from examples/"
                + "third-party-method/%s (copy the file into the block):%n%s",
            SOURCE, diff(source, block))
        .isEqualTo(source);
  }

  @Test
  void theXmlBlockIsAPartOfTheExamplePom() throws IOException {
    String pom = Files.readString(EXAMPLE.resolve("pom.xml"));
    List<String> blocks = blocks("xml");

    assertThat(blocks).as("xml blocks under \"## Writing a plugin\" in README.md").hasSize(1);
    String block = blocks.get(0);
    assertThat(block).contains("distillery-bom", "distillery-api", "distillery-testkit");
    assertThat(pom)
        .as(
            "README.md's xml block under \"Writing a plugin\" is not a part of examples/"
                + "third-party-method/pom.xml, indentation included; against the pom from the"
                + " block's first line on:%n%s",
            diff(excerptFrom(pom, block), block))
        .contains(block);
  }

  @Test
  void theServicesBlockIsTheExampleServicesFile() throws IOException {
    String services = Files.readString(EXAMPLE.resolve(SERVICES));
    String expected = "# " + SERVICES + "\n" + services;

    assertThat(blocks("")).as("the services file block").contains(expected);
  }

  @Test
  void theExampleBuildsAgainstThisDistilleryVersion() throws IOException {
    String version = System.getProperty("distillery.version");
    assertThat(version).as("surefire passes the project version").isNotBlank();

    assertThat(Files.readString(EXAMPLE.resolve("pom.xml")))
        .as("examples/third-party-method/pom.xml's distillery.version (and README.md's)")
        .contains("<distillery.version>" + version + "</distillery.version>");
    assertThat(section()).contains("`" + version + "`");
  }

  /** The README's section "## Writing a plugin", up to the next level-2 heading. */
  private static String section() throws IOException {
    String readme = Files.readString(README);
    int start = readme.indexOf("\n## Writing a plugin\n");
    assertThat(start).as("README.md has a section \"## Writing a plugin\"").isNotNegative();
    int end = readme.indexOf("\n## ", start + 1);
    return readme.substring(start, end < 0 ? readme.length() : end);
  }

  /** The contents of the section's fenced blocks of one language ("" for blocks without). */
  private static List<String> blocks(String language) throws IOException {
    List<String> blocks = new ArrayList<>();
    Matcher matcher = FENCE.matcher(section());
    while (matcher.find()) {
      if (matcher.group(1).equals(language)) {
        blocks.add(matcher.group(2));
      }
    }
    return blocks;
  }

  /** The pom from the block's first line on, as long as the block, for the diff. */
  private static String excerptFrom(String pom, String block) {
    String first = block.lines().findFirst().orElse("");
    int start = pom.indexOf(first);
    List<String> lines = (start < 0 ? pom : pom.substring(start)).lines().toList();
    int count = (int) Math.min(lines.size(), block.lines().count());
    return String.join("\n", lines.subList(0, count)) + "\n";
  }

  /**
   * A line diff (longest common subsequence): "-" for a line only in the file, "+" for a line only
   * in the README's block, each with its line number; equal lines are left out.
   */
  static String diff(String file, String readme) {
    List<String> a = file.lines().toList();
    List<String> b = readme.lines().toList();
    int[][] common = new int[a.size() + 1][b.size() + 1];
    for (int i = a.size() - 1; i >= 0; i--) {
      for (int j = b.size() - 1; j >= 0; j--) {
        common[i][j] =
            a.get(i).equals(b.get(j))
                ? common[i + 1][j + 1] + 1
                : Math.max(common[i + 1][j], common[i][j + 1]);
      }
    }
    StringBuilder out = new StringBuilder();
    int i = 0;
    int j = 0;
    while (i < a.size() || j < b.size()) {
      if (i < a.size() && j < b.size() && a.get(i).equals(b.get(j))) {
        i++;
        j++;
      } else if (j < b.size() && (i == a.size() || common[i][j + 1] >= common[i + 1][j])) {
        out.append(String.format("  + README block line %3d: %s%n", j + 1, b.get(j++)));
      } else {
        out.append(String.format("  - file line %3d:         %s%n", i + 1, a.get(i++)));
      }
    }
    return out.length() == 0 ? "  (the same lines; they differ in line endings)" : out.toString();
  }
}

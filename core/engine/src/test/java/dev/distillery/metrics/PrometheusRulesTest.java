package dev.distillery.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.distillery.metrics.PrometheusTooling.Result;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * deploy/prometheus passes promtool: the rules file is valid, its unit tests pass (the stage-failed
 * and NaN-loss alerts fire), and the scrape config is valid.
 */
class PrometheusRulesTest {

  private final Path deploy = PrometheusTooling.repositoryRoot().resolve("deploy/prometheus");

  @Test
  void rulesAreValid() throws Exception {
    String promtool = PrometheusTooling.require(PrometheusTooling.PROMTOOL).toString();
    Result result =
        PrometheusTooling.run(deploy, 30, promtool, "check", "rules", "distillery-rules.yml");
    assertThat(result.exitCode()).as(result.output()).isZero();
    assertThat(result.output()).contains("SUCCESS: 7 rules found");
  }

  @Test
  void ruleUnitTestsPass() throws Exception {
    String promtool = PrometheusTooling.require(PrometheusTooling.PROMTOOL).toString();
    Result result =
        PrometheusTooling.run(deploy, 30, promtool, "test", "rules", "distillery-rules.test.yml");
    assertThat(result.exitCode()).as(result.output()).isZero();
    assertThat(result.output()).contains("SUCCESS");
  }

  @Test
  void scrapeConfigIsValid() throws Exception {
    String promtool = PrometheusTooling.require(PrometheusTooling.PROMTOOL).toString();
    Result result =
        PrometheusTooling.run(deploy, 30, promtool, "check", "config", "prometheus.yml");
    assertThat(result.exitCode()).as(result.output()).isZero();
    assertThat(result.output()).contains("SUCCESS");
    // The shipped config scrapes Distillery's default metrics address.
    assertThat(Files.readString(deploy.resolve("prometheus.yml")))
        .contains("\"" + MetricsServer.DEFAULT_HOST + ":" + MetricsServer.DEFAULT_PORT + "\"");
  }

  @Test
  void clusterScrapeConfigIsValidAndReadsTheCoordinatorsTargetFiles() throws Exception {
    String promtool = PrometheusTooling.require(PrometheusTooling.PROMTOOL).toString();
    Result result =
        PrometheusTooling.run(deploy, 30, promtool, "check", "config", "prometheus-cluster.yml");
    assertThat(result.exitCode()).as(result.output()).isZero();
    assertThat(result.output()).contains("SUCCESS");
    assertThat(Files.readString(deploy.resolve("prometheus-cluster.yml")))
        .contains("runs/prometheus-targets/*.json");
  }
}

package dev.distillery.stages;

import static org.assertj.core.api.Assertions.assertThat;

import dev.distillery.cli.DistilleryCli;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.logging.Level;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;

/**
 * The live status page in a real browser (Debian's chromium, driven by chromium-driver through
 * Selenium): while a small real pipeline runs, the page served beside /metrics shows the stage DAG,
 * updates as the stages go (a stage's state or progress changes between two reads), links the run's
 * files, and the browser's console holds no error. Saves a screenshot as target/status-page.png.
 */
class StatusPageBrowserTest {

  private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
  private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  /** A teacher, then a student that needs it: long enough (a few seconds) to watch. */
  private static final String PIPELINE =
      """
      pipeline: watched
      seed: 5
      device: cpu
      dataset:
        name: synthetic
        validation: 0.125
        with: {train-size: 2048, test-size: 64}
      stages:
        teacher:
          uses: train
          with: {model: lenet5-half, epochs: 3, batch-size: 32}
        student:
          uses: distill
          needs: [teacher]
          with:
            teacher: teacher
            student: lenet5-half
            epochs: 4
            batch-size: 32
            losses: [{uses: kd, with: {temperature: 4}}]
      """;

  @Test
  @Timeout(value = 4, unit = TimeUnit.MINUTES)
  void thePageShowsTheStagesAndFollowsTheRun(@TempDir Path directory) throws Exception {
    // a missing browser fails the test (it is never skipped as passing)
    assertThat(Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER))
        .as("needs Debian's chromium and chromium-driver (./distillery test installs them)")
        .isTrue();
    Path file = TinyPipelines.write(directory, "watched.yaml", PIPELINE);
    int port = freePort();
    ChromeDriver browser = startBrowser();
    try {
      CompletableFuture<Integer> run =
          CompletableFuture.supplyAsync(
              () ->
                  DistilleryCli.execute(
                      "run",
                      file.toString(),
                      "--runs-dir",
                      directory.resolve("runs").toString(),
                      "--metrics-port",
                      Integer.toString(port),
                      "-q"));
      String base = "http://127.0.0.1:" + port;
      awaitTrue(() -> answers(base + "/api/status") || run.isDone(), 60);
      assertThat(run).as("the run ended before its status page answered").isNotDone();

      browser.get(base + "/");
      WebElement teacher =
          awaitElement(browser, By.cssSelector("[data-stage=teacher][data-state]"), 30);
      WebElement student = browser.findElement(By.cssSelector("[data-stage=student]"));
      assertThat(browser.findElement(By.id("title")).getText()).contains("watched");
      assertThat(teacher.getText()).contains("teacher").contains("train");
      assertThat(student.getText()).contains("student").contains("distill");
      // the DAG: the student stands right of the teacher it needs, joined by an edge
      assertThat(student.getLocation().getX()).isGreaterThan(teacher.getLocation().getX());
      assertThat(browser.findElements(By.cssSelector("#edges path"))).hasSize(1);

      // it updates while the run goes: what the stages show changes between two reads
      String first = stagesShown(browser);
      awaitTrue(() -> !stagesShown(browser).equals(first) || run.isDone(), 60);
      String second = stagesShown(browser);
      assertThat(second).as("the page did not change while the run went").isNotEqualTo(first);
      // progress with an ETA, or a finished epoch's curve, shows up while the run goes
      awaitTrue(
          () -> browser.findElements(By.cssSelector(".curve canvas")).size() > 0 || run.isDone(),
          60);
      boolean stillRunning = !run.isDone() && runStatus(base).equals("running");

      List<LogEntry> console = browser.manage().logs().get(LogType.BROWSER).getAll();
      Path screenshot = Path.of("target", "status-page.png");
      Files.createDirectories(screenshot.getParent());
      Files.write(screenshot, browser.getScreenshotAs(OutputType.BYTES));

      assertThat(stillRunning)
          .as("the run ended before the page was checked; make the pipeline longer")
          .isTrue();
      assertThat(browser.findElements(By.cssSelector(".curve canvas"))).isNotEmpty();
      assertThat(console)
          .as("browser console")
          .noneMatch(entry -> entry.getLevel().intValue() >= Level.WARNING.intValue());
      // artifacts are linked and served read-only from the run directory
      String log =
          browser.findElements(By.cssSelector("#files a")).stream()
              .map(a -> a.getAttribute("href"))
              .filter(href -> href.endsWith("/files/logs/run.log"))
              .findFirst()
              .orElseThrow(() -> new AssertionError("no link to logs/run.log"));
      assertThat(get(log).statusCode()).isEqualTo(200);
      assertThat(get(base + "/files/..%2F..%2Fwatched.yaml").statusCode()).isEqualTo(404);

      assertThat(run.get(3, TimeUnit.MINUTES)).isZero();
    } finally {
      browser.quit();
    }
  }

  private static String stagesShown(ChromeDriver browser) {
    StringBuilder shown = new StringBuilder();
    for (WebElement stage : browser.findElements(By.cssSelector("[data-stage]"))) {
      shown
          .append(stage.getAttribute("data-stage"))
          .append(' ')
          .append(stage.getAttribute("data-state"))
          .append(' ')
          .append(stage.getAttribute("data-phase"))
          .append(' ')
          .append(stage.getAttribute("data-done"))
          .append('\n');
    }
    return shown.toString();
  }

  private static ChromeDriver startBrowser() {
    ChromeOptions options = new ChromeOptions();
    options.setBinary(CHROMIUM.toFile());
    options.addArguments(
        "--headless=new", "--no-sandbox", "--disable-gpu", "--window-size=1280,900");
    LoggingPreferences logs = new LoggingPreferences();
    logs.enable(LogType.BROWSER, Level.ALL);
    options.setCapability("goog:loggingPrefs", logs);
    ChromeDriverService service =
        new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile()).build();
    return new ChromeDriver(service, options);
  }

  private static WebElement awaitElement(ChromeDriver browser, By by, int seconds)
      throws InterruptedException {
    awaitTrue(() -> !browser.findElements(by).isEmpty(), seconds);
    return browser.findElement(by);
  }

  private static void awaitTrue(Supplier<Boolean> condition, int seconds)
      throws InterruptedException {
    long until = System.nanoTime() + seconds * 1_000_000_000L;
    while (!condition.get() && System.nanoTime() < until) {
      Thread.sleep(100);
    }
  }

  private static String runStatus(String base) {
    try {
      return new JsonObject(get(base + "/api/status").body()).getString("status");
    } catch (RuntimeException e) {
      return "unreachable";
    }
  }

  private static boolean answers(String url) {
    try {
      return get(url).statusCode() == 200;
    } catch (RuntimeException e) {
      return false;
    }
  }

  private static HttpResponse<String> get(String url) {
    try {
      return HTTP.send(
          HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5)).build(),
          HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
      return socket.getLocalPort();
    }
  }
}

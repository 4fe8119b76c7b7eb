package dev.distillery.datasets;

import dev.distillery.spi.DatasetRequest;
import dev.distillery.spi.DatasetSource;
import java.nio.file.Path;
import java.util.List;

/**
 * Prints how long loading Fashion-MNIST takes (a benchmark, not a test). Run after {@code mvn
 * test-compile} from {@code plugins/datasets}:
 *
 * <pre>
 * java -cp target/classes:target/test-classes:../../core/target/classes \
 *   dev.distillery.datasets.FashionMnistLoadBenchmark [data-dir] [repeats]
 * </pre>
 */
public final class FashionMnistLoadBenchmark {

  private FashionMnistLoadBenchmark() {}

  public static void main(String[] args) throws Exception {
    Path dir = Path.of(args.length > 0 ? args[0] : "/usr/share/datasets");
    int repeats = args.length > 1 ? Integer.parseInt(args[1]) : 5;
    FashionMnistDataset dataset = new FashionMnistDataset();
    for (int i = 1; i <= repeats; i++) {
      long start = System.nanoTime();
      DatasetSource source =
          dataset.open(IdxDatasetOptions.defaults(), new DatasetRequest(List.of(dir), 1));
      long millis = (System.nanoTime() - start) / 1_000_000;
      System.out.printf(
          "open %d: %d ms (%d train, %d test, fingerprint %s)%n",
          i, millis, source.train().count(), source.test().count(), source.fingerprint());
    }
  }
}

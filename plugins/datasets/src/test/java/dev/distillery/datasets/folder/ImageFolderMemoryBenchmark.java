package dev.distillery.datasets.folder;

import dev.distillery.spi.DatasetRequest;
import dev.distillery.spi.DatasetSource;
import dev.distillery.spi.ImageSplit;
import java.awt.image.BufferedImage;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import javax.imageio.ImageIO;

/**
 * Prints what a large image folder costs (a benchmark, not a test): the time to decode it the first
 * time and to open it again from the cache, the time of one pass over every training image in
 * batches of 128 (what an epoch reads), and the heap in use after a garbage collection at each
 * step, next to what the same images would take as float32 in the heap. Generates the folder first
 * if it does not exist ({@code count} RGB PNGs of {@code side x side} in 10 classes, 10 % of them
 * in {@code test/}). Run after {@code mvn test-compile} from {@code plugins/datasets}, with a heap
 * smaller than the images would need, e.g.:
 *
 * <pre>
 * java -Xmx256m -cp "target/classes:target/test-classes:$(ls -d ../../target/distillery/lib/* | tr '\n' :)" \
 *   dev.distillery.datasets.folder.ImageFolderMemoryBenchmark /tmp/big-folder 30000 64
 * </pre>
 */
public final class ImageFolderMemoryBenchmark {

  private ImageFolderMemoryBenchmark() {}

  public static void main(String[] args) throws Exception {
    Path folder = Path.of(args.length > 0 ? args[0] : "/tmp/distillery-image-folder-benchmark");
    int count = args.length > 1 ? Integer.parseInt(args[1]) : 30_000;
    int side = args.length > 2 ? Integer.parseInt(args[2]) : 64;
    if (!Files.isDirectory(folder)) {
      long started = System.nanoTime();
      generate(folder, count, side);
      System.out.printf("generated %d PNGs in %.1f s%n", count, seconds(started));
    }
    Path cache = folder.resolveSibling(folder.getFileName() + "-cache");
    ImageFolderOptions options =
        new ImageFolderOptions(
            folder.toString(), null, null, null, null, null, null, null, cache.toString());
    MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
    System.out.printf(
        "max heap %d MB; heap in use before opening %d MB%n",
        Runtime.getRuntime().maxMemory() >> 20, used(memory));
    for (int open = 1; open <= 2; open++) {
      long started = System.nanoTime();
      DatasetSource source =
          new ImageFolderDataset().open(options, new DatasetRequest(List.of(), 1));
      double openSeconds = seconds(started);
      ImageSplit train = source.train();
      long asFloats =
          (long) (train.count() + source.test().count()) * train.imageSize() * Float.BYTES;
      System.out.printf(
          "open %d: %.1f s; %d train + %d test images of %s; heap in use %d MB"
              + " (as float32 in the heap they would take %d MB)%n",
          open,
          openSeconds,
          train.count(),
          source.test().count(),
          train.shape(),
          used(memory),
          asFloats >> 20);
      int batch = 128;
      float[] buffer = new float[batch * train.imageSize()];
      double checksum = 0;
      started = System.nanoTime();
      for (int from = 0; from < train.count(); from += batch) {
        int to = Math.min(train.count(), from + batch);
        train.copyImages(from, to, buffer, 0);
        checksum += buffer[0];
      }
      double epochSeconds = seconds(started);
      System.out.printf(
          "  one pass over the training images: %.2f s (%.0f images/s); heap in use %d MB"
              + " (checksum %.3f)%n",
          epochSeconds, train.count() / epochSeconds, used(memory), checksum);
    }
  }

  private static long used(MemoryMXBean memory) {
    System.gc();
    return memory.getHeapMemoryUsage().getUsed() >> 20;
  }

  private static double seconds(long started) {
    return (System.nanoTime() - started) / 1e9;
  }

  private static void generate(Path folder, int count, int side) {
    IntStream.range(0, count)
        .parallel()
        .forEach(
            i -> {
              SplittableRandom random = new SplittableRandom(i);
              int label = i % 10;
              BufferedImage image = new BufferedImage(side, side, BufferedImage.TYPE_INT_RGB);
              int base = label * 25;
              for (int y = 0; y < side; y++) {
                for (int x = 0; x < side; x++) {
                  int r = (base + x + random.nextInt(30)) & 0xFF;
                  int g = (base + y + random.nextInt(30)) & 0xFF;
                  int b = (base * 2 + random.nextInt(30)) & 0xFF;
                  image.setRGB(x, y, (r << 16) | (g << 8) | b);
                }
              }
              String split = (i / 10) % 10 == 9 ? "test" : "train";
              Path file = folder.resolve(split).resolve("class-" + label).resolve(i + ".png");
              try {
                Files.createDirectories(file.getParent());
                ImageIO.write(image, "png", file.toFile());
              } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
              }
            });
  }
}

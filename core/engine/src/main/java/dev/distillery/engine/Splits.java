package dev.distillery.engine;

import dev.distillery.pipeline.DatasetSpec;
import dev.distillery.plugin.PluginRegistry;
import dev.distillery.spi.DatasetPlugin;
import dev.distillery.spi.DatasetRequest;
import dev.distillery.spi.DatasetSource;
import dev.distillery.spi.ImageSplit;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The data every stage of a run shares: the dataset, its training split less the held-out
 * validation images, the validation images, and the test split, limited as the pipeline asks. The
 * validation images are a seeded random share of the (limited) training split, or the dataset's own
 * validation split when it has one (then the pipeline's {@code validation} share is not used).
 */
public record Splits(
    DatasetSource source, ImageSplit train, ImageSplit validation, ImageSplit test) {

  /** Opens the pipeline's dataset and carves the splits. */
  public static Splits load(
      DatasetSpec spec, long seed, PluginRegistry plugins, List<Path> searchPath)
      throws IOException {
    DatasetPlugin<?> plugin =
        (DatasetPlugin<?>) plugins.require(PluginRegistry.Kind.DATASET, spec.name());
    DatasetSource source = open(plugin, spec.typedOptions(), new DatasetRequest(searchPath, seed));
    ImageSplit train = spec.limit() == null ? source.train() : source.train().limit(spec.limit());
    ImageSplit test =
        spec.testLimit() == null ? source.test() : source.test().limit(spec.testLimit());
    if (source.validation() != null) {
      return new Splits(source, train, source.validation(), test);
    }
    int[] order = new int[train.count()];
    Arrays.setAll(order, i -> i);
    SplittableRandom random = new SplittableRandom(seed);
    for (int i = order.length - 1; i > 0; i--) {
      int j = random.nextInt(i + 1);
      int swap = order[i];
      order[i] = order[j];
      order[j] = swap;
    }
    int held = (int) Math.round(train.count() * spec.validation());
    int[] validation = Arrays.copyOfRange(order, 0, held);
    int[] training = Arrays.copyOfRange(order, held, order.length);
    Arrays.sort(validation);
    Arrays.sort(training);
    return new Splits(source, train.select(training), train.select(validation), test);
  }

  /**
   * The same splits for a stage that must not see training images (a data-free stage): the training
   * and validation splits, and the training split of {@link #source()}, are empty, so such a stage
   * cannot read a training image by any route. The test split stays.
   */
  public Splits withoutTraining() {
    ImageSplit none = train.limit(0);
    DatasetSource blind =
        new DatasetSource(
            source.id(),
            source.input(),
            source.classNames(),
            none,
            source.test(),
            source.fingerprint(),
            null,
            source.preprocessing());
    return new Splits(blind, none, none, test);
  }

  @SuppressWarnings("unchecked")
  private static <O> DatasetSource open(
      DatasetPlugin<O> plugin, Object options, DatasetRequest request) throws IOException {
    return plugin.open((O) options, request);
  }
}

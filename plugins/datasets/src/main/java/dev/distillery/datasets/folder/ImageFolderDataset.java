package dev.distillery.datasets.folder;

import dev.distillery.datasets.Sha256;
import dev.distillery.datasets.folder.FolderLayout.LabelledFile;
import dev.distillery.images.ImageDecoding;
import dev.distillery.spi.DatasetPlugin;
import dev.distillery.spi.DatasetRequest;
import dev.distillery.spi.DatasetSource;
import dev.distillery.spi.ImagePreprocessing;
import dev.distillery.spi.ImageSplit;
import dev.distillery.spi.ModelInput;
import dev.distillery.spi.UserException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Your own images: a folder with one sub-folder per class (PNG, JPEG, BMP, GIF; grey or colour; any
 * sizes), split into train/test by sub-folders or by a seeded per-class share. Images are decoded
 * once into a cache keyed by the files' digests ({@link DecodedImageStore}) and read from disk
 * batch by batch ({@link StoredPixels}), so a folder of any size needs almost no heap.
 */
public final class ImageFolderDataset implements DatasetPlugin<ImageFolderOptions> {

  public static final String ID = "image-folder";

  private static final Logger LOG = LoggerFactory.getLogger(ImageFolderDataset.class);

  @Override
  public String id() {
    return ID;
  }

  @Override
  public String description() {
    return "Your own images: one sub-folder per class (PNG/JPEG, grey or RGB, any size), decoded"
        + " once into a cache";
  }

  @Override
  public Class<ImageFolderOptions> optionsType() {
    return ImageFolderOptions.class;
  }

  /** One file as the scan saw it. */
  private record Scanned(
      LabelledFile file, String digest, ImageDecoding.Header header, String error) {}

  @Override
  public DatasetSource open(ImageFolderOptions options, DatasetRequest request) throws IOException {
    Objects.requireNonNull(options, "options is null");
    Path root = resolve(options.path(), request.searchPath());
    FolderLayout layout = FolderLayout.scan(root);
    Set<Path> skipped = new HashSet<>();
    if (!layout.notImages().isEmpty()) {
      refuseOrSkip(
          options,
          layout.notImages(),
          "not an image file (extensions read: "
              + String.join(", ", FolderLayout.IMAGE_EXTENSIONS.stream().sorted().toList())
              + ")");
    }
    Path cache = cacheFolder(options);
    ScanIndex index =
        ScanIndex.load(cache.resolve("scan-" + Sha256.fingerprint(root.toString()) + ".tsv"));
    List<Scanned> train = scan(layout.train(), index);
    List<Scanned> validation = scan(layout.validation(), index);
    List<Scanned> test = scan(layout.test(), index);
    index.save();
    List<Path> unreadable = new ArrayList<>();
    String firstReason = null;
    for (List<Scanned> split : List.of(train, validation, test)) {
      for (Scanned s : split) {
        if (s.header() == null) {
          unreadable.add(s.file().path());
          firstReason = firstReason == null ? s.error() : firstReason;
        }
      }
    }
    if (!unreadable.isEmpty()) {
      refuseOrSkip(
          options,
          unreadable,
          unreadable.size() == 1
              ? "not a readable image (" + firstReason + ")"
              : "not a readable image");
      skipped.addAll(unreadable);
    }
    train = readable(train, skipped, layout, "train");
    validation = readable(validation, skipped, layout, "validation");
    test = readable(test, skipped, layout, "test");

    int channels =
        options.channels() != null
            ? options.channels()
            : train.stream().anyMatch(s -> s.header().colour()) ? 3 : 1;
    int[] size = targetSize(options, train);
    noteMixedSizes(layout, train, size);
    Decoded decodedTrain = decoded(cache, root, "train", train, channels, size, options);
    Decoded decodedValidation =
        validation.isEmpty()
            ? null
            : decoded(cache, root, "validation", validation, channels, size, options);
    Decoded decodedTest =
        test.isEmpty() ? null : decoded(cache, root, "test", test, channels, size, options);

    double[] mean = new double[channels];
    double[] std = new double[channels];
    normalisation(options, decodedTrain, mean, std);
    ImageSplit trainSplit = decodedTrain.split(mean, std);
    ImageSplit testSplit;
    if (decodedTest != null) {
      testSplit = decodedTest.split(mean, std);
    } else {
      int[][] parts = stratified(trainSplit.labels(), layout.classNames().size(), options, request);
      testSplit = trainSplit.select(parts[1]);
      trainSplit = trainSplit.select(parts[0]);
    }
    ImageSplit validationSplit =
        decodedValidation == null ? null : decodedValidation.split(mean, std);
    // Files come sorted by class; present them in a fixed shuffled order (the same for every
    // pipeline seed), so that a pipeline's `limit` takes a random share of every class.
    trainSplit = shuffled(trainSplit);
    testSplit = shuffled(testSplit);
    List<String> parts = new ArrayList<>(List.of("image-folder-v1", decodedTrain.key));
    parts.add(decodedValidation == null ? "-" : decodedValidation.key);
    parts.add(
        decodedTest == null
            ? "split=" + options.testFraction() + "@" + request.seed()
            : decodedTest.key);
    parts.add("mean=" + Arrays.toString(mean) + " std=" + Arrays.toString(std));
    LOG.info(
        "dataset image-folder '{}': {} classes, {} training / {} test{} images of {}x{}x{},"
            + " mean {} std {}",
        root,
        layout.classNames().size(),
        trainSplit.count(),
        testSplit.count(),
        validationSplit == null ? "" : " / " + validationSplit.count() + " validation",
        channels,
        size[0],
        size[1],
        Arrays.toString(mean),
        Arrays.toString(std));
    return new DatasetSource(
        ID,
        new ModelInput(channels, size[0], size[1], layout.classNames().size()),
        layout.classNames(),
        trainSplit,
        testSplit,
        Sha256.fingerprint(String.join("|", parts)),
        validationSplit,
        ImagePreprocessing.of(channels, size[0], size[1], mean, std));
  }

  /** A decoded split: its cache entry and the labels of the images it holds. */
  private record Decoded(String key, DecodedImageStore.Entry entry, int[] labels) {

    ImageSplit split(double[] mean, double[] std) throws IOException {
      DecodedImageStore.Meta meta = entry.meta();
      StoredPixels pixels =
          new StoredPixels(
              entry.pixels(),
              meta.count(),
              meta.channels(),
              meta.height() * meta.width(),
              mean,
              std);
      return new ImageSplit(pixels, labels, meta.channels(), meta.height(), meta.width());
    }
  }

  private static Decoded decoded(
      Path cache,
      Path root,
      String splitName,
      List<Scanned> files,
      int channels,
      int[] size,
      ImageFolderOptions options)
      throws IOException {
    StringBuilder text =
        new StringBuilder("image-folder-cache-v1|" + channels + "x" + size[0] + "x" + size[1]);
    for (Scanned s : files) {
      text.append('|')
          .append(root.relativize(s.file().path()).toString().replace('\\', '/'))
          .append(':')
          .append(s.file().label());
      text.append(':').append(s.digest());
    }
    String key = Sha256.hex(text.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8));
    DecodedImageStore.Entry entry = DecodedImageStore.find(cache, key);
    if (entry == null) {
      long started = System.nanoTime();
      List<LabelledFile> labelled = files.stream().map(Scanned::file).toList();
      entry =
          DecodedImageStore.build(
              cache,
              key,
              labelled,
              channels,
              size[0],
              size[1],
              (file, reason) -> {
                if (!options.skipsUnreadable()) {
                  throw new UserException(
                      "dataset image-folder: '"
                          + file.path()
                          + "' cannot be decoded ("
                          + reason
                          + "); replace or remove it, or set `on-unreadable: skip` to leave such"
                          + " files out");
                }
                LOG.warn(
                    "dataset image-folder: skipping '{}': cannot be decoded ({})",
                    file.path(),
                    reason);
              });
      LOG.info(
          "dataset image-folder: decoded {} {} images into {} in {} s",
          entry.meta().count(),
          splitName,
          entry.folder(),
          String.format("%.1f", (System.nanoTime() - started) / 1e9));
    }
    Set<Integer> failed = new HashSet<>(entry.meta().undecodable());
    int[] labels = new int[entry.meta().count()];
    int at = 0;
    for (int i = 0; i < files.size(); i++) {
      if (!failed.contains(i)) {
        labels[at++] = files.get(i).file().label();
      }
    }
    if (at != labels.length) {
      throw new IOException(
          "decoded-image cache entry '" + entry.folder() + "' does not match its files");
    }
    return new Decoded(key, entry, labels);
  }

  private static void normalisation(
      ImageFolderOptions options, Decoded train, double[] mean, double[] std) {
    int channels = mean.length;
    if (!options.normalize()) {
      Arrays.fill(mean, 0);
      Arrays.fill(std, 1);
      return;
    }
    if (options.mean() != null) {
      if (options.mean().size() != channels) {
        throw new UserException(
            "dataset image-folder options mean "
                + options.mean()
                + " and std "
                + options.std()
                + " have "
                + options.mean().size()
                + " values but the images are read with "
                + channels
                + " channels; give one value per channel or set channels");
      }
      for (int c = 0; c < channels; c++) {
        mean[c] = options.mean().get(c);
        std[c] = options.std().get(c);
      }
      return;
    }
    DecodedImageStore.Meta meta = train.entry().meta();
    double values = (double) meta.count() * meta.height() * meta.width();
    for (int c = 0; c < channels; c++) {
      double m = meta.channelSums()[c] / values / 255.0;
      double second = meta.channelSquares()[c] / values / (255.0 * 255.0);
      mean[c] = m;
      std[c] = Math.sqrt(Math.max(0, second - m * m));
      if (!(std[c] > 1e-6)) {
        throw new UserException(
            "dataset image-folder: channel "
                + c
                + " of the training images is constant ("
                + Math.round(m * 255)
                + "/255), so its standard deviation is 0; give mean and std, or set normalize:"
                + " false");
      }
    }
  }

  private static int[] targetSize(ImageFolderOptions options, List<Scanned> train) {
    if (options.size() != null) {
      return new int[] {options.size(), options.size()};
    }
    Map<List<Integer>, Integer> counts = new HashMap<>();
    for (Scanned s : train) {
      counts.merge(List.of(s.header().height(), s.header().width()), 1, Integer::sum);
    }
    List<Integer> common =
        counts.entrySet().stream()
            .max(
                Comparator.<Map.Entry<List<Integer>, Integer>>comparingInt(Map.Entry::getValue)
                    .thenComparing(e -> -e.getKey().get(0))
                    .thenComparing(e -> -e.getKey().get(1)))
            .orElseThrow()
            .getKey();
    if (common.get(0) > 1024 || common.get(1) > 1024) {
      throw new UserException(
          "dataset image-folder: the training images are mostly "
              + common.get(1)
              + "x"
              + common.get(0)
              + " (width x height), larger than the 1024 pixels a model input may have; set"
              + " size, e.g. size: 64");
    }
    return new int[] {common.get(0), common.get(1)};
  }

  private static void noteMixedSizes(FolderLayout layout, List<Scanned> train, int[] size) {
    long other =
        train.stream()
            .filter(s -> s.header().height() != size[0] || s.header().width() != size[1])
            .count();
    if (other == 0) {
      return;
    }
    Scanned example =
        train.stream()
            .filter(s -> s.header().height() != size[0] || s.header().width() != size[1])
            .findFirst()
            .orElseThrow();
    // a warning so that the console shows it (it shows warnings; run.log gets everything)
    LOG.warn(
        "dataset image-folder '{}': {} of {} images are not {}x{} (e.g. '{}' is {}x{});"
            + " every image is resized and centre-cropped to {}x{} (height x width)",
        layout.root(),
        other,
        train.size(),
        size[0],
        size[1],
        layout.root().relativize(example.file().path()),
        example.header().height(),
        example.header().width(),
        size[0],
        size[1]);
  }

  private static List<Scanned> scan(List<LabelledFile> files, ScanIndex index) {
    return IntStream.range(0, files.size())
        .parallel()
        .mapToObj(i -> scanOne(files.get(i), index))
        .toList();
  }

  /**
   * Reads a file's digest and header, or takes them from the index when the file's size and
   * modification time are those it had then.
   */
  private static Scanned scanOne(LabelledFile file, ScanIndex index) {
    try {
      BasicFileAttributes attributes = Files.readAttributes(file.path(), BasicFileAttributes.class);
      long modified = attributes.lastModifiedTime().to(java.util.concurrent.TimeUnit.NANOSECONDS);
      ScanIndex.Known known = index.lookup(file.path(), attributes.size(), modified);
      if (known != null) {
        return new Scanned(file, known.digest(), known.header(), null);
      }
      byte[] bytes = Files.readAllBytes(file.path());
      String digest = Sha256.ofFile(file.path(), attributes, bytes);
      ImageDecoding.Header header;
      String error = null;
      try {
        header = ImageDecoding.header(bytes);
        if (header == null) {
          error = "no image reader recognises its contents";
        } else if (header.width() <= 0 || header.height() <= 0) {
          header = null;
          error = "its header gives no size";
        }
      } catch (IOException | RuntimeException e) {
        header = null;
        error = e.getMessage();
      }
      if (header != null && bytes.length == attributes.size()) {
        index.remember(
            file.path(), new ScanIndex.Known(attributes.size(), modified, digest, header));
      }
      return new Scanned(file, digest, header, error);
    } catch (IOException e) {
      return new Scanned(file, "unreadable", null, "cannot be read: " + e.getMessage());
    }
  }

  private static List<Scanned> readable(
      List<Scanned> split, Set<Path> skipped, FolderLayout layout, String name) {
    List<Scanned> kept = split.stream().filter(s -> !skipped.contains(s.file().path())).toList();
    if (kept.isEmpty() && !split.isEmpty()) {
      throw new UserException(
          "dataset image-folder: no readable image is left in the "
              + name
              + " images of '"
              + layout.root()
              + "'");
    }
    for (int label = 0; label < layout.classNames().size(); label++) {
      int l = label;
      if (!split.isEmpty() && kept.stream().noneMatch(s -> s.file().label() == l)) {
        throw new UserException(
            "dataset image-folder: class '"
                + layout.classNames().get(label)
                + "' has no readable image in the "
                + name
                + " images of '"
                + layout.root()
                + "'; add images to it or remove the folder");
      }
    }
    return kept;
  }

  private static void refuseOrSkip(ImageFolderOptions options, List<Path> files, String what) {
    if (!options.skipsUnreadable()) {
      List<String> named = files.stream().limit(5).map(Path::toString).toList();
      throw new UserException(
          "dataset image-folder: "
              + (files.size() == 1 ? "'" + named.get(0) + "' is " : files.size() + " files are ")
              + what
              + (files.size() == 1
                  ? ""
                  : ": " + String.join(", ", named) + (files.size() > 5 ? ", ..." : ""))
              + "; remove or replace "
              + (files.size() == 1 ? "it" : "them")
              + ", or set `on-unreadable: skip` in the dataset options to leave such files out");
    }
    for (Path file : files) {
      LOG.warn("dataset image-folder: skipping '{}': {}", file, what);
    }
  }

  private static int[][] stratified(
      int[] labels, int classes, ImageFolderOptions options, DatasetRequest request) {
    SplittableRandom random = new SplittableRandom(request.seed());
    List<Integer> train = new ArrayList<>();
    List<Integer> test = new ArrayList<>();
    for (int c = 0; c < classes; c++) {
      int cls = c;
      int[] members = IntStream.range(0, labels.length).filter(i -> labels[i] == cls).toArray();
      for (int i = members.length - 1; i > 0; i--) {
        int j = random.nextInt(i + 1);
        int swap = members[i];
        members[i] = members[j];
        members[j] = swap;
      }
      int held = (int) Math.round(members.length * options.testFraction());
      if (held == 0 || held == members.length) {
        throw new UserException(
            "dataset image-folder: class with label "
                + c
                + " has "
                + members.length
                + " images, too few to hold out test-fraction "
                + options.testFraction()
                + " of them; add images or give the folder train/ and test/ sub-folders");
      }
      for (int i = 0; i < members.length; i++) {
        (i < held ? test : train).add(members[i]);
      }
    }
    return new int[][] {
      train.stream().mapToInt(Integer::intValue).sorted().toArray(),
      test.stream().mapToInt(Integer::intValue).sorted().toArray()
    };
  }

  /** Seed of the fixed order splits are presented in. */
  private static final long ORDER_SEED = 0x1d57_f01dL;

  private static ImageSplit shuffled(ImageSplit split) {
    int[] order = IntStream.range(0, split.count()).toArray();
    SplittableRandom random = new SplittableRandom(ORDER_SEED);
    for (int i = order.length - 1; i > 0; i--) {
      int j = random.nextInt(i + 1);
      int swap = order[i];
      order[i] = order[j];
      order[j] = swap;
    }
    return split.select(order);
  }

  private static Path resolve(String path, List<Path> searchPath) {
    Path given = Path.of(path);
    if (given.isAbsolute() || Files.isDirectory(given)) {
      if (!Files.exists(given)) {
        throw new UserException(
            "dataset image-folder: folder '"
                + given
                + "' does not exist; set path to your image folder");
      }
      return given.toAbsolutePath().normalize();
    }
    List<Path> tried = new ArrayList<>(List.of(given.toAbsolutePath().normalize()));
    for (Path dir : searchPath) {
      Path candidate = dir.resolve(given);
      if (Files.isDirectory(candidate)) {
        return candidate.toAbsolutePath().normalize();
      }
      tried.add(candidate.toAbsolutePath().normalize());
    }
    throw new UserException(
        "dataset image-folder: folder '"
            + path
            + "' not found; looked in "
            + tried
            + ". Set path to your image folder (absolute, relative to the working directory, or"
            + " to the data directory --data-dir / DISTILLERY_DATA)");
  }

  private static Path cacheFolder(ImageFolderOptions options) {
    if (options.cache() != null) {
      return Path.of(options.cache()).toAbsolutePath().normalize();
    }
    String env = System.getenv("DISTILLERY_CACHE");
    Path base =
        env != null && !env.isBlank()
            ? Path.of(env)
            : Path.of(System.getProperty("user.home"), ".cache", "distillery");
    return base.resolve(ID).toAbsolutePath().normalize();
  }
}

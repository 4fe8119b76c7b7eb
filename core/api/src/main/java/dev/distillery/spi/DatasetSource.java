package dev.distillery.spi;

import java.util.List;

/**
 * A loaded dataset: images already normalised and brought to the model input size.
 *
 * @param id the dataset plugin id
 * @param input shape of one image and the class count
 * @param classNames one name per class
 * @param train the training split (the pipeline carves its validation split from it, unless the
 *     dataset has its own)
 * @param test the test split
 * @param fingerprint a short stable string that changes whenever the data or its transform changes
 *     (file digests and options); used to key cached outputs
 * @param validation the dataset's own validation split (e.g. an image folder's {@code
 *     validation/}), used instead of a share of {@code train}; null when it has none
 * @param preprocessing how an image file becomes this dataset's model input, for serving trained
 *     models on new images; null when the dataset cannot say (generated data)
 */
public record DatasetSource(
    String id,
    ModelInput input,
    List<String> classNames,
    ImageSplit train,
    ImageSplit test,
    String fingerprint,
    ImageSplit validation,
    ImagePreprocessing preprocessing) {

  public DatasetSource {
    classNames = List.copyOf(classNames);
    if (classNames.size() != input.classes()) {
      throw new IllegalArgumentException(
          "dataset '"
              + id
              + "' has "
              + classNames.size()
              + " class names for "
              + input.classes()
              + " classes");
    }
  }

  /** A dataset without its own validation split. */
  public DatasetSource(
      String id,
      ModelInput input,
      List<String> classNames,
      ImageSplit train,
      ImageSplit test,
      String fingerprint) {
    this(id, input, classNames, train, test, fingerprint, null, null);
  }
}

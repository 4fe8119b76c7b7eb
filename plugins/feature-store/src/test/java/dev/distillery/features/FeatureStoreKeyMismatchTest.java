package dev.distillery.features;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** A key that differs in model, images, split or transform says which part differs. */
public class FeatureStoreKeyMismatchTest {

  @Test
  void everyDifferingPartIsNamed() {
    FeatureStoreKey key =
        new FeatureStoreKey(
            "aaaaaaaaaaaaaaaa", "dddddddddddddddd", "train", FeatureStoreKey.UNAUGMENTED);
    assertThat(key.mismatch(key)).isEmpty();
    assertThat(
            key.mismatch(
                new FeatureStoreKey(
                    "bbbbbbbbbbbbbbbb", "dddddddddddddddd", "train", FeatureStoreKey.UNAUGMENTED)))
        .hasValueSatisfying(
            reason ->
                assertThat(reason)
                    .contains("another model")
                    .contains("aaaaaaaaaaaa")
                    .contains("bbbbbbbbbbbb"));
    assertThat(
            key.mismatch(
                new FeatureStoreKey(
                    "aaaaaaaaaaaaaaaa", "eeeeeeeeeeeeeeee", "train", FeatureStoreKey.UNAUGMENTED)))
        .hasValueSatisfying(reason -> assertThat(reason).contains("its images differ"));
    assertThat(
            key.mismatch(
                new FeatureStoreKey(
                    "aaaaaaaaaaaaaaaa", "dddddddddddddddd", "test", FeatureStoreKey.UNAUGMENTED)))
        .hasValueSatisfying(reason -> assertThat(reason).contains("split 'train', not 'test'"));
    assertThat(
            key.mismatch(
                new FeatureStoreKey("aaaaaaaaaaaaaaaa", "dddddddddddddddd", "train", "cropped")))
        .hasValueSatisfying(reason -> assertThat(reason).contains("'cropped'"));
  }
}

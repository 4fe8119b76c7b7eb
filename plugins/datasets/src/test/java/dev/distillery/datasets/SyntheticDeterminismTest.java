package dev.distillery.datasets;

import static org.assertj.core.api.Assertions.assertThat;

import dev.distillery.spi.DatasetRequest;
import dev.distillery.spi.DatasetSource;
import dev.distillery.spi.ModelInput;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The same seed gives identical data; another seed other data; the seed option wins. */
class SyntheticDeterminismTest {

  private static DatasetSource open(SyntheticOptions options, long pipelineSeed) {
    return new SyntheticDataset().open(options, new DatasetRequest(List.of(), pipelineSeed));
  }

  @Test
  void sameSeedSameData() {
    DatasetSource a = open(SyntheticOptions.defaults(), 42);
    DatasetSource b = open(SyntheticOptions.defaults(), 42);

    assertThat(a.input()).isEqualTo(new ModelInput(1, 32, 32, 10));
    assertThat(a.train().count()).isEqualTo(512);
    assertThat(a.test().count()).isEqualTo(128);
    assertThat(a.train().toArray()).isEqualTo(b.train().toArray());
    assertThat(a.train().labels()).isEqualTo(b.train().labels());
    assertThat(a.test().toArray()).isEqualTo(b.test().toArray());
    assertThat(a.fingerprint()).isEqualTo(b.fingerprint()).matches("[0-9a-f]{16}");
  }

  @Test
  void otherSeedOtherData() {
    DatasetSource a = open(SyntheticOptions.defaults(), 42);
    DatasetSource b = open(SyntheticOptions.defaults(), 43);

    assertThat(b.train().toArray()).isNotEqualTo(a.train().toArray());
    assertThat(b.test().toArray()).isNotEqualTo(a.test().toArray());
    assertThat(b.fingerprint()).isNotEqualTo(a.fingerprint());
  }

  @Test
  void seedOptionOverridesPipelineSeed() {
    SyntheticOptions fixed = new SyntheticOptions(null, null, null, null, null, null, 7L);
    DatasetSource a = open(fixed, 1);
    DatasetSource b = open(fixed, 2);

    assertThat(b.train().toArray()).isEqualTo(a.train().toArray());
    assertThat(b.fingerprint()).isEqualTo(a.fingerprint());
    assertThat(open(SyntheticOptions.defaults(), 7).train().toArray())
        .isEqualTo(a.train().toArray());
  }

  @Test
  void optionsShapeTheData() {
    SyntheticOptions options = new SyntheticOptions(3, 30, 9, 3, 8, 0.1, null);
    DatasetSource source = open(options, 5);

    assertThat(source.input()).isEqualTo(new ModelInput(3, 8, 8, 3));
    assertThat(source.classNames()).containsExactly("class-0", "class-1", "class-2");
    assertThat(source.train().count()).isEqualTo(30);
    assertThat(source.test().count()).isEqualTo(9);
    assertThat(source.train().labels()).containsOnly(0, 1, 2);
    assertThat(java.util.Arrays.stream(source.train().labels()).filter(l -> l == 2).count())
        .isEqualTo(10);
    assertThat(source.fingerprint())
        .isNotEqualTo(open(SyntheticOptions.defaults(), 5).fingerprint());
  }
}

package dev.distillery.metrics;

/**
 * The latest value of a gauge, held strongly by {@link RunMetrics} (Micrometer holds gauge state
 * weakly: without a strong reference the gauge would scrape NaN once collected). NaN until set.
 */
final class GaugeValue {

  private volatile double value = Double.NaN;

  void set(double value) {
    this.value = value;
  }

  double get() {
    return value;
  }
}

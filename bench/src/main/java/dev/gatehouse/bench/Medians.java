package dev.gatehouse.bench;

import java.util.Arrays;

/** The median of a few values (the rounds of a run): the middle one, or the mean of the two. */
final class Medians {

  private Medians() {}

  static double of(double[] values) {
    if (values.length == 0) {
      return Double.NaN;
    }
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    int middle = sorted.length / 2;
    return sorted.length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
  }
}

package io.insightmesh.it.bench;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;

/**
 * What a Prometheus histogram counted over a window: the difference of two scrapes' cumulative
 * bucket counts, by each bucket's upper bound. Quantiles come out as bucket bounds ("at most"), as
 * {@code histogram_quantile} would give them without its interpolation: the report names the bound,
 * not a value between bounds that nothing measured.
 *
 * @param counts for each upper bound in seconds (the last one {@code +Inf}), the observations at or
 *     below it in the window
 */
record WindowHistogram(NavigableMap<Double, Double> counts) {
  /**
   * The bucket keys {@link MetricsScraper#wanted} gives a histogram: its name, {@code _bucket}, and
   * the bucket's upper bound as the exposition spells it.
   */
  static String bucketKey(String histogram, String le) {
    return histogram + "_bucket{le=\"" + le + "\"}";
  }

  /**
   * The histogram {@code histogram} (the name before {@code _bucket}) over a window, from the
   * difference of two scrapes' {@link MetricsScraper#wanted} maps; empty if it has no buckets.
   */
  static WindowHistogram of(Map<String, Double> delta, String histogram) {
    String prefix = histogram + "_bucket{le=\"";
    NavigableMap<Double, Double> counts = new TreeMap<>();
    delta.forEach(
        (key, value) -> {
          if (key.startsWith(prefix) && key.endsWith("\"}")) {
            String le = key.substring(prefix.length(), key.length() - 2);
            counts.put(
                le.equals("+Inf") ? Double.POSITIVE_INFINITY : Double.parseDouble(le), value);
          }
        });
    return new WindowHistogram(counts);
  }

  /** Observations in the window. */
  double count() {
    return counts.isEmpty() ? 0 : counts.lastEntry().getValue();
  }

  /**
   * The smallest bucket bound, in milliseconds, with at least {@code quantile} of the window's
   * observations at or below it; the slowest bucket's for 1; NaN for an empty window.
   */
  double atMostMillis(double quantile) {
    double count = count();
    if (count == 0) {
      return Double.NaN;
    }
    // Rank of the observation, as the load generator ranks latencies (nearest rank).
    double rank = Math.max(1, Math.ceil(quantile * count));
    for (Map.Entry<Double, Double> bucket : counts.entrySet()) {
      if (bucket.getValue() >= rank) {
        return bucket.getKey() * 1e3;
      }
    }
    return Double.POSITIVE_INFINITY;
  }

  /**
   * The window by quantile, as bucket bounds: "31,000 fsyncs, p50 ≤ 0.26 ms, p99 ≤ 1.05 ms, p99.9 ≤
   * 16.8 ms, slowest ≤ 67.1 ms" for {@code what} "fsyncs".
   */
  String describe(String what) {
    List<String> cells = quantileCells();
    return String.format(
        Locale.ROOT,
        "%,.0f %s, p50 %s, p99 %s, p99.9 %s, slowest %s",
        count(),
        what,
        cells.get(0),
        cells.get(1),
        cells.get(2),
        cells.get(3));
  }

  /** p50, p99, p99.9 and the slowest, each as {@link #describeAtMost} gives it. */
  List<String> quantileCells() {
    return List.of(0.5, 0.99, 0.999, 1.0).stream()
        .map(quantile -> describeAtMost(atMostMillis(quantile)))
        .toList();
  }

  /** "≤ 1.05 ms", or "over the largest bucket" for the {@code +Inf} one. */
  static String describeAtMost(double millis) {
    if (Double.isInfinite(millis)) {
      return "over the largest bucket";
    }
    return String.format(Locale.ROOT, millis < 10 ? "≤ %.2f ms" : "≤ %,.1f ms", millis);
  }
}

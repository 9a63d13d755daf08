package io.insightmesh.products.claims.generate;

/** Hears how far a run has got: about every 5% of the records, and once at the end. */
@FunctionalInterface
public interface ProgressListener {
  /** Called with strictly increasing {@code written}; the last call has written == total. */
  void recordsWritten(long written, long total);

  /** A listener that ignores progress. */
  static ProgressListener none() {
    return (written, total) -> {};
  }
}

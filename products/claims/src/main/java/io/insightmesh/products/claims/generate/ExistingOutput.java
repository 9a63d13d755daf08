package io.insightmesh.products.claims.generate;

/** What to do when the output directory already holds generated data. */
public enum ExistingOutput {
  /** Stop with an error: never mix two runs' files. */
  REFUSE,
  /** Delete the earlier run's landing, reference and ground-truth files and the manifest first. */
  REPLACE
}

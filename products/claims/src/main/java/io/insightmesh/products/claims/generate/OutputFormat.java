package io.insightmesh.products.claims.generate;

/** The landing files' format. Reference data and ground truth are JSON lines either way. */
public enum OutputFormat {
  /** JSON lines, {@code part-NNNNN.jsonl}. */
  JSON("jsonl"),
  /** Avro container files written with the claims contract, {@code part-NNNNN.avro}. */
  AVRO("avro");

  private final String extension;

  OutputFormat(String extension) {
    this.extension = extension;
  }

  /** The landing part files' extension, without the dot. */
  public String extension() {
    return extension;
  }
}

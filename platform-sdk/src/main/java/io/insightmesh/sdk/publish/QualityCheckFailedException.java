package io.insightmesh.sdk.publish;

/** A release failed its quality rules; {@code main} was not touched. */
public class QualityCheckFailedException extends PublishException {
  private final QualityReport report;

  public QualityCheckFailedException(String product, String version, QualityReport report) {
    super(
        "Cannot publish "
            + product
            + " "
            + version
            + ": "
            + report.failures().size()
            + " quality rule(s) failed; main is unchanged\n"
            + report.text());
    this.report = report;
  }

  public QualityReport report() {
    return report;
  }
}

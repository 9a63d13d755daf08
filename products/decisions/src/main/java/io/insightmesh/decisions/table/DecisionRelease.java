package io.insightmesh.decisions.table;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.insightmesh.sdk.publish.QualityReport;
import java.time.Instant;
import org.apache.iceberg.Schema;

/**
 * One data-only release of the decisions product: the tag {@code v<version>} on a snapshot of
 * {@code risk.decisions_v1}'s main branch.
 *
 * @param version {@code <contract version>+<run>}, e.g. {@code 1.1.0+7}
 * @param contractVersion the contract version the release is published under
 * @param snapshotId the tagged snapshot
 * @param rows every row of the release
 * @param addedRows rows the release adds to the previous one (what its quality rules judged)
 * @param addedBytes bytes of the data files it adds, approximately
 * @param quality the rules' outcome, as recorded with the release
 * @param qualityJson what is recorded with the release
 * @param schema the table schema
 * @param releasedAt when the engine cut it
 * @param recovered whether it was tagged by an earlier run and only recorded now
 */
public record DecisionRelease(
    String version,
    String contractVersion,
    long snapshotId,
    long rows,
    long addedRows,
    long addedBytes,
    QualityReport quality,
    ObjectNode qualityJson,
    Schema schema,
    Instant releasedAt,
    boolean recovered) {
  /** Validates the release. */
  public DecisionRelease {
    requireNonNull(version, "version is null");
    requireNonNull(contractVersion, "contractVersion is null");
    requireNonNull(quality, "quality is null");
    requireNonNull(qualityJson, "qualityJson is null");
    requireNonNull(schema, "schema is null");
    requireNonNull(releasedAt, "releasedAt is null");
  }

  /** The Iceberg tag: {@code v<version>}. */
  public String tag() {
    return "v" + version;
  }
}

package io.insightmesh.products.profiles.pipeline;

import static org.apache.spark.sql.functions.col;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * The claimants whose profiles can differ between two claims releases — the only ones an
 * incremental refresh recomputes.
 *
 * <p>A profile is a function of the claimant's own claims, of the reference registers (matched on
 * the claimant's own NINO and company) and, for the sharing counts, of the claims of every claimant
 * that shares a bank account, device or IP address with them (their NINO decides whether they are
 * related). So a profile can change only if
 *
 * <ol>
 *   <li>one of the claimant's own claims was added, removed or changed in a column the profile
 *       reads ({@link ProfileFeatures#CLAIM_COLUMNS}) — the <em>changed claimants</em>; or
 *   <li>the claimant shares a bank account, device or IP address with a claim (in either release)
 *       of a changed claimant: such a claim may have joined or left the value, or its claimant's
 *       NINO may have changed.
 * </ol>
 *
 * Sharing only a NINO with a changed claimant changes nothing: relatedness is asked only of
 * claimants who share an account, and those are in (2). The reference registers are assumed
 * unchanged between the two builds; when they change, rebuild in full.
 */
final class ChangedClaimants {
  private ChangedClaimants() {}

  /**
   * The claimants (a dataset of distinct {@code claimant_id}) whose profiles must be recomputed
   * when the claims move from {@code previous} to {@code current}: the releases are compared with
   * one aggregation, and nothing is collected to the driver.
   */
  static Dataset<Row> between(Dataset<Row> previous, Dataset<Row> current) {
    Column[] read = ProfileFeatures.columns(ProfileFeatures.CLAIM_COLUMNS);
    Dataset<Row> before = previous.select(read);
    Dataset<Row> after = current.select(read);
    // A claim row unchanged between the releases occurs twice in their union, an added, removed or
    // changed one once (claim ids are unique within a release). Grouping compares nulls as equal.
    Dataset<Row> changedClaimants =
        before
            .union(after)
            .groupBy(read)
            .count()
            .filter(col("count").equalTo(1))
            .select(col("claimant_id"))
            .distinct();

    Dataset<Row> theirClaims =
        after
            .union(before)
            .join(
                changedClaimants.select(col("claimant_id").alias("_changed_id")),
                col("claimant_id").equalTo(col("_changed_id")),
                "left_semi");
    Dataset<Row> affected = changedClaimants;
    for (List<String> key :
        List.of(ProfileFeatures.BANK_ACCOUNT, ProfileFeatures.DEVICE, ProfileFeatures.IP_ADDRESS)) {
      affected = affected.union(sharing(after, theirClaims, key));
    }
    return affected.distinct();
  }

  /** The claimants of {@code claims} who used a {@code key} value that {@code touched} uses. */
  private static Dataset<Row> sharing(Dataset<Row> claims, Dataset<Row> touched, List<String> key) {
    List<Column> values = new ArrayList<>();
    Column present = null;
    Column same = null;
    for (String part : key) {
      values.add(col(part).alias("_touched_" + part));
      Column notNull = col(part).isNotNull();
      present = present == null ? notNull : present.and(notNull);
      Column equal = col(part).equalTo(col("_touched_" + part));
      same = same == null ? equal : same.and(equal);
    }
    Dataset<Row> touchedValues =
        touched.filter(present).select(values.toArray(Column[]::new)).distinct();
    return claims.join(touchedValues, same, "left_semi").select(col("claimant_id"));
  }
}

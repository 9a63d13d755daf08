package io.insightmesh.products.claims.pipeline;

import static org.apache.spark.sql.functions.broadcast;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.row_number;

import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.storage.StorageLevel;

/**
 * Valid landing records split by how often their claim id was submitted: the first submission of a
 * claim id stands, its repeats are rejected.
 *
 * <p>Ranking every record by claim id would move all of them through a shuffle and a sort, yet
 * almost every claim is submitted once. So the claim ids seen more than once are found first, from
 * the ids alone; records of any other id pass through where they are, and only the records of
 * repeated ids are ranked. When repeated ids are few enough to send to every task (the usual case)
 * the records are split against that list without moving; otherwise by a join like any other.
 */
record Submissions(Dataset<Row> once, Dataset<Row> first, Dataset<Row> repeats) {
  /** Above this many repeated claim ids the list is joined, not sent to every task. */
  static final long BROADCAST_LIMIT = 1_000_000;

  private static final String SUBMISSION = "_submission";

  /**
   * @param valid valid landing records, with {@code claim_id}, {@code submitted_at} as text and
   *     {@code _source_file}
   */
  static Submissions of(Dataset<Row> valid) {
    Dataset<Row> repeatedIds =
        valid
            .groupBy(col("claim_id"))
            .count()
            .filter(col("count").gt(1))
            .select(col("claim_id").alias("_repeated_id"))
            .persist(StorageLevel.MEMORY_AND_DISK());
    Dataset<Row> ids =
        repeatedIds.count() <= BROADCAST_LIMIT ? broadcast(repeatedIds) : repeatedIds;
    Column repeated = col("claim_id").equalTo(col("_repeated_id"));
    Dataset<Row> once = valid.join(ids, repeated, "left_anti");
    Dataset<Row> ranked =
        valid
            .join(ids, repeated, "left_semi")
            .withColumn(
                SUBMISSION,
                row_number()
                    .over(
                        Window.partitionBy(col("claim_id"))
                            .orderBy(
                                col("submitted_at").try_cast(DataTypes.TimestampType),
                                col("_source_file"))));
    return new Submissions(
        once,
        ranked.filter(col(SUBMISSION).equalTo(1)).drop(SUBMISSION),
        ranked.filter(col(SUBMISSION).gt(1)).drop(SUBMISSION));
  }
}

package io.insightmesh.products.profiles.pipeline;

import static io.insightmesh.products.profiles.pipeline.SchemeRules.date;
import static org.apache.spark.sql.functions.avg;
import static org.apache.spark.sql.functions.broadcast;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.countDistinct;
import static org.apache.spark.sql.functions.current_timestamp;
import static org.apache.spark.sql.functions.date_from_unix_date;
import static org.apache.spark.sql.functions.datediff;
import static org.apache.spark.sql.functions.floor;
import static org.apache.spark.sql.functions.least;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.make_date;
import static org.apache.spark.sql.functions.map;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.round;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.unix_micros;
import static org.apache.spark.sql.functions.when;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.storage.StorageLevel;

/**
 * The profile features, computed with Spark joins and aggregations only: per claimant from their
 * own claims, from the reference registers matched on the claimant's NINO or company number, and
 * from the claims of other claimants that share a bank account, device or IP address with them.
 *
 * <p>A claimant's profile depends on nothing else, which is what makes an incremental refresh exact
 * (see {@link ChangedClaimants}).
 */
final class ProfileFeatures {
  /** The scheme keys of {@code claims_per_scheme}: every scheme, so a lookup never misses. */
  static final List<String> SCHEMES = List.of("SEISS", "CJRS", "SSP_REBATE", "BBL");

  /** What identifies a bank account, a device and an IP address on a claim. */
  static final List<String> BANK_ACCOUNT = List.of("bank_sort_code", "bank_account_number");

  static final List<String> DEVICE = List.of("device_id");
  static final List<String> IP_ADDRESS = List.of("ip_address");

  /** The claims columns a profile reads; a change in any other column changes no profile. */
  static final List<String> CLAIM_COLUMNS =
      List.of(
          "claim_id",
          "claimant_id",
          "scheme",
          "submitted_at",
          "nino",
          "company_number",
          "bank_sort_code",
          "bank_account_number",
          "amount_claimed",
          "employees",
          "period_start",
          "period_end",
          "device_id",
          "ip_address");

  /** The contract's columns, in its order. */
  static final List<String> PROFILE_COLUMNS =
      List.of(
          "claimant_id",
          "nino",
          "prior_declared_income",
          "paye_monthly_pay",
          "claims_per_scheme",
          "total_claimed",
          "max_claim_to_cap_ratio",
          "shared_bank_account_claimants",
          "shared_device_claimants",
          "shared_ip_claimants",
          "account_age_days",
          "company_incorporated_on",
          "incorporated_after_cutoff",
          "deceased",
          "built_at",
          "claims_release");

  private static final DataType MONEY = DataTypes.createDecimalType(14, 2);
  private static final long MICROS_PER_DAY = 86_400_000_000L;

  /** Above this many shared values of one kind, they are joined, not sent to every task. */
  static final long BROADCAST_LIMIT = 2_000_000;

  private ProfileFeatures() {}

  /**
   * The profiles of every claimant in {@code claims}, or only of those in {@code scope} (a dataset
   * of {@code claimant_id}) — identical rows either way, but for {@code built_at}.
   *
   * @param claims every claim of the release, {@link #CLAIM_COLUMNS} at least
   * @param claimsTag the release's tag, recorded in {@code claims_release}
   */
  static Dataset<Row> build(
      Dataset<Row> claims,
      ReferenceData reference,
      String claimsTag,
      Optional<Dataset<Row>> scope) {
    Dataset<Row> subject =
        scope
            .map(
                only ->
                    claims.join(
                        only.select(col("claimant_id").alias("_scope_id")),
                        col("claimant_id").equalTo(col("_scope_id")),
                        "left_semi"))
            .orElse(claims);

    // Joined by key, so the profiles are repartitioned once per key rather than once per join:
    // first what is keyed by claimant (the summary is already partitioned by claimant), then by
    // NINO, then by company number.
    boolean everyone = scope.isEmpty();
    // The claims' caps need the employers' headcounts and the profiles their pay: kept once, so the
    // PAYE register's text is parsed and aggregated once instead of once for each.
    Dataset<Row> employers = employers(reference).persist(StorageLevel.MEMORY_AND_DISK());
    Dataset<Row> profiles =
        summary(subject, employers)
            .join(
                shared(claims, subject, everyone, BANK_ACCOUNT, true)
                    .withColumnRenamed("shared", "bank"),
                new String[] {"claimant_id"},
                "left")
            .join(
                shared(claims, subject, everyone, DEVICE, false)
                    .withColumnRenamed("shared", "device"),
                new String[] {"claimant_id"},
                "left")
            .join(
                shared(claims, subject, everyone, IP_ADDRESS, false)
                    .withColumnRenamed("shared", "ip"),
                new String[] {"claimant_id"},
                "left")
            .join(priorIncome(reference), new String[] {"nino"}, "left")
            .join(deaths(reference), new String[] {"nino"}, "left")
            .join(employers, new String[] {"company_number"}, "left")
            .join(incorporation(reference), new String[] {"company_number"}, "left");

    List<Column> perScheme = new ArrayList<>();
    for (String scheme : SCHEMES) {
      perScheme.add(lit(scheme));
      perScheme.add(col("claims_" + scheme).cast(DataTypes.IntegerType));
    }
    Column latestClaimDay =
        date_from_unix_date(
            floor(unix_micros(col("latest_claim_at")).divide(MICROS_PER_DAY))
                .cast(DataTypes.IntegerType));
    return profiles.select(
        col("claimant_id"),
        col("nino"),
        col("prior_declared_income").cast(MONEY).alias("prior_declared_income"),
        col("paye_monthly_pay").cast(MONEY).alias("paye_monthly_pay"),
        map(perScheme.toArray(Column[]::new)).alias("claims_per_scheme"),
        col("total_claimed").cast(MONEY).alias("total_claimed"),
        col("max_claim_to_cap_ratio").cast(DataTypes.DoubleType).alias("max_claim_to_cap_ratio"),
        sharedCount(col("bank"), "shared_bank_account_claimants"),
        sharedCount(col("device"), "shared_device_claimants"),
        sharedCount(col("ip"), "shared_ip_claimants"),
        datediff(col("scheme_opened_on"), least(col("self_assessment_from"), col("paye_from")))
            .cast(DataTypes.IntegerType)
            .alias("account_age_days"),
        col("incorporated_on").alias("company_incorporated_on"),
        coalesce(col("incorporated_on").gt(date(SchemeRules.ELIGIBILITY_CUTOFF)), lit(false))
            .alias("incorporated_after_cutoff"),
        coalesce(
                col("on_deceased_register")
                    .and(col("date_of_death").isNull().or(col("date_of_death").lt(latestClaimDay))),
                lit(false))
            .alias("deceased"),
        current_timestamp().alias("built_at"),
        lit(claimsTag).alias("claims_release"));
  }

  /** One row per claimant from their own claims (and their employers' headcounts, for caps). */
  private static Dataset<Row> summary(Dataset<Row> subject, Dataset<Row> employers) {
    // Only CJRS and SSP rebate claims that do not say how many employees they cover need their
    // employer's headcount (SchemeRules.cap): those few are joined, the rest are not moved.
    Column needsHeadcount =
        coalesce(
            col("company_number")
                .isNotNull()
                .and(col("scheme").isin("CJRS", "SSP_REBATE"))
                .and(col("employees").isNull().or(col("employees").lt(1))),
            lit(false));
    Dataset<Row> headcounts = employers.select(col("company_number"), col("paye_headcount"));
    Dataset<Row> claims =
        subject
            .filter(needsHeadcount)
            .join(headcounts, new String[] {"company_number"}, "left")
            .unionByName(
                subject
                    .filter(needsHeadcount.unary_$bang())
                    .withColumn(
                        "paye_headcount",
                        lit(null).cast(headcounts.schema().apply("paye_headcount").dataType())));
    // The latest claim (ties broken by claim id, so the choice is stable) gives the NINO and the
    // company a profile is matched on.
    Column latest = struct(col("submitted_at"), col("claim_id"), col("nino"));
    Column latestWithCompany =
        when(
            col("company_number").isNotNull(),
            struct(col("submitted_at"), col("claim_id"), col("company_number")));
    Column ratio =
        least(
            round(
                col("amount_claimed").cast(DataTypes.DoubleType).divide(SchemeRules.cap()),
                SchemeRules.CAP_RATIO_SCALE),
            lit(SchemeRules.MAX_CAP_RATIO));
    List<Column> aggregates = new ArrayList<>();
    aggregates.add(max(latestWithCompany).getField("company_number").alias("company_number"));
    aggregates.add(max(col("submitted_at")).alias("latest_claim_at"));
    aggregates.add(min(SchemeRules.opened()).alias("scheme_opened_on"));
    for (String scheme : SCHEMES) {
      aggregates.add(count(when(col("scheme").equalTo(scheme), lit(1))).alias("claims_" + scheme));
    }
    aggregates.add(sum(col("amount_claimed")).alias("total_claimed"));
    aggregates.add(max(ratio).alias("max_claim_to_cap_ratio"));
    return claims
        .groupBy(col("claimant_id"))
        .agg(max(latest).getField("nino").alias("nino"), aggregates.toArray(Column[]::new));
  }

  /** Per NINO: the SEISS-basis average profit, and when the first self-assessment year began. */
  private static Dataset<Row> priorIncome(ReferenceData reference) {
    Column year = col("tax_year");
    Column basis =
        year.between(
            SchemeRules.PRIOR_INCOME_FIRST_TAX_YEAR, SchemeRules.PRIOR_INCOME_LAST_TAX_YEAR);
    return reference
        .selfAssessment()
        .filter(col("nino").isNotNull().and(year.between(1900, 2100)))
        .groupBy(col("nino"))
        .agg(
            avg(when(basis, col("trading_profit"))).alias("prior_declared_income"),
            min(make_date(
                    year,
                    lit(SchemeRules.TAX_YEAR_START_MONTH),
                    lit(SchemeRules.TAX_YEAR_START_DAY)))
                .alias("self_assessment_from"));
  }

  /**
   * Per company, from its PAYE returns: the CJRS-basis pay per employee per month, the most
   * employees it reported in a month of that basis, and its first PAYE month.
   */
  private static Dataset<Row> employers(ReferenceData reference) {
    Column basis =
        col("month")
            .geq(date(SchemeRules.PAYE_BASIS_FROM))
            .and(col("month").lt(date(SchemeRules.PAYE_BASIS_UNTIL)));
    Column paid = basis.and(col("employees").gt(0)).and(col("gross_pay").isNotNull());
    Column employeeMonths = sum(when(paid, col("employees")));
    return reference
        .payeEmployment()
        .filter(col("company_number").isNotNull())
        .groupBy(col("company_number"))
        .agg(
            when(employeeMonths.gt(0), sum(when(paid, col("gross_pay"))).divide(employeeMonths))
                .alias("paye_monthly_pay"),
            max(when(basis, col("employees"))).alias("paye_headcount"),
            min(col("month")).alias("paye_from"));
  }

  private static Dataset<Row> incorporation(ReferenceData reference) {
    return reference
        .companies()
        .filter(col("company_number").isNotNull())
        .groupBy(col("company_number"))
        .agg(min(col("incorporated_on")).alias("incorporated_on"));
  }

  private static Dataset<Row> deaths(ReferenceData reference) {
    return reference
        .deceased()
        .filter(col("nino").isNotNull())
        .groupBy(col("nino"))
        .agg(
            min(col("date_of_death")).alias("date_of_death"),
            lit(true).alias("on_deceased_register"));
  }

  /**
   * Per claimant of {@code subject}: how many other claimants of {@code claims} used one of the
   * same {@code key} values (a claimant's several values count each other claimant once). With
   * {@code unrelatedOnly}, a claimant who used the value under one of the same NINOs — one person,
   * as a sole trader and as their company — is not counted. Claimants who share nothing have no
   * row.
   *
   * <p>Without forming pairs of claimants, whose number grows with the square of a value's
   * claimants (a tax agent's device files for dozens): almost every value belongs to one claimant,
   * so the values two or more claimants used are found first, with one aggregation over the claims.
   * A claimant who used one shared value under one NINO — nearly all of them — is counted from that
   * value's claimants per NINO; only one who used several shared values (or NINOs) is paired with
   * the claimants of those values, to count each other claimant once.
   */
  private static Dataset<Row> shared(
      Dataset<Row> claims,
      Dataset<Row> subject,
      boolean everyone,
      List<String> key,
      boolean unrelatedOnly) {
    String[] keyColumns = key.toArray(String[]::new);
    Column present = lit(true);
    for (String part : key) {
      present = present.and(col(part).isNotNull());
    }
    Dataset<Row> sharedValues =
        claims
            .filter(present)
            .groupBy(columns(key))
            .agg(min(col("claimant_id")).alias("_first"), max(col("claimant_id")).alias("_last"))
            .filter(col("_first").notEqual(col("_last")))
            .select(columns(key))
            .persist(StorageLevel.MEMORY_AND_DISK());
    // Counted now, so that the few shared values are sent to every task and the claims are
    // filtered where they are, instead of both sides of a join being shuffled.
    Dataset<Row> shared =
        sharedValues.count() <= BROADCAST_LIMIT ? broadcast(sharedValues) : sharedValues;

    // (value, claimant, NINO) on shared values; the NINO only matters for relatedness.
    List<Column> uses = new ArrayList<>(List.of(columns(key)));
    uses.add(col("claimant_id"));
    uses.add(unrelatedOnly ? col("nino") : lit("").alias("nino"));
    Dataset<Row> theirs =
        claims
            .select(uses.toArray(Column[]::new))
            .join(shared, keyColumns, "left_semi")
            .distinct()
            .persist(StorageLevel.MEMORY_AND_DISK());
    Dataset<Row> mine =
        (everyone
                ? theirs
                : subject
                    .select(uses.toArray(Column[]::new))
                    .join(shared, keyColumns, "left_semi")
                    .distinct())
            .withColumn("_uses", count(lit(1)).over(Window.partitionBy(col("claimant_id"))));

    List<String> valueAndNino = new ArrayList<>(key);
    valueAndNino.add("nino");
    Dataset<Row> perValue =
        theirs.groupBy(columns(key)).agg(countDistinct(col("claimant_id")).alias("_claimants"));
    Dataset<Row> perValueAndNino =
        theirs
            .groupBy(columns(valueAndNino))
            .agg(countDistinct(col("claimant_id")).alias("_same_nino"));
    Column others = col("_claimants").minus(1);
    Dataset<Row> single =
        mine.filter(col("_uses").equalTo(1))
            .join(perValue, keyColumns)
            .join(perValueAndNino, valueAndNino.toArray(String[]::new))
            .select(
                col("claimant_id"),
                (unrelatedOnly ? others.minus(col("_same_nino").minus(1)) : others)
                    .alias("shared"));

    List<Column> other = new ArrayList<>();
    Column sameValue = col("claimant_id").notEqual(col("other_id"));
    for (String part : key) {
      other.add(col(part).alias("other_" + part));
      sameValue = sameValue.and(col(part).equalTo(col("other_" + part)));
    }
    other.add(col("claimant_id").alias("other_id"));
    other.add(col("nino").alias("other_nino"));
    Dataset<Row> pairs =
        mine.filter(col("_uses").gt(1))
            .join(theirs.select(other.toArray(Column[]::new)), sameValue)
            .groupBy(col("claimant_id"), col("other_id"))
            .agg(max(col("nino").equalTo(col("other_nino"))).alias("related"));
    if (unrelatedOnly) {
      pairs = pairs.filter(col("related").unary_$bang());
    }
    Dataset<Row> several = pairs.groupBy(col("claimant_id")).agg(count(lit(1)).alias("shared"));
    return single.unionByName(several);
  }

  static Column[] columns(List<String> names) {
    return names.stream().map(name -> col(name)).toArray(Column[]::new);
  }

  /** A count that is zero, not absent, for a claimant who shares nothing. */
  private static Column sharedCount(Column shared, String name) {
    return coalesce(shared, lit(0L)).cast(DataTypes.IntegerType).alias(name);
  }
}

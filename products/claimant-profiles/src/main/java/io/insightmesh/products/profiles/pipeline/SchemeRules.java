package io.insightmesh.products.profiles.pipeline;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.datediff;
import static org.apache.spark.sql.functions.dayofmonth;
import static org.apache.spark.sql.functions.last_day;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.months_between;
import static org.apache.spark.sql.functions.trunc;
import static org.apache.spark.sql.functions.when;

import java.time.LocalDate;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.types.DataTypes;

/**
 * The schemes' published limits and dates the profile features are measured against. Each figure
 * cites the rule it comes from; all are for the 2020-21 schemes the synthetic claims model.
 */
final class SchemeRules {
  /**
   * SEISS: a taxable grant of 80% of three months' average trading profits, capped at £7,500 in
   * total (first grant, HM Treasury 26 March 2020; the third to fifth grants had the same cap), so
   * no single grant may exceed it.
   */
  static final double SEISS_GRANT_CAP = 7_500.00;

  /**
   * CJRS: 80% of an employee's usual wages, up to £2,500 a month per furloughed employee (HMRC,
   * "Claim for wages through the Coronavirus Job Retention Scheme"). Employer NICs and pension
   * contributions, claimable on top until July 2020, are not part of this cap.
   */
  static final double CJRS_MONTHLY_CAP_PER_EMPLOYEE = 2_500.00;

  /** SSP rebate: the weekly rate of statutory sick pay in 2020-21 (from 6 April 2020). */
  static final double SSP_WEEKLY_RATE = 95.85;

  /** SSP rebate: up to two weeks' SSP per eligible employee (Coronavirus SSP Rebate Scheme). */
  static final int SSP_REBATE_WEEKS = 2;

  /** SSP rebate: only employers with fewer than 250 PAYE employees on 28 February 2020 qualify. */
  static final int SSP_REBATE_MAX_EMPLOYEES = 249;

  /** BBL: 25% of turnover, up to £50,000 (British Business Bank, Bounce Back Loan Scheme). */
  static final double BBL_LOAN_CAP = 50_000.00;

  /**
   * Decimal places {@code max_claim_to_cap_ratio} is rounded to: amounts are in pence but pro-rata
   * caps are not, so a claim of exactly the cap, rounded to the penny, must come out as 1.0.
   */
  static final int CAP_RATIO_SCALE = 4;

  /**
   * The contract's ceiling for {@code max_claim_to_cap_ratio}: any ratio above it is equally
   * alarming, and capping it keeps one absurd claim from failing the whole release's range rule.
   */
  static final double MAX_CAP_RATIO = 1_000.0;

  /**
   * The eligibility cut-off: CJRS covers employees on a PAYE payroll on or before 19 March 2020,
   * and a business incorporated after it cannot have traded before the pandemic.
   */
  static final LocalDate ELIGIBILITY_CUTOFF = LocalDate.of(2020, 3, 19);

  /**
   * SEISS basis: average trading profits of the tax years 2016-17, 2017-18 and 2018-19, the three
   * before the scheme (identified here by the calendar year they start in).
   */
  static final int PRIOR_INCOME_FIRST_TAX_YEAR = 2016;

  static final int PRIOR_INCOME_LAST_TAX_YEAR = 2018;

  /**
   * CJRS basis: usual pay is measured over the twelve pay months before the scheme, the last being
   * February 2020 — the last full month before the 19 March 2020 payroll cut-off. The employer's
   * headcount is the most employees it reported in one of those months.
   */
  static final LocalDate PAYE_BASIS_FROM = LocalDate.of(2019, 3, 1);

  static final LocalDate PAYE_BASIS_UNTIL = LocalDate.of(2020, 3, 1);

  /** A UK tax year starts on 6 April. */
  static final int TAX_YEAR_START_MONTH = 4;

  static final int TAX_YEAR_START_DAY = 6;

  /** When each scheme opened for claims (GOV.UK announcements). */
  static final LocalDate SEISS_OPENED = LocalDate.of(2020, 5, 13);

  static final LocalDate CJRS_OPENED = LocalDate.of(2020, 4, 20);

  static final LocalDate SSP_REBATE_OPENED = LocalDate.of(2020, 5, 26);

  static final LocalDate BBL_OPENED = LocalDate.of(2020, 5, 4);

  private SchemeRules() {}

  /**
   * The cap of one claim, in pounds, from its {@code scheme}, {@code employees}, {@code
   * period_start}/{@code period_end} and {@code paye_headcount} (the employer's, see {@link
   * #PAYE_BASIS_FROM}).
   *
   * <p>CJRS is capped per employee per month of the claim period, a part month pro rata by its days
   * as HMRC calculates it (23 to 31 March is 9/31 of a month); a missing or inverted period counts
   * as one month. The SSP rebate is capped per employee. Claims need not say how many employees
   * they cover (the contract asks it of CJRS only), so the employer's PAYE headcount stands in, and
   * failing that one employee for CJRS and the SSP rebate's limit of {@value
   * #SSP_REBATE_MAX_EMPLOYEES} — never a cap a genuine claim could exceed for want of data.
   */
  static Column cap() {
    Column stated = positive(col("employees"));
    Column headcount = positive(col("paye_headcount"));
    Column cjrsEmployees = coalesce(stated, headcount, lit(1)).cast(DataTypes.DoubleType);
    Column sspEmployees =
        coalesce(stated, headcount, lit(SSP_REBATE_MAX_EMPLOYEES)).cast(DataTypes.DoubleType);
    Column months = periodMonths(col("period_start"), col("period_end"));
    Column periodMonths = when(months.isNull().or(months.leq(0)), lit(1.0)).otherwise(months);
    Column scheme = col("scheme");
    return when(scheme.equalTo("SEISS"), lit(SEISS_GRANT_CAP))
        .when(
            scheme.equalTo("CJRS"),
            lit(CJRS_MONTHLY_CAP_PER_EMPLOYEE).multiply(cjrsEmployees).multiply(periodMonths))
        .when(
            scheme.equalTo("SSP_REBATE"),
            lit(SSP_REBATE_WEEKS * SSP_WEEKLY_RATE).multiply(sspEmployees))
        .when(scheme.equalTo("BBL"), lit(BBL_LOAN_CAP));
  }

  /**
   * The calendar months from {@code start} to {@code end} inclusive, each part month as its share
   * of that month's days: 1 March to 30 April is 2.0, 10 to 29 February 2020 is 20/29.
   */
  static Column periodMonths(Column start, Column end) {
    Column firstMonthDays = dayofmonth(last_day(start)).cast(DataTypes.DoubleType);
    Column lastMonthDays = dayofmonth(last_day(end)).cast(DataTypes.DoubleType);
    Column sameMonth = trunc(start, "MM").equalTo(trunc(end, "MM"));
    Column firstPart = datediff(last_day(start), start).plus(1).divide(firstMonthDays);
    Column wholeMonthsBetween = months_between(trunc(end, "MM"), trunc(start, "MM")).minus(1);
    Column lastPart = dayofmonth(end).divide(lastMonthDays);
    return when(sameMonth, datediff(end, start).plus(1).divide(firstMonthDays))
        .otherwise(firstPart.plus(wholeMonthsBetween).plus(lastPart));
  }

  private static Column positive(Column count) {
    return when(count.geq(1), count);
  }

  /** When the claim's scheme opened. */
  static Column opened() {
    Column scheme = col("scheme");
    return when(scheme.equalTo("SEISS"), date(SEISS_OPENED))
        .when(scheme.equalTo("CJRS"), date(CJRS_OPENED))
        .when(scheme.equalTo("SSP_REBATE"), date(SSP_REBATE_OPENED))
        .when(scheme.equalTo("BBL"), date(BBL_OPENED));
  }

  static Column date(LocalDate date) {
    return lit(date.toString()).cast(DataTypes.DateType);
  }
}

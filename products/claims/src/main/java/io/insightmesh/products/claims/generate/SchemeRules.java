package io.insightmesh.products.claims.generate;

import java.time.LocalDate;

/**
 * The four schemes' published rules, as the generator applies them to legitimate claims (and breaks
 * them for {@link FraudPattern#OVER_CAP}). Amounts are in pence, dates are epoch days.
 *
 * <ul>
 *   <li><b>SEISS</b>, first grant (HMRC, "Claim a grant through the Self-Employment Income Support
 *       Scheme", opened 13 May 2020, closed 13 July 2020): 80% of average monthly trading profits
 *       over the 2016-17, 2017-18 and 2018-19 tax years (or the years traded), paid as one
 *       instalment covering 3 months, capped at £7,500; trading profits at most £50,000.
 *   <li><b>CJRS</b> (the Coronavirus Job Retention Scheme, opened 20 April 2020): 80% of an
 *       employee's usual wages up to £2,500 a month, pro rata for part months, for employees on the
 *       PAYE payroll on or before 19 March 2020. Employer NICs and pension contributions, also
 *       claimable until July 2020, are left out.
 *   <li><b>SSP rebate</b> (Coronavirus Statutory Sick Pay Rebate Scheme, opened 26 May 2020): up to
 *       2 weeks of SSP at £95.85 a week per employee off sick with coronavirus, for employers with
 *       fewer than 250 employees on 28 February 2020.
 *   <li><b>BBL</b> (Bounce Back Loan Scheme, opened 4 May 2020): £2,000 to £50,000, at most 25% of
 *       the business's turnover; the business must have been established before 1 March 2020.
 * </ul>
 *
 * The eligibility cut-off for businesses is taken as 19 March 2020 for both CJRS and BBL, the date
 * the CJRS payroll rule names.
 */
final class SchemeRules {
  private SchemeRules() {}

  static final long SEISS_CAP = 7_500_00;
  static final long SEISS_MAX_PROFIT = 50_000_00;
  static final long CJRS_MONTHLY_CAP = 2_500_00;
  static final double CJRS_WAGE_SHARE = 0.8;
  static final long SSP_WEEKLY_RATE = 95_85;
  static final int SSP_MAX_DAYS = 14;
  static final int SSP_MAX_EMPLOYEES = 249;
  static final long BBL_MIN = 2_000_00;
  static final long BBL_MAX = 50_000_00;
  static final double BBL_TURNOVER_SHARE = 0.25;

  static final int CUTOFF = day(2020, 3, 19);
  static final int SSP_FROM = day(2020, 3, 13);
  static final int FURLOUGH_FROM = day(2020, 3, 1);
  static final int LOCKDOWN = day(2020, 3, 23);

  static final int SEISS_OPENS = day(2020, 5, 13);
  static final int SEISS_CLOSES = day(2020, 7, 13);
  static final int CJRS_OPENS = day(2020, 4, 20);
  static final int SSP_OPENS = day(2020, 5, 26);
  static final int BBL_OPENS = day(2020, 5, 4);

  /**
   * The SEISS first grant for the given average annual trading profit: 80% of the monthly average
   * for 3 months, i.e. a fifth of the annual average, capped at £7,500.
   */
  static long seissGrant(long averageAnnualProfit) {
    return Math.min(SEISS_CAP, Math.round(averageAnnualProfit * CJRS_WAGE_SHARE / 12.0 * 3.0));
  }

  /**
   * The months a period covers, pro rata by calendar month: 1 March to 30 April is 2.0, 23 to 31
   * March is 9/31.
   */
  static double months(int firstDay, int lastDay) {
    double months = 0;
    LocalDate day = LocalDate.ofEpochDay(firstDay);
    while (day.toEpochDay() <= lastDay) {
      LocalDate monthEnd = day.withDayOfMonth(day.lengthOfMonth());
      long end = Math.min(monthEnd.toEpochDay(), lastDay);
      months += (end - day.toEpochDay() + 1) / (double) day.lengthOfMonth();
      day = monthEnd.plusDays(1);
    }
    return months;
  }

  /** The most CJRS pays for this many employees over the period: £2,500 a month each. */
  static long cjrsCap(int employees, int firstDay, int lastDay) {
    return Math.round(employees * CJRS_MONTHLY_CAP * months(firstDay, lastDay));
  }

  /** CJRS grant: 80% of usual monthly wages, at most £2,500 a month, per employee, pro rata. */
  static long cjrsGrant(int employees, long monthlyWage, int firstDay, int lastDay) {
    long perMonth = Math.min(CJRS_MONTHLY_CAP, Math.round(monthlyWage * CJRS_WAGE_SHARE));
    return Math.round(employees * perMonth * months(firstDay, lastDay));
  }

  /** SSP for one employee's qualifying days (at most 14): the weekly rate pro rata by day. */
  static long sspRebate(int days) {
    return Math.round(Math.min(days, SSP_MAX_DAYS) * SSP_WEEKLY_RATE / 7.0);
  }

  /** The largest bounce-back loan for a turnover: 25% of it, at most £50,000. */
  static long bblMaximum(long turnover) {
    return Math.min(BBL_MAX, (long) (turnover * BBL_TURNOVER_SHARE));
  }

  static int day(int year, int month, int dayOfMonth) {
    return (int) LocalDate.of(year, month, dayOfMonth).toEpochDay();
  }
}

package io.insightmesh.decisions.features;

import io.insightmesh.contracts.claims.Claim;
import java.time.LocalDate;

/**
 * The schemes' published caps, as the claims generator and the profiles pipeline apply them (see
 * {@code SchemeRules} in the claims product): SEISS £7,500 a grant; CJRS £2,500 per employee per
 * calendar month of the period, part months pro rata by day; SSP rebate two weeks at £95.85 per
 * employee, for employers of at most 249; bounce-back loans £2,000 to £50,000. Amounts are worked
 * in pence and rounded as the generator rounds them, so a claim exactly at its cap is not over it.
 */
final class SchemeCaps {
  static final long SEISS_CAP = 7_500_00;
  static final long BBL_MAX = 50_000_00;
  static final long BBL_MIN = 2_000_00;
  static final long CJRS_MONTHLY_CAP = 2_500_00;
  static final long SSP_WEEKLY_RATE = 95_85;
  static final long SSP_PER_EMPLOYEE = 2 * SSP_WEEKLY_RATE;
  static final int SSP_MAX_EMPLOYEES = 249;
  static final LocalDate ELIGIBILITY_CUTOFF = LocalDate.of(2020, 3, 19);

  private SchemeCaps() {}

  /** The claim's cap in pence, or -1 when the claim lacks what it needs (CJRS without a period). */
  static long capPence(Claim claim) {
    if (claim.getScheme() == null) {
      return -1;
    }
    switch (claim.getScheme()) {
      case SEISS:
        return SEISS_CAP;
      case BBL:
        return BBL_MAX;
      case SSP_REBATE:
        // Employees are a CJRS field; without them the employer-size limit bounds the rebate.
        int employees = claim.getEmployees() == null ? SSP_MAX_EMPLOYEES : claim.getEmployees();
        return Math.min(employees, SSP_MAX_EMPLOYEES) * SSP_PER_EMPLOYEE;
      case CJRS:
        if (claim.getEmployees() == null
            || claim.getEmployees() < 1
            || claim.getPeriodStart() == null
            || claim.getPeriodEnd() == null
            || claim.getPeriodEnd().isBefore(claim.getPeriodStart())) {
          return -1;
        }
        return Math.round(
            claim.getEmployees()
                * CJRS_MONTHLY_CAP
                * months(claim.getPeriodStart(), claim.getPeriodEnd()));
      default:
        return -1;
    }
  }

  /**
   * The longest period whose months {@link #months} walks one by one: a hundred years, far beyond
   * any scheme's period.
   */
  static final int MAX_WALKED_MONTHS = 1_200;

  /**
   * The calendar months from first to last day inclusive, pro rata by day: 1 March to 30 April is
   * 2.0, 23 to 31 March is 9/31. Zero when last is before first.
   *
   * <p>Month by month, adding each month's share in order, as the claims generator works it out, so
   * that a claim at its cap comes out at it to the last bit. A period over {@link
   * #MAX_WALKED_MONTHS} adds its whole months at once instead: a claim may carry any dates the
   * contract holds, and a walk over millions of years would hold the thread answering claims.
   */
  static double months(LocalDate first, LocalDate last) {
    if (last.isBefore(first)) {
      return 0;
    }
    long spanned =
        (last.getYear() - (long) first.getYear()) * 12
            + last.getMonthValue()
            - first.getMonthValue();
    if (spanned > MAX_WALKED_MONTHS) {
      return share(first, first.withDayOfMonth(first.lengthOfMonth()))
          + (spanned - 1)
          + share(last.withDayOfMonth(1), last);
    }
    double months = 0;
    LocalDate day = first;
    while (true) {
      LocalDate monthEnd = day.withDayOfMonth(day.lengthOfMonth());
      if (!monthEnd.isBefore(last)) {
        // Not past the last month's end: LocalDate.MAX has no day after it.
        return months + share(day, last);
      }
      months += share(day, monthEnd);
      day = monthEnd.plusDays(1);
    }
  }

  /** The days {@code from} to {@code to}, inclusive, as a share of {@code from}'s month. */
  private static double share(LocalDate from, LocalDate to) {
    return (to.toEpochDay() - from.toEpochDay() + 1) / (double) from.lengthOfMonth();
  }
}

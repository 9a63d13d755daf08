package io.insightmesh.products.claims.generate;

import java.time.DayOfWeek;
import java.time.LocalDate;

/**
 * When claims arrive: each scheme's window, the share of its claims on each day (a burst when it
 * opens, then a decay), the hour of day (people claim from breakfast to late evening; the opening
 * morning is busiest), and fewer claims at weekends. SEISS is front-loaded the hardest: HMRC gave
 * each claimant a day between 13 and 17 May 2020 to claim, and about 2.3 million of some 2.6
 * million first-grant claims came in the first week — here about 89% of SEISS claims, whatever the
 * scale.
 *
 * <p>Hours are drawn in UK local time and converted to UTC: every window lies inside British Summer
 * Time 2020 (29 March to 25 October), UTC+1. Services open at 08:00 local time.
 */
final class SubmissionCalendar {
  private static final int OPENING_HOUR = 8;
  private static final int BST_OFFSET_HOURS = 1;

  /** Relative claims per local hour on an ordinary day. */
  private static final double[] HOURLY = {
    0.3, 0.2, 0.1, 0.1, 0.1, 0.2, 0.6, 1.5, 3.5, 5.5, 6.5, 6.5, 6.0, 6.0, 6.0, 5.5, 5.0, 4.5, 4.5,
    5.0, 5.0, 4.0, 2.5, 1.0
  };

  private static final double[] ORDINARY_HOURS = Rng.cumulative(HOURLY);
  private static final double[] OPENING_HOURS = Rng.cumulative(openingHours());

  /** A scheme's submission window. */
  enum Window {
    SEISS(SchemeRules.SEISS_OPENS, SchemeRules.SEISS_CLOSES, true),
    CJRS_APRIL(SchemeRules.CJRS_OPENS, SchemeRules.day(2020, 5, 31), true),
    CJRS_MAY(SchemeRules.day(2020, 5, 11), SchemeRules.day(2020, 6, 15), false),
    CJRS_JUNE(SchemeRules.day(2020, 6, 10), SchemeRules.day(2020, 7, 15), false),
    CJRS_JULY(SchemeRules.day(2020, 7, 10), SchemeRules.day(2020, 8, 14), false),
    SSP_REBATE(SchemeRules.SSP_OPENS, SchemeRules.day(2020, 8, 31), true),
    BBL(SchemeRules.BBL_OPENS, SchemeRules.day(2020, 9, 30), true);

    final int firstDay;
    final int lastDay;
    final boolean opening;
    final double[] days;

    Window(int firstDay, int lastDay, boolean opening) {
      this.firstDay = firstDay;
      this.lastDay = lastDay;
      this.opening = opening;
      this.days = Rng.cumulative(dayWeights(name(), firstDay, lastDay - firstDay + 1));
    }

    static Window cjrsRound(int round) {
      return switch (round) {
        case 0 -> CJRS_APRIL;
        case 1 -> CJRS_MAY;
        case 2 -> CJRS_JUNE;
        default -> CJRS_JULY;
      };
    }
  }

  private SubmissionCalendar() {}

  /** A submission instant (epoch second, UTC) in the window. */
  static long sample(Window window, Rng rng) {
    int offset = rng.pick(window.days);
    double[] hours = offset == 0 && window.opening ? OPENING_HOURS : ORDINARY_HOURS;
    int localHour = rng.pick(hours);
    return instant(window.firstDay + offset, localHour, rng.nextInt(3600));
  }

  /**
   * The start of a scripted burst in the window: any day but the first and last, at night (01:00 to
   * 04:59, when nobody else claims) or in the working day.
   */
  static long burstStart(Window window, Rng rng) {
    int span = window.lastDay - window.firstDay + 1;
    int day = window.firstDay + 1 + rng.nextInt(Math.max(1, span - 2));
    int localHour = rng.chance(0.5) ? rng.between(1, 4) : rng.between(9, 20);
    return instant(day, localHour, rng.nextInt(3600));
  }

  static long instant(int epochDay, int localHour, int secondOfHour) {
    return epochDay * 86_400L + (localHour - BST_OFFSET_HOURS) * 3_600L + secondOfHour;
  }

  /** The UK local date of an instant in the windows above. */
  static int localDay(long epochSecond) {
    return (int) Math.floorDiv(epochSecond + BST_OFFSET_HOURS * 3_600L, 86_400L);
  }

  private static double[] openingHours() {
    double[] weights = new double[24];
    for (int hour = OPENING_HOUR; hour < 24; hour++) {
      weights[hour] = HOURLY[hour] * (1 + 4 * Math.exp(-(hour - OPENING_HOUR) / 2.5));
    }
    return weights;
  }

  private static double[] dayWeights(String window, int firstDay, int days) {
    double[] weights = new double[days];
    for (int d = 0; d < days; d++) {
      double weight =
          switch (window) {
            // 89% in the first week (the staggered claim dates 13-17 May), then a long tail.
            case "SEISS" ->
                d < 7 ? new double[] {20, 20, 18, 15, 10, 4, 3}[d] : 0.8 * Math.pow(0.93, d - 7);
            case "CJRS_APRIL" -> 30 * Math.pow(0.78, d) + 0.4;
            case "SSP_REBATE" -> 12 * Math.pow(0.85, d) + 0.35;
            // 4 May 2020: lenders took tens of thousands of applications on the first day.
            case "BBL" ->
                d < 5 ? new double[] {15, 9, 8, 7, 6}[d] : 6 * Math.pow(0.96, d - 4) + 0.25;
            // Later CJRS rounds follow payroll: most claims in the last week of the month.
            default -> 1 + 2 * Math.exp(-Math.pow((d - days * 0.45) / (days * 0.15), 2));
          };
      DayOfWeek dayOfWeek = LocalDate.ofEpochDay(firstDay + d).getDayOfWeek();
      boolean staggered = window.equals("SEISS") && d < 7;
      if (!staggered && dayOfWeek == DayOfWeek.SATURDAY) {
        weight *= 0.55;
      } else if (!staggered && dayOfWeek == DayOfWeek.SUNDAY) {
        weight *= 0.45;
      }
      weights[d] = weight;
    }
    return weights;
  }
}

package io.insightmesh.decisions.features;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.Random;
import org.junit.jupiter.api.Test;

class SchemeCapsTest {
  @Test
  void monthsArePartMonthsProRataByDay() {
    assertThat(SchemeCaps.months(LocalDate.of(2020, 3, 1), LocalDate.of(2020, 4, 30)))
        .isEqualTo(2.0);
    assertThat(SchemeCaps.months(LocalDate.of(2020, 3, 23), LocalDate.of(2020, 3, 31)))
        .isEqualTo(9 / 31.0);
    assertThat(SchemeCaps.months(LocalDate.of(2020, 4, 1), LocalDate.of(2020, 3, 31))).isZero();
  }

  @Test
  void claimPeriodsComeOutToTheBitAsTheGeneratorWalksThem() {
    // The claims generator's walk (SchemeRules.months in the claims product): a claim exactly at
    // its cap must not read as over it.
    Random random = new Random(5);
    LocalDate base = LocalDate.of(2019, 1, 1);
    for (int n = 0; n < 20_000; n++) {
      LocalDate first = base.plusDays(random.nextInt(1_500));
      LocalDate last = first.plusDays(random.nextInt(n % 10 == 0 ? 36_000 : 400));
      assertThat(SchemeCaps.months(first, last))
          .as("%s to %s", first, last)
          .isEqualTo(generatorsWalk(first, last));
    }
  }

  @Test
  void periodsAsLongAsTheDatesAllowAreWorkedOutAtOnce() {
    // Dates a claim may carry: before, the first walked some 24 billion months on the thread that
    // answers claims, and the second failed on the day after the last date there is.
    assertThat(SchemeCaps.months(LocalDate.MIN, LocalDate.MAX))
        .isEqualTo((LocalDate.MAX.getYear() - (double) LocalDate.MIN.getYear() + 1) * 12);
    assertThat(SchemeCaps.months(LocalDate.MAX.withDayOfMonth(1), LocalDate.MAX)).isEqualTo(1.0);
    LocalDate first = LocalDate.of(2020, 3, 23);
    LocalDate last = first.plusMonths(SchemeCaps.MAX_WALKED_MONTHS + 1).withDayOfMonth(9);
    assertThat(SchemeCaps.months(first, last))
        .isCloseTo(generatorsWalk(first, last), org.assertj.core.data.Offset.offset(1e-9));
  }

  private static double generatorsWalk(LocalDate first, LocalDate last) {
    double months = 0;
    LocalDate day = first;
    while (!day.isAfter(last)) {
      LocalDate monthEnd = day.withDayOfMonth(day.lengthOfMonth());
      LocalDate end = monthEnd.isBefore(last) ? monthEnd : last;
      months += (end.toEpochDay() - day.toEpochDay() + 1) / (double) day.lengthOfMonth();
      day = monthEnd.plusDays(1);
    }
    return months;
  }
}

package io.insightmesh.contracts;

import static org.assertj.core.api.Assertions.assertThat;

import io.insightmesh.contracts.spec.TextForms;
import org.junit.jupiter.api.Test;

/** The one statement of how dates and instants are written, read by the engine and the pipeline. */
class TextFormsTest {
  @Test
  void aDateIsYearMonthDayInFourTwoAndTwoDigits() {
    assertThat(TextForms.isDate("2020-05-13")).isTrue();
    assertThat(TextForms.isDate("0000-01-01")).isTrue();
    for (String refused : new String[] {"+10000-01-01", "2020-5-13", "13/05/2020", "2020-05-13Z"}) {
      assertThat(TextForms.isDate(refused)).as(refused).isFalse();
    }
  }

  @Test
  void anInstantCarriesItsOffsetWithSecondsAndFractionOptional() {
    for (String taken :
        new String[] {
          "2020-05-13T08:00:00Z",
          "2020-05-13T08:00Z",
          "2020-05-13T09:00:00.123456789+01:00",
          "2020-05-13T03:00:00-05:00"
        }) {
      assertThat(TextForms.isInstant(taken)).as(taken).isTrue();
    }
    for (String refused :
        new String[] {
          "2020-05-13T08:00:00",
          "2020-05-13 08:00:00Z",
          "2020-05-13T08:00:00+01:00:30",
          "2020-05-13T08:00:00+0100",
          "+12020-05-13T08:00:00Z",
          "2020-05-13T08:00:00.1234567890Z"
        }) {
      assertThat(TextForms.isInstant(refused)).as(refused).isFalse();
    }
  }
}

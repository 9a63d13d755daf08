package io.insightmesh.contracts;

import static org.assertj.core.api.Assertions.assertThat;

import io.insightmesh.contracts.spec.FieldNames;
import java.util.List;
import org.junit.jupiter.api.Test;

class FieldNamesTest {
  private static final List<String> CLAIM =
      List.of(
          "claim_id", "claimant_id", "nino", "name", "postcode", "bank_account", "ip", "channel");

  @Test
  void aSlipOfAKnownNameIsOfferedItsCorrection() {
    assertThat(FieldNames.meant("NINO", CLAIM)).hasValue("nino");
    assertThat(FieldNames.meant("nion", CLAIM)).hasValue("nino");
    assertThat(FieldNames.meant("postcod", CLAIM)).hasValue("postcode");
    assertThat(FieldNames.meant("bank_acount", CLAIM)).hasValue("bank_account");
    assertThat(FieldNames.meant("bankaccount", CLAIM)).hasValue("bank_account");
    assertThat(FieldNames.describe("postcod", CLAIM, "a column"))
        .isEqualTo("postcod (did you mean postcode?)");
  }

  /** What may be a value is never offered up: a NINO, a person's name, a date, a far-off word. */
  @Test
  void anythingElseIsNotNamed() {
    for (String value :
        List.of("AB123456C", "Jane", "Nina", "Smith", "1980-05-12", "SW1A 1AA", "Chanel", "x")) {
      assertThat(FieldNames.meant(value, CLAIM)).as(value).isEmpty();
    }
    assertThat(FieldNames.describe("AB123456C", CLAIM, "a column")).isEqualTo("a column");
    // Lower case and one letter off a short name: as likely a value.
    assertThat(FieldNames.meant("nina", CLAIM)).isEmpty();
    assertThat(FieldNames.meant("nim", CLAIM)).isEmpty();
  }

  @Test
  void aSlipOfTwoNamesAlikeIsNotGuessed() {
    assertThat(FieldNames.meant("claim_idd", CLAIM)).hasValue("claim_id");
    assertThat(FieldNames.meant("claimx_id", List.of("claima_id", "claimb_id"))).isEmpty();
  }
}

package io.insightmesh.decisions.search;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SearchRequestTest {
  private static Map<String, List<String>> query(String... pairs) {
    Map<String, List<String>> parameters = new LinkedHashMap<>();
    for (int i = 0; i < pairs.length; i += 2) {
      parameters.computeIfAbsent(pairs[i], k -> new java.util.ArrayList<>()).add(pairs[i + 1]);
    }
    return parameters;
  }

  @Test
  void aValidSearchIsNormalisedToItsIndexKey() {
    SearchRequest request =
        SearchRequest.parse(query("bank_account", "11-22-33-12345678", "reason", "case-1234"));
    assertThat(request.criterion()).isEqualTo(Criterion.BANK_ACCOUNT);
    assertThat(request.key()).isEqualTo("112233-12345678");
    assertThat(request.limit()).isEqualTo(SearchRequest.DEFAULT_LIMIT);
    assertThat(request.offset()).isZero();
    assertThat(request.toString()).doesNotContain("12345678");
  }

  @Test
  void aCursorRoundTripsAndAForgedOneIsRefused() {
    SearchRequest request =
        SearchRequest.parse(
            query("nino", "AB123456C", "reason", "r1", "cursor", SearchRequest.cursor(40)));
    assertThat(request.offset()).isEqualTo(40);
    assertThatThrownBy(
            () -> SearchRequest.parse(query("nino", "AB123456C", "reason", "r1", "cursor", "40")))
        .isInstanceOf(InvalidSearchException.class)
        .hasMessage("Invalid search: cursor must be a next_cursor this API returned");
  }

  @Test
  void eachMalformedValueNamesItsParameterAndRuleButNotTheValue() {
    String[][] cases = {
      {"claim_id", "not-a-uuid-123"},
      {"nino", "QQ12345"},
      {"bank_account", "11223312345678"},
      {"postcode", "NOWHERE123"},
      {"device", "bad device!"},
      {"name", "x1"},
    };
    for (String[] bad : cases) {
      assertThatThrownBy(() -> SearchRequest.parse(query(bad[0], bad[1], "reason", "case-1")))
          .isInstanceOf(InvalidSearchException.class)
          .hasMessageStartingWith("Invalid search: " + bad[0] + " must be")
          .satisfies(e -> assertThat(((InvalidSearchException) e).parameter()).isEqualTo(bad[0]))
          .message()
          .doesNotContain(bad[1]);
    }
  }

  @Test
  void exactlyOneCriterionAndAReasonAreRequired() {
    assertThatThrownBy(() -> SearchRequest.parse(query("reason", "case-1")))
        .isInstanceOf(InvalidSearchException.class)
        .hasMessage(
            "Invalid search: claim_id|nino|bank_account|postcode|device|name exactly one is"
                + " required");
    assertThatThrownBy(
            () -> SearchRequest.parse(query("nino", "AB123456C", "postcode", "SW1A 1AA")))
        .isInstanceOf(InvalidSearchException.class)
        .hasMessageContaining("exactly one is required");
    assertThatThrownBy(() -> SearchRequest.parse(query("nino", "AB123456C")))
        .isInstanceOf(InvalidSearchException.class)
        .hasMessageStartingWith("Invalid search: reason is required");
    assertThatThrownBy(
            () -> SearchRequest.parse(query("nino", "AB123456C", "reason", "AB123456C\nfake")))
        .isInstanceOf(InvalidSearchException.class)
        .hasMessageStartingWith("Invalid search: reason is required");
  }

  @Test
  void limitsAreBoundedAndUnknownOrRepeatedParametersRefused() {
    for (String limit : new String[] {"0", "101", "ten", "-5"}) {
      assertThatThrownBy(
              () -> SearchRequest.parse(query("nino", "AB123456C", "reason", "r", "limit", limit)))
          .isInstanceOf(InvalidSearchException.class)
          .hasMessage("Invalid search: limit must be an integer from 1 to 100");
    }
    assertThatThrownBy(
            () -> SearchRequest.parse(query("nino", "AB123456C", "reason", "r", "nin", "x")))
        .isInstanceOf(InvalidSearchException.class)
        .hasMessageStartingWith(
            "Invalid search: nin is not a search parameter (did you mean nino?); use one of");
    // A query keyed by a value does not get it back.
    assertThatThrownBy(
            () -> SearchRequest.parse(query("nino", "AB123456C", "reason", "r", "CE654321A", "x")))
        .isInstanceOf(InvalidSearchException.class)
        .hasMessageStartingWith("Invalid search: an unknown parameter is not a search parameter;")
        .hasMessageNotContaining("CE654321A");
    assertThatThrownBy(
            () ->
                SearchRequest.parse(query("nino", "AB123456C", "nino", "CE654321A", "reason", "r")))
        .isInstanceOf(InvalidSearchException.class)
        .hasMessage("Invalid search: nino must be given once");
  }

  @Test
  void aReasonCarryingTheSearchedValueIsRefusedWithoutEchoingIt() {
    String claimId = "ff5ad679-6500-439c-9638-a487de023cb5";
    String[][] cases = {
      // criterion, searched value, reason, a part of the value the message must not carry
      {"nino", "AB123456C", "ab 123456 c", "123456"},
      {"nino", "AB123456C", "case AB123456C", "123456"},
      {"nino", "ab 12 34 56 c", "case-ab-12-34-56-c", "123456"},
      // Without its suffix letter a NINO still names its holder.
      {"nino", "AB123456C", "re AB123456", "123456"},
      {"bank_account", "11-22-33-12345678", "case 112233/12345678", "12345678"},
      {"bank_account", "112233-12345678", "account 1234 5678", "12345678"},
      {"postcode", "SW1A 1AA", "visit to sw1a1aa", "1AA"},
      {"claim_id", claimId, "claim " + claimId.toUpperCase(), "a487de023cb5"},
      {"device", "b4f38d13378781a8", "device B4F38D13378781A8 seen", "13378781"},
      {"name", "George Baker", "baker george: case 12", "aker"},
    };
    for (String[] bad : cases) {
      assertThatThrownBy(() -> SearchRequest.parse(query(bad[0], bad[1], "reason", bad[2])))
          .as(bad[0] + " with reason " + bad[2])
          .isInstanceOf(InvalidSearchException.class)
          .hasMessageStartingWith("Invalid search: reason must not contain the searched value")
          .satisfies(e -> assertThat(((InvalidSearchException) e).parameter()).isEqualTo("reason"))
          .message()
          .doesNotContain(bad[3]);
    }
  }

  @Test
  void aReasonShapedLikeSomeonesNinoOrBankAccountIsRefusedWhateverIsSearched() {
    String[] reasons = {
      "case CE654321A",
      "re ce 65 43 21 a",
      "account 40-00-00 87654321",
      "40000087654321",
      "sort code 40-00-00 account 87654321",
      "sc 400000 acc no 87654321",
    };
    for (String reason : reasons) {
      assertThatThrownBy(() -> SearchRequest.parse(query("postcode", "SW1A 1AA", "reason", reason)))
          .as(reason)
          .isInstanceOf(InvalidSearchException.class)
          .hasMessage(
              "Invalid search: reason must not contain a National Insurance number or a bank"
                  + " account (it is audited in clear); give a case reference")
          .satisfies(e -> assertThat(((InvalidSearchException) e).parameter()).isEqualTo("reason"));
    }
  }

  @Test
  void aReasonThatOnlyResemblesPersonalDataIsAccepted() {
    String[][] cases = {
      // Six digits between two words are not a NINO just because the next word starts with C.
      {"postcode", "SW1A 1AA", "case AB 123456 closed"},
      // Not a NINO by the contract's rule (no prefix starts with Q).
      {"postcode", "SW1A 1AA", "ref QQ123456C"},
      {"nino", "AB123456C", "case 20240001"},
      {"bank_account", "112233-12345678", "case 2024/000123"},
      // Fourteen digits, but a date and a sequence number, not a sort code and an account.
      {"postcode", "SW1A 1AA", "CASE-20240612-000017"},
      // One word of the name searched is not the name.
      {"name", "George Baker", "case for baker"},
    };
    for (String[] fine : cases) {
      assertThat(SearchRequest.parse(query(fine[0], fine[1], "reason", fine[2])).reason())
          .isEqualTo(fine[2]);
    }
  }
}

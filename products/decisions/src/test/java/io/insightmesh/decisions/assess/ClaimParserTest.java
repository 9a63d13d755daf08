package io.insightmesh.decisions.assess;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.insightmesh.contracts.claims.Claim;
import io.insightmesh.contracts.claims.Scheme;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

public class ClaimParserTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final ClaimParser parser = new ClaimParser();

  /** A claim that passes every rule of the claims contract; tests elsewhere start from it. */
  public static ObjectNode validClaim() {
    ObjectNode claim = JSON.createObjectNode();
    claim.put("claim_id", "0f8fad5b-d9cb-469f-a165-70867728950e");
    claim.put("scheme", "SEISS");
    claim.put("submitted_at", "2020-05-13T08:00:00Z");
    claim.put("claimant_id", "C0000001");
    claim.put("nino", "AB123456C");
    claim.put("name", "Ada Lovelace");
    claim.put("date_of_birth", "1980-01-02");
    claim.put("postcode", "SW1A 1AA");
    claim.put("bank_sort_code", "112233");
    claim.put("bank_account_number", "12345678");
    claim.put("amount_claimed", 2500.5);
    claim.put("channel", "ONLINE");
    return claim;
  }

  @Test
  void aValidClaimBecomesTheContractsType() {
    ObjectNode json = validClaim();
    json.put("employees", 12);
    json.put("device_id", "dev-1");

    Claim claim = parser.parse(json);

    assertThat(claim.getScheme()).isEqualTo(Scheme.SEISS);
    assertThat(claim.getSubmittedAt()).isEqualTo(Instant.parse("2020-05-13T08:00:00Z"));
    assertThat(claim.getDateOfBirth()).isEqualTo(LocalDate.of(1980, 1, 2));
    assertThat(claim.getAmountClaimed()).isEqualTo(new BigDecimal("2500.50"));
    assertThat(claim.getEmployees()).isEqualTo(12);
    assertThat(claim.getDeviceId()).isEqualTo("dev-1");
    assertThat(claim.getUtr()).isNull();
  }

  @Test
  void everyBadFieldIsNamedWithItsRuleAndNoValueIsEchoed() {
    ObjectNode json = validClaim();
    json.put("nino", "XX000000X");
    json.remove("postcode");
    json.put("scheme", "HOLIDAY");
    json.put("amount_claimed", "-5");
    json.put("submitted_at", "yesterday");
    json.put("amount_claimd", 3);

    assertThatThrownBy(() -> parser.parse(json))
        .isInstanceOf(InvalidClaimException.class)
        .hasMessageContaining("nino does not match the contract's pattern")
        .hasMessageContaining("postcode is required")
        .hasMessageContaining("scheme must be one of [SEISS, CJRS, SSP_REBATE, BBL]")
        .hasMessageContaining("amount_claimed must be between 0.01 and 9999999999.99")
        .hasMessageContaining("submitted_at must be an ISO-8601 instant")
        .hasMessageContaining("amount_claimd is not a field of the claims contract")
        .satisfies(
            failure ->
                assertThat(((InvalidClaimException) failure).errors())
                    .extracting(FieldError::field, FieldError::rule)
                    .contains(
                        org.assertj.core.groups.Tuple.tuple("nino", "regex"),
                        org.assertj.core.groups.Tuple.tuple("postcode", "not-null"),
                        org.assertj.core.groups.Tuple.tuple("amount_claimed", "range")))
        .message()
        .doesNotContain("XX000000X")
        .doesNotContain("HOLIDAY");
  }

  @Test
  void aPatternJudgesEachClaimAloneOnEveryThread() throws Exception {
    // Each thread's matchers are reused from claim to claim: a refusal must not carry over to the
    // next claim, nor an acceptance.
    ObjectNode bad = validClaim();
    bad.put("nino", "XX000000X");
    ObjectNode good = validClaim();
    List<Callable<Boolean>> parses = new ArrayList<>();
    for (int n = 0; n < 2_000; n++) {
      ObjectNode claim = n % 3 == 0 ? bad : good;
      parses.add(
          () -> {
            try {
              parser.parse(claim);
              return true;
            } catch (InvalidClaimException refused) {
              return false;
            }
          });
    }
    ExecutorService threads = Executors.newFixedThreadPool(4);
    try {
      List<Future<Boolean>> outcomes = threads.invokeAll(parses);
      for (int n = 0; n < outcomes.size(); n++) {
        assertThat(outcomes.get(n).get()).as("claim %d", n).isEqualTo(n % 3 != 0);
      }
    } finally {
      threads.shutdownNow();
    }
  }

  @Test
  void wrongTypesAndOversizedTextAreRefused() {
    ObjectNode json = validClaim();
    json.put("employees", "twelve");
    json.put("amount_claimed", 10.123);
    json.put("name", "x".repeat(ClaimParser.MAX_TEXT_LENGTH + 1));
    json.put("date_of_birth", "02/01/1980");

    assertThatThrownBy(() -> parser.parse(json))
        .isInstanceOf(InvalidClaimException.class)
        .hasMessageContaining("employees must be a whole number")
        .hasMessageContaining("amount_claimed has more than 2 decimal places")
        .hasMessageContaining("name is longer than 256 characters")
        .hasMessageContaining("date_of_birth must be a date, yyyy-mm-dd");
  }

  @Test
  void valuesBeyondTheContractsTypesAreRefusedBeforeTheyAreBuilt() {
    ObjectNode json = validClaim();
    // Eleven characters: rescaled to two places first, it was a million digits' work (and a
    // hundred million's for 1E100000000) on the thread that answers every claim.
    json.put("amount_claimed", "1E1000000");
    // The ISO formats read these, the contract's Avro types cannot hold them (the date would be
    // written as another date, the instant failed the log's encoding): not the contract's form.
    json.put("date_of_birth", "+999999999-12-31");
    json.put("submitted_at", "+999999999-12-31T00:00:00Z");
    com.sun.management.ThreadMXBean threads =
        (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
    // Once before measuring: the first refusal in a JVM loads and initialises classes, which is not
    // what the bound is about; and only the parse is measured, not the assertions on its result.
    org.assertj.core.api.Assertions.catchThrowable(() -> parser.parse(json));
    long before = threads.getCurrentThreadAllocatedBytes();
    Throwable refused = org.assertj.core.api.Assertions.catchThrowable(() -> parser.parse(json));
    long allocated = threads.getCurrentThreadAllocatedBytes() - before;

    assertThat(refused)
        .isInstanceOf(InvalidClaimException.class)
        .satisfies(
            failure ->
                assertThat(((InvalidClaimException) failure).errors())
                    .extracting(FieldError::field, FieldError::rule, FieldError::message)
                    .containsExactlyInAnyOrder(
                        org.assertj.core.groups.Tuple.tuple(
                            "amount_claimed", "decimal", "has more than 12 digits"),
                        org.assertj.core.groups.Tuple.tuple(
                            "date_of_birth", "type", "must be a date, yyyy-mm-dd"),
                        org.assertj.core.groups.Tuple.tuple(
                            "submitted_at",
                            "type",
                            "must be an ISO-8601 instant with an offset, e.g."
                                + " 2020-05-13T08:00:00Z")));
    // A claim's worth of garbage, not the number's digits (a million digits are 400 KB).
    assertThat(allocated).isLessThan(200_000);

    ObjectNode edge = validClaim();
    edge.put("amount_claimed", "9999999999.99");
    edge.put("date_of_birth", "9999-12-31");
    edge.put("period_start", "0000-01-01");
    edge.put("submitted_at", "9999-12-31T23:59:59.999999+14:00");
    Claim claim = parser.parse(edge);
    assertThat(claim.getAmountClaimed()).isEqualTo(new BigDecimal("9999999999.99"));
    assertThat(claim.getDateOfBirth()).isEqualTo(LocalDate.of(9999, 12, 31));
    assertThat(claim.getPeriodStart()).isEqualTo(LocalDate.of(0, 1, 1));
    assertThat(claim.getSubmittedAt()).isEqualTo(Instant.parse("9999-12-31T09:59:59.999999Z"));
  }

  /**
   * The claims pipeline checks the same text forms ({@code TextForms}): what the JDK's parsers also
   * take — five-digit years, an offset with seconds, a time with no offset — is refused here too,
   * so a claim scored in real time is never rejected from the claims product.
   */
  @Test
  void datesAndInstantsMustHaveTheContractsForm() {
    for (String[] refused :
        new String[][] {
          {"date_of_birth", "+10000-01-01"},
          {"date_of_birth", "1980-1-02"},
          {"submitted_at", "2020-05-13T08:00:00+01:00:30"},
          {"submitted_at", "2020-05-13T08:00:00"},
          {"submitted_at", "+12020-05-13T08:00:00Z"}
        }) {
      ObjectNode json = validClaim();
      json.put(refused[0], refused[1]);
      assertThatThrownBy(() -> parser.parse(json))
          .as(refused[1])
          .isInstanceOf(InvalidClaimException.class)
          .hasMessageContaining(refused[0] + " must be");
    }
    ObjectNode json = validClaim();
    json.put("submitted_at", "2020-05-13T09:00+01:00");
    assertThat(parser.parse(json).getSubmittedAt())
        .isEqualTo(Instant.parse("2020-05-13T08:00:00Z"));
  }

  @Test
  void theRequestBytesGiveTheSameClaimOrTheSameErrorsAsTheTree() throws Exception {
    String valid = JSON.writeValueAsString(validClaim());
    String[] bodies = {
      valid,
      valid.replace("\"channel\":\"ONLINE\"", "\"channel\":\"ONLINE\",\"employees\":12"),
      // A field's value of the wrong shape, each kind of JSON value, and repeated names.
      valid.replace("\"name\":\"Ada Lovelace\"", "\"name\":[\"Ada\",{\"x\":1}]"),
      valid.replace("\"name\":\"Ada Lovelace\"", "\"name\":{\"first\":\"Ada\"}"),
      valid.replace("\"name\":\"Ada Lovelace\"", "\"name\":true"),
      valid.replace("\"name\":\"Ada Lovelace\"", "\"name\":null"),
      valid.replace("\"amount_claimed\":2500.5", "\"amount_claimed\":\"2500.50\""),
      valid.replace("\"amount_claimed\":2500.5", "\"amount_claimed\":25e2"),
      valid.replace("\"amount_claimed\":2500.5", "\"amount_claimed\":99999999999999999999"),
      valid.replace("\"amount_claimed\":2500.5", "\"amount_claimed\":0.1234567890123456789"),
      valid.replace("\"channel\":\"ONLINE\"", "\"channel\":\"ONLINE\",\"employees\":3000000000"),
      valid.replace("\"channel\":\"ONLINE\"", "\"channel\":\"ONLINE\",\"employees\":1.5"),
      valid.replace("\"postcode\":\"SW1A 1AA\",", "\"post code\":{\"a\":[1]},\"extra\":2,"),
      "{}",
      "[]",
      "\"a claim\"",
      "",
    };
    for (String body : bodies) {
      Object fromTree = result(() -> parser.parse(body.isEmpty() ? null : JSON.readTree(body)));
      Object fromBytes = result(() -> parser.parse(body.getBytes(StandardCharsets.UTF_8)));

      assertThat(fromBytes).as(body).isEqualTo(fromTree);
    }
  }

  @Test
  void bytesThatAreNotJsonAreRefusedAsSuch() {
    for (String body : new String[] {"{\"claim_id\":", "{\"claim_id\" 1}", "{,}", "nonsense"}) {
      assertThatThrownBy(() -> parser.parse(body.getBytes(StandardCharsets.UTF_8)))
          .as(body)
          .isInstanceOf(JsonProcessingException.class);
    }
  }

  /**
   * A body that says two things is refused whole: a field given twice (which did the submitter
   * mean?) or anything after the claim (a second claim would be acknowledged unread).
   */
  @Test
  void aFieldGivenTwiceOrContentAfterTheClaimIsRefused() throws Exception {
    String valid = validClaim().toString();
    assertThatThrownBy(
            () ->
                parser.parse(
                    valid
                        .replace("\"nino\":\"AB123456C\"", "\"nino\":\"XX\",\"nino\":\"AB123456C\"")
                        .getBytes(StandardCharsets.UTF_8)))
        .isInstanceOf(JsonProcessingException.class)
        .satisfies(
            e ->
                assertThat(((JsonProcessingException) e).getOriginalMessage())
                    .isEqualTo("Duplicate field 'nino'"));
    for (String after : new String[] {valid, " x", "[]", ","}) {
      assertThatThrownBy(() -> parser.parse((valid + after).getBytes(StandardCharsets.UTF_8)))
          .as(after)
          .isInstanceOf(JsonProcessingException.class);
    }
    assertThat(parser.parse((valid + " \n").getBytes(StandardCharsets.UTF_8)).getClaimId())
        .as("white space after the claim is no content")
        .isNotNull();
  }

  /** A typo is named with its correction; a key that may be a value is not quoted back. */
  @Test
  void anUnknownFieldIsNamedOnlyWhenItIsASlipOfAContractField() throws Exception {
    ObjectNode json = validClaim();
    json.put("AB123456C", "x");
    json.put("claimantid", 1);
    json.set("postcod", json.get("postcode"));
    json.remove("postcode");

    for (Object refused :
        List.of(
            catchThrowable(() -> parser.parse(json)),
            catchThrowable(() -> parser.parse(json.toString().getBytes(StandardCharsets.UTF_8))))) {
      assertThat(refused).isInstanceOf(InvalidClaimException.class);
      List<FieldError> errors = ((InvalidClaimException) refused).errors();
      assertThat(errors)
          .filteredOn(error -> error.rule().equals("unknown-field"))
          .extracting(FieldError::field, FieldError::message)
          .containsExactlyInAnyOrder(
              org.assertj.core.groups.Tuple.tuple(
                  "postcod", "is not a field of the claims contract; did you mean postcode?"),
              org.assertj.core.groups.Tuple.tuple(
                  "claimantid", "is not a field of the claims contract; did you mean claimant_id?"),
              org.assertj.core.groups.Tuple.tuple(
                  "(an unknown field)",
                  "is not a field of the claims contract (its name is not repeated: it may be a"
                      + " value)"));
      assertThat(((Throwable) refused).getMessage()).doesNotContain("AB123456C");
    }
  }

  @Test
  void notAnObjectIsRefused() {
    assertThatThrownBy(() -> parser.parse(JSON.createArrayNode()))
        .isInstanceOf(InvalidClaimException.class)
        .hasMessageContaining("must be a JSON object");
  }

  /**
   * The direct reading of the usual forms gives what the ISO formatters give, for every text of the
   * contract's forms; any other text is refused before a formatter sees it.
   */
  @Test
  void readsInstantsAndDatesExactlyAsTheIsoFormattersDo() {
    for (String text :
        java.util.List.of(
            "2020-05-13T08:00:00Z",
            "0000-01-01T00:00:00Z",
            "2020-02-29T23:59:59Z",
            "2021-02-29T10:00:00Z",
            "2020-13-01T10:00:00Z",
            "2020-05-13T24:00:00Z",
            "2020-05-13T08:60:00Z",
            "2020-05-13T08:00:60Z",
            "2020-05-13T08:00:00+01:00",
            "2020-05-13T08:00:00.5Z",
            "2020-05-13t08:00:00Z",
            "2020-05-1xT08:00:00Z",
            "+2020-05-13T08:00:0Z")) {
      Object expected =
          io.insightmesh.contracts.spec.TextForms.isInstant(text)
              ? outcome(() -> java.time.OffsetDateTime.parse(text).toInstant())
              : "java.time.format.DateTimeParseException: Not the contract's form of an instant";
      assertThat(outcome(() -> ClaimParser.instant(text))).as(text).isEqualTo(expected);
    }
    for (String text :
        java.util.List.of(
            "2020-05-13",
            "0000-01-01",
            "2020-02-29",
            "2021-02-29",
            "2020-04-31",
            "2020-00-10",
            "2020-5-13",
            "20200-5-13",
            "2020-05-1a",
            "2020/05/13")) {
      Object expected =
          io.insightmesh.contracts.spec.TextForms.isDate(text)
              ? outcome(() -> LocalDate.parse(text))
              : "java.time.format.DateTimeParseException: Not the contract's form of a date";
      assertThat(outcome(() -> ClaimParser.date(text))).as(text).isEqualTo(expected);
    }
  }

  /** The claim, or the exception's class and message. */
  private static Object result(java.util.concurrent.Callable<Claim> parse) throws Exception {
    try {
      return parse.call();
    } catch (InvalidClaimException e) {
      return e.getClass().getName() + ": " + e.getMessage();
    }
  }

  /** The value, or the exception's class and message. */
  private static Object outcome(java.util.function.Supplier<Object> parse) {
    try {
      return parse.get();
    } catch (RuntimeException e) {
      return e.getClass().getName() + ": " + e.getMessage();
    }
  }
}

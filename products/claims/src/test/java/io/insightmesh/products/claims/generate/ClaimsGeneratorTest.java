package io.insightmesh.products.claims.generate;

import static io.insightmesh.products.claims.generate.GeneratedData.text;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One generated data set, read back as a consumer would, checked for what the claims pipeline, the
 * profiles and the scoring rules rely on: valid claims, bad records exactly where labelled, and
 * each fraud pattern with the structure its label promises — and nothing else looking like it.
 */
class ClaimsGeneratorTest {
  private static final long COUNT = 40_000;
  private static final LocalDate CUTOFF = LocalDate.of(2020, 3, 19);

  @TempDir static Path directory;

  private static GeneratedData data;
  private static GenerationSummary summary;
  private static final List<long[]> progress = new ArrayList<>();

  @BeforeAll
  static void generate() {
    summary =
        new ClaimsGenerator(
                GeneratorSettings.of(COUNT, 20200513, directory)
                    .withClaimsPerFile(6_000)
                    .withBadRate(0.01)
                    .withThreads(2))
            .generate((written, total) -> progress.add(new long[] {written, total}));
    data = new GeneratedData(directory);
  }

  @Test
  void writesTheDocumentedLayout() throws IOException {
    assertThat(data.landing).hasSize((int) COUNT);
    try (Stream<Path> parts = Files.list(directory.resolve("landing/claims"))) {
      assertThat(parts.map(path -> path.getFileName().toString()).sorted().toList())
          .startsWith("part-00000.jsonl", "part-00001.jsonl")
          .allMatch(name -> name.matches("part-\\d{5}\\.jsonl"))
          .hasSize(summary.landingFiles());
    }
    try (Stream<Path> all = Files.walk(directory)) {
      assertThat(all.filter(Files::isRegularFile).map(directory::relativize).map(Path::toString))
          .filteredOn(path -> !path.startsWith("landing/"))
          .containsExactlyInAnyOrder(
              "manifest.json",
              "ground-truth/labels.jsonl",
              "reference/self_assessment.jsonl",
              "reference/paye_employment.jsonl",
              "reference/companies.jsonl",
              "reference/deceased.jsonl");
    }
  }

  @Test
  void groundTruthNeverAppearsUnderLanding() throws IOException {
    try (Stream<Path> landing = Files.walk(directory.resolve("landing"))) {
      assertThat(landing.filter(Files::isRegularFile).map(path -> path.getFileName().toString()))
          .allMatch(name -> name.startsWith("part-"));
    }
    assertThat(data.landingLines)
        .noneMatch(line -> line.contains("\"fraud\"") || line.contains("\"patterns\""))
        .noneMatch(line -> line.contains("bad_record") || line.contains("SHARED_BANK_ACCOUNT"));
  }

  @Test
  void everyGoodClaimIsValidAgainstTheContract() {
    ContractCheck contract = new ContractCheck();
    assertThat(contract.rules()).isNotEmpty();
    List<JsonNode> good = data.good();
    assertThat(good).hasSizeGreaterThan((int) (COUNT * 0.95));
    for (JsonNode claim : good) {
      assertThat(contract.violations(claim)).as("violations of %s", claim).isEmpty();
      String nino = claim.get("nino").asText();
      assertThat(nino.substring(0, 2)).isNotIn("BG", "GB", "NK", "KN", "TN", "NT", "ZZ");
      assertThat(claim.get("amount_claimed").decimalValue()).isPositive();
      LocalDate born = LocalDate.parse(claim.get("date_of_birth").asText());
      assertThat(born).isBetween(LocalDate.of(1934, 1, 1), LocalDate.of(2002, 4, 1));
    }
  }

  @Test
  void claimIdsAreVersion7UuidsThatBeginWithTheFirstSubmissionTime() {
    // A point lookup by claim id prunes a time-partitioned product's files only if ids carry time.
    Map<String, Instant> firstSubmission = new HashMap<>();
    for (JsonNode claim : data.good()) {
      Instant submitted = Instant.parse(claim.get("submitted_at").asText());
      firstSubmission.merge(
          claim.get("claim_id").asText(), submitted, (a, b) -> a.isBefore(b) ? a : b);
    }
    assertThat(firstSubmission).hasSizeGreaterThan((int) (COUNT * 0.9));
    firstSubmission.forEach(
        (id, submitted) -> {
          UUID uuid = UUID.fromString(id);
          assertThat(uuid.version()).as(id).isEqualTo(7);
          assertThat(uuid.variant()).as(id).isEqualTo(2);
          long millis = uuid.getMostSignificantBits() >>> 16;
          assertThat(Instant.ofEpochMilli(millis - Math.floorMod(millis, 1000)))
              .as(id)
              .isEqualTo(submitted);
        });
    List<String> sortedIds = firstSubmission.keySet().stream().sorted().toList();
    // Ids submitted in the same second may sort either way; seconds never do.
    assertThat(sortedIds.stream().map(id -> firstSubmission.get(id).getEpochSecond()).toList())
        .isSorted();
  }

  @Test
  void claimIdsAreUniqueExceptLabelledDuplicatesWhichAppearTwice() {
    Map<String, List<JsonNode>> byId =
        data.landing.stream()
            .collect(Collectors.groupingBy(claim -> claim.get("claim_id").asText()));
    assertThat(byId).hasSize(data.labels.size());
    for (List<JsonNode> submissions : byId.values()) {
      JsonNode first = submissions.get(0);
      if (data.has(first, FraudPattern.DUPLICATE_SUBMISSION)) {
        assertThat(submissions).hasSize(2);
        JsonNode second = submissions.get(1);
        Duration later =
            Duration.between(
                Instant.parse(first.get("submitted_at").asText()),
                Instant.parse(second.get("submitted_at").asText()));
        assertThat(later).isBetween(Duration.ofMinutes(2), Duration.ofMinutes(30));
        assertThat(
                ((com.fasterxml.jackson.databind.node.ObjectNode) second.deepCopy())
                    .put("submitted_at", "x"))
            .isEqualTo(
                ((com.fasterxml.jackson.databind.node.ObjectNode) first.deepCopy())
                    .put("submitted_at", "x"));
      } else {
        assertThat(submissions).hasSize(1);
      }
    }
    assertThat(summary.duplicates()).isPositive();
  }

  @Test
  void badRecordsAreExactlyTheLabelledOnesAndBreakTheLabelledField() {
    ContractCheck contract = new ContractCheck();
    Map<String, Long> defects = new TreeMap<>();
    for (JsonNode claim : data.landing) {
      List<String> violations = contract.violations(claim);
      JsonNode label = data.label(claim);
      if (label.has("bad_record")) {
        String field = label.get("bad_field").asText();
        assertThat(violations)
            .as("%s in %s", label, claim)
            .isNotEmpty()
            .allMatch(v -> v.startsWith(field + ":"));
        assertThat(label.get("fraud").asBoolean()).isFalse();
        defects.merge(label.get("bad_record").asText(), 1L, Long::sum);
      } else {
        assertThat(violations).as("%s", claim).isEmpty();
      }
    }
    assertThat(defects.keySet())
        .contains(
            "MALFORMED_NINO",
            "MISSING_REQUIRED_FIELD",
            "NEGATIVE_AMOUNT",
            "UNPARSEABLE_DATE",
            "UNKNOWN_SCHEME");
    long bad = defects.values().stream().mapToLong(Long::longValue).sum();
    assertThat(bad)
        .isEqualTo(summary.badRecords())
        .isBetween((long) (COUNT * 0.006), (long) (COUNT * 0.014));
  }

  @Test
  void sharedBankAccountsArePaidIntoByFiveToThirtyUnrelatedClaimants() {
    Map<String, List<JsonNode>> byAccount =
        data.good().stream().collect(Collectors.groupingBy(ClaimsGeneratorTest::account));
    List<JsonNode> labelled = data.labelled(FraudPattern.SHARED_BANK_ACCOUNT);
    assertThat(labelled).isNotEmpty();
    Set<String> rings =
        labelled.stream().map(ClaimsGeneratorTest::account).collect(Collectors.toSet());
    for (String ring : rings) {
      List<JsonNode> claims = byAccount.get(ring);
      assertThat(claims).allMatch(claim -> data.has(claim, FraudPattern.SHARED_BANK_ACCOUNT));
      assertThat(distinct(claims, "claimant_id")).hasSizeBetween(5, 30);
      assertThat(distinct(claims, "nino")).hasSameSizeAs(distinct(claims, "claimant_id"));
      assertThat(distinct(claims, "postcode")).hasSizeGreaterThan(1);
    }
    byAccount.forEach(
        (account, claims) -> {
          if (!rings.contains(account)) {
            assertThat(distinct(claims, "claimant_id")).as("account %s", account).hasSize(1);
          }
        });
  }

  @Test
  void deviceAndIpBurstsAreTwentyOrMoreClaimsWithinAnHourAndNothingElseIs() {
    for (FraudPattern pattern : List.of(FraudPattern.DEVICE_BURST, FraudPattern.IP_BURST)) {
      String field = pattern == FraudPattern.DEVICE_BURST ? "device_id" : "ip_address";
      Map<String, List<JsonNode>> bySource =
          data.good().stream()
              .filter(claim -> claim.has(field))
              .collect(Collectors.groupingBy(claim -> claim.get(field).asText()));
      Set<String> bursts =
          data.labelled(pattern).stream()
              .map(claim -> claim.get(field).asText())
              .collect(Collectors.toSet());
      assertThat(bursts).as("%s sources", pattern).isNotEmpty();
      bySource.forEach(
          (source, claims) -> {
            if (bursts.contains(source)) {
              assertThat(claims).allMatch(claim -> data.has(claim, pattern));
              assertThat(claims).hasSizeBetween(20, 45);
              assertThat(distinct(claims, "claimant_id")).hasSameSizeAs(claims);
              assertThat(busiestHour(claims)).isEqualTo(claims.size());
            } else {
              assertThat(busiestHour(claims)).as("%s %s", field, source).isLessThan(20);
            }
          });
    }
  }

  @Test
  void overCapClaimsAreAboveTheirSchemesCapAndNoOtherClaimIs() {
    int labelled = 0;
    for (JsonNode claim : data.good()) {
      BigDecimal amount = claim.get("amount_claimed").decimalValue();
      BigDecimal cap =
          switch (claim.get("scheme").asText()) {
            case "SEISS" -> new BigDecimal("7500.00");
            case "BBL" -> new BigDecimal("50000.00");
            case "CJRS" -> cjrsCap(claim);
            default -> null;
          };
      if (data.has(claim, FraudPattern.OVER_CAP)) {
        labelled++;
        assertThat(cap).as("%s", claim).isNotNull();
        assertThat(amount).as("%s", claim).isGreaterThan(cap);
      } else if (cap != null) {
        assertThat(amount).as("%s", claim).isLessThanOrEqualTo(cap);
      }
    }
    assertThat(labelled).isPositive();
  }

  @Test
  void deceasedClaimantsAreOnTheRegisterWithADateOfDeathBeforeTheirClaim() {
    Map<String, LocalDate> register = new HashMap<>();
    data.deceased.forEach(
        row ->
            register.put(
                row.get("nino").asText(), LocalDate.parse(row.get("date_of_death").asText())));
    assertThat(register).hasSize(data.deceased.size());
    int diedLater = 0;
    for (JsonNode claim : data.good()) {
      LocalDate death = register.get(claim.get("nino").asText());
      LocalDate submitted = LocalDate.parse(claim.get("submitted_at").asText().substring(0, 10));
      if (data.has(claim, FraudPattern.DECEASED)) {
        assertThat(death).as("%s", claim).isNotNull().isBefore(submitted);
      } else if (death != null) {
        assertThat(death).as("%s", claim).isAfter(submitted);
        diedLater++;
      }
    }
    assertThat(data.labelled(FraudPattern.DECEASED)).isNotEmpty();
    assertThat(diedLater).as("legitimate claimants who died after claiming").isPositive();
  }

  @Test
  void companiesIncorporatedAfterTheCutoffAreLabelledAndNoOthers() {
    Map<String, LocalDate> incorporated = new HashMap<>();
    data.companies.forEach(
        row -> {
          assertThat(row.get("status").asText()).isEqualTo("ACTIVE");
          assertThat(row.get("name").asText()).isNotBlank();
          incorporated.put(
              row.get("company_number").asText(),
              LocalDate.parse(row.get("incorporated_on").asText()));
        });
    assertThat(incorporated).hasSize(data.companies.size());
    for (JsonNode claim : data.good()) {
      String company = text(claim, "company_number");
      if (data.has(claim, FraudPattern.INCORPORATED_AFTER_CUTOFF)) {
        assertThat(claim.get("scheme").asText()).isIn("CJRS", "BBL");
        assertThat(incorporated.get(company)).isAfter(CUTOFF);
      } else if (company != null) {
        assertThat(incorporated.get(company)).as("%s", claim).isNotNull().isBeforeOrEqualTo(CUTOFF);
      }
    }
    assertThat(data.labelled(FraudPattern.INCORPORATED_AFTER_CUTOFF)).isNotEmpty();
  }

  @Test
  void reusedIdentitiesBelongToAnotherClaimantUnderAnotherNameAndScheme() {
    Map<String, List<JsonNode>> byNino =
        data.good().stream().collect(Collectors.groupingBy(claim -> claim.get("nino").asText()));
    List<JsonNode> labelled = data.labelled(FraudPattern.IDENTITY_REUSE);
    assertThat(labelled).isNotEmpty();
    for (JsonNode impostor : labelled) {
      List<JsonNode> owners =
          byNino.get(impostor.get("nino").asText()).stream()
              .filter(claim -> !data.has(claim, FraudPattern.IDENTITY_REUSE))
              .toList();
      assertThat(owners).as("owner of %s", impostor.get("nino")).isNotEmpty();
      for (JsonNode owner : owners) {
        assertThat(owner.get("claimant_id")).isNotEqualTo(impostor.get("claimant_id"));
        assertThat(owner.get("name")).isNotEqualTo(impostor.get("name"));
      }
      // The owner is self-employed (SEISS, perhaps a sole trader's loan); the impostor a business.
      assertThat(owners).anyMatch(owner -> owner.get("scheme").asText().equals("SEISS"));
      assertThat(impostor.get("scheme").asText()).isIn("CJRS", "BBL");
      assertThat(impostor.has("company_number")).isTrue();
    }
    byNino.forEach(
        (nino, claims) ->
            assertThat(
                    distinct(
                        claims.stream()
                            .filter(claim -> !data.has(claim, FraudPattern.IDENTITY_REUSE))
                            .toList(),
                        "claimant_id"))
                .as("legitimate claimants with NINO %s", nino)
                .hasSizeLessThanOrEqualTo(1));
  }

  @Test
  void seissGrantsFollowTheSelfAssessmentHistory() {
    Map<String, List<JsonNode>> returns =
        data.selfAssessment.stream()
            .collect(Collectors.groupingBy(row -> row.get("nino").asText()));
    int checked = 0;
    for (JsonNode claim : data.good()) {
      if (!claim.get("scheme").asText().equals("SEISS") || data.has(claim, FraudPattern.OVER_CAP)) {
        continue;
      }
      List<JsonNode> history = returns.get(claim.get("nino").asText());
      assertThat(history).as("returns for %s", claim).isNotNull().hasSizeBetween(1, 3);
      assertThat(history)
          .allMatch(row -> row.get("utr").asText().equals(claim.get("utr").asText()));
      BigDecimal average =
          history.stream()
              .map(row -> row.get("trading_profit").decimalValue())
              .reduce(BigDecimal.ZERO, BigDecimal::add)
              .divide(BigDecimal.valueOf(history.size()), 2, java.math.RoundingMode.DOWN);
      assertThat(average).isLessThanOrEqualTo(new BigDecimal("50000"));
      // 80% of average monthly profits for 3 months, at most £7,500.
      BigDecimal grant = average.multiply(new BigDecimal("0.2")).min(new BigDecimal("7500"));
      assertThat(claim.get("amount_claimed").decimalValue())
          .isCloseTo(grant, org.assertj.core.data.Offset.offset(new BigDecimal("0.02")));
      checked++;
    }
    assertThat(checked).isPositive();
  }

  @Test
  void furloughClaimsNeverExceedThePayrollBeforeTheCutoff() {
    Map<String, Integer> february = new HashMap<>();
    for (JsonNode row : data.payeEmployment) {
      if (row.get("month").asText().equals("2020-02")) {
        february.put(row.get("company_number").asText(), row.get("employees").asInt());
      }
      assertThat(row.get("gross_pay").decimalValue()).isPositive();
      assertThat(row.get("employer_reference").asText()).matches("\\d{3}/[A-Z]{2}\\d{5}");
    }
    for (JsonNode claim : data.good()) {
      if (claim.get("scheme").asText().equals("CJRS")
          && !data.has(claim, FraudPattern.INCORPORATED_AFTER_CUTOFF)) {
        assertThat(claim.get("employees").asInt())
            .isLessThanOrEqualTo(february.get(claim.get("company_number").asText()));
        assertThat(LocalDate.parse(claim.get("period_start").asText()))
            .isBeforeOrEqualTo(LocalDate.parse(claim.get("period_end").asText()));
      }
    }
  }

  @Test
  void schemesOpenWithABurstAndNobodyClaimsBeforeOpening() {
    Map<String, Instant> opening =
        Map.of(
            "SEISS", Instant.parse("2020-05-13T07:00:00Z"),
            "CJRS", Instant.parse("2020-04-20T07:00:00Z"),
            "SSP_REBATE", Instant.parse("2020-05-26T07:00:00Z"),
            "BBL", Instant.parse("2020-05-04T07:00:00Z"));
    Map<String, List<Instant>> bySchemes =
        data.good().stream()
            .collect(
                Collectors.groupingBy(
                    claim -> claim.get("scheme").asText(),
                    Collectors.mapping(
                        claim -> Instant.parse(claim.get("submitted_at").asText()),
                        Collectors.toList())));
    assertThat(bySchemes).containsOnlyKeys(opening.keySet());
    bySchemes.forEach(
        (scheme, times) -> {
          Instant opened = opening.get(scheme);
          assertThat(times).allMatch(time -> !time.isBefore(opened));
          long firstDay =
              times.stream()
                  .filter(time -> time.isBefore(opened.plus(Duration.ofHours(17))))
                  .count();
          long secondWeekDay =
              times.stream()
                  .filter(
                      time ->
                          !time.isBefore(opened.plus(Duration.ofDays(8)))
                              && time.isBefore(opened.plus(Duration.ofDays(9))))
                  .count();
          assertThat(firstDay)
              .as("%s opening day vs a day a week later", scheme)
              .isGreaterThan(secondWeekDay * 2);
        });
    List<Instant> seiss = bySchemes.get("SEISS");
    long firstWeek =
        seiss.stream().filter(time -> time.isBefore(Instant.parse("2020-05-19T23:00:00Z"))).count();
    assertThat((double) firstWeek / seiss.size()).isBetween(0.8, 0.95);
    long night =
        seiss.stream()
            .filter(time -> time.atZone(java.time.ZoneId.of("Europe/London")).getHour() < 6)
            .count();
    assertThat((double) night / seiss.size())
        .as("claims between midnight and 6am")
        .isLessThan(0.05);
  }

  @Test
  void fraudIsAFewPercentOfClaimsAcrossEveryPattern() {
    double share = (double) summary.fraudClaims() / summary.claims();
    assertThat(share).isBetween(0.025, 0.06);
    assertThat(summary.perPattern().keySet()).containsExactlyInAnyOrder(FraudPattern.values());
    long labelledFraud =
        data.labels.values().stream().filter(label -> label.get("fraud").asBoolean()).count();
    assertThat(labelledFraud).isEqualTo(summary.fraudClaims());
    assertThat(data.labels.values())
        .allMatch(label -> label.get("fraud").asBoolean() == !label.get("patterns").isEmpty());
    Map<String, Long> channels =
        data.good().stream()
            .collect(
                Collectors.groupingBy(
                    claim -> claim.get("channel").asText(), Collectors.counting()));
    assertThat(channels.get("ONLINE")).isGreaterThan(data.good().size() * 85L / 100);
  }

  @Test
  void manifestCountsWhatWasWritten() throws IOException {
    JsonNode manifest = data.manifest;
    assertThat(manifest.get("seed").asLong()).isEqualTo(20200513);
    assertThat(manifest.get("count").asLong()).isEqualTo(COUNT);
    assertThat(manifest.get("records").asLong()).isEqualTo(COUNT);
    assertThat(manifest.get("claims").asLong()).isEqualTo(data.labels.size());
    // A claimant whose only record is bad and lacks its claimant_id is counted but not seen.
    List<JsonNode> identified =
        data.landing.stream().filter(claim -> claim.has("claimant_id")).toList();
    long seen = distinct(identified, "claimant_id").size();
    assertThat(manifest.get("claimants").asLong())
        .isBetween(seen, seen + data.landing.size() - identified.size());
    assertThat(manifest.get("generator_version").asText()).isEqualTo(ClaimsGenerator.VERSION);
    long perScheme = 0;
    for (JsonNode count : manifest.get("records_per_scheme")) {
      perScheme += count.asLong();
    }
    assertThat(perScheme).isEqualTo(COUNT);
    for (FraudPattern pattern : FraudPattern.values()) {
      long labelled =
          data.labels.values().stream()
              .filter(
                  label -> label.get("patterns").toString().contains("\"" + pattern.name() + "\""))
              .count();
      assertThat(manifest.at("/fraud/claims_per_pattern/" + pattern.name()).asLong())
          .as("%s", pattern)
          .isEqualTo(labelled);
    }
    assertThat(manifest.at("/bad_records/records").asLong()).isEqualTo(summary.badRecords());
    assertThat(manifest.at("/reference_rows/deceased").asLong()).isEqualTo(data.deceased.size());
    assertThat(manifest.at("/reference_rows/self_assessment").asLong())
        .isEqualTo(data.selfAssessment.size());
    long landingRecords = 0;
    for (JsonNode file : manifest.get("files")) {
      Path path = directory.resolve(file.get("path").asText());
      assertThat(Files.size(path)).as("%s", path).isEqualTo(file.get("bytes").asLong());
      if (file.get("path").asText().startsWith("landing/")) {
        landingRecords += file.get("records").asLong();
      }
    }
    assertThat(landingRecords).isEqualTo(COUNT);
  }

  @Test
  void reportsProgressInOrderEndingAtTheTotal() {
    assertThat(progress).hasSizeBetween(10, 21);
    for (int i = 1; i < progress.size(); i++) {
      assertThat(progress.get(i)[0]).isGreaterThan(progress.get(i - 1)[0]);
    }
    assertThat(progress.get(progress.size() - 1)).containsExactly(COUNT, COUNT);
  }

  @Test
  void refusesToMixRunsUnlessToldToReplace() {
    GeneratorSettings again = GeneratorSettings.of(1_000, 1, directory);
    assertThatThrownBy(() -> new ClaimsGenerator(again).generate(ProgressListener.none()))
        .isInstanceOf(OutputExistsException.class)
        .hasMessage(
            "Cannot generate into "
                + directory
                + ": it already holds generated data (landing/claims); pass --overwrite to replace it");
    assertThat(directory.resolve("landing/claims/part-00001.jsonl")).exists();
  }

  private static String account(JsonNode claim) {
    return claim.get("bank_sort_code").asText() + "/" + claim.get("bank_account_number").asText();
  }

  private static Set<String> distinct(List<JsonNode> claims, String field) {
    return claims.stream()
        .map(claim -> claim.get(field).asText())
        .collect(Collectors.toCollection(HashSet::new));
  }

  /** Most claims within any one hour. */
  private static int busiestHour(List<JsonNode> claims) {
    List<Instant> times =
        claims.stream()
            .map(claim -> Instant.parse(claim.get("submitted_at").asText()))
            .sorted()
            .toList();
    int best = 0;
    int start = 0;
    for (int end = 0; end < times.size(); end++) {
      while (Duration.between(times.get(start), times.get(end)).compareTo(Duration.ofHours(1))
          > 0) {
        start++;
      }
      best = Math.max(best, end - start + 1);
    }
    return best;
  }

  /** £2,500 per employee per month of the period, pro rata by calendar month. */
  private static BigDecimal cjrsCap(JsonNode claim) {
    LocalDate start = LocalDate.parse(claim.get("period_start").asText());
    LocalDate end = LocalDate.parse(claim.get("period_end").asText());
    double months = 0;
    for (LocalDate day = start; !day.isAfter(end); day = day.plusDays(1)) {
      months += 1.0 / day.lengthOfMonth();
    }
    return BigDecimal.valueOf(2_500 * claim.get("employees").asInt() * months)
        .setScale(2, java.math.RoundingMode.HALF_UP)
        .add(new BigDecimal("0.01"));
  }
}

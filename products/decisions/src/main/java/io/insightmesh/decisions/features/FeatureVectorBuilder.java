package io.insightmesh.decisions.features;

import static java.util.Objects.requireNonNull;

import io.insightmesh.contracts.claims.Claim;
import io.insightmesh.contracts.profiles.ClaimantProfile;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.Period;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Turns a claim, its claimant's profile if there is one, its velocity counts and the block lists
 * into the {@link FeatureVector} the rules read. Thread-safe and stateless but for its schema.
 */
public final class FeatureVectorBuilder {
  private static final DateTimeFormatter SECONDS =
      DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss'Z'").withZone(ZoneOffset.UTC);
  private static final Long ZERO = 0L;
  private static final Double NONE = 0.0;

  private final FeatureSchema schema;

  /** A builder for vectors of the given schema. */
  public FeatureVectorBuilder(FeatureSchema schema) {
    this.schema = requireNonNull(schema, "schema is null");
  }

  /** The schema of the vectors it builds. */
  public FeatureSchema schema() {
    return schema;
  }

  /**
   * The claim's features.
   *
   * @param claim the claim, as the claims contract has it
   * @param profile the claimant's profile, empty when there is none
   * @param velocity the claim's velocity counts, from {@link VelocityCounters#record}
   * @param blockLists the block lists to look the claim up in
   * @throws IllegalArgumentException if the profile belongs to another claimant, the velocity
   *     counts were taken with other settings than the schema's, or the claim lacks {@code scheme},
   *     {@code submitted_at} or {@code amount_claimed}
   */
  public FeatureVector build(
      Claim claim,
      Optional<ClaimantProfile> profile,
      VelocityCounts velocity,
      BlockLists blockLists) {
    requireNonNull(blockLists, "blockLists is null");
    requireNonNull(claim, "claim is null");
    return build(claim, profile, velocity, blockLists.hits(claim));
  }

  /**
   * The claim's features, with the block lists' answers given: to rebuild the features a decision
   * was made with.
   *
   * @throws IllegalArgumentException as {@link #build(Claim, Optional, VelocityCounts, BlockLists)}
   */
  public FeatureVector build(
      Claim claim, Optional<ClaimantProfile> profile, VelocityCounts velocity, BlockHits blocked) {
    requireNonNull(claim, "claim is null");
    requireNonNull(profile, "profile is null");
    requireNonNull(velocity, "velocity is null");
    requireNonNull(blocked, "blocked is null");
    requireAssessable(claim);
    if (!velocity.settings().equals(schema.velocity())) {
      throw new IllegalArgumentException(
          "Velocity counts for windows "
              + velocity.settings().windows()
              + " do not match the schema's windows "
              + schema.velocity().windows());
    }
    FeatureVector vector = new FeatureVector(schema);
    claim(vector, claim);
    profile(vector, claim, profile);
    int windows = schema.velocity().windows().size();
    for (KeyType type : KeyType.values()) {
      for (int w = 0; w < windows; w++) {
        vector.set(
            schema.velocityIndex(type.ordinal(), w), (long) velocity.count(type.ordinal(), w));
      }
    }
    vector.set("blocked.bank_account", blocked.bankAccount());
    vector.set("blocked.nino", blocked.nino());
    vector.set("blocked.device", blocked.device());
    vector.set("caps.seiss", pounds(SchemeCaps.SEISS_CAP));
    vector.set("caps.bbl", pounds(SchemeCaps.BBL_MAX));
    vector.set("caps.bbl_min", pounds(SchemeCaps.BBL_MIN));
    vector.set("caps.cjrs_monthly_per_employee", pounds(SchemeCaps.CJRS_MONTHLY_CAP));
    vector.set("caps.ssp_per_employee", pounds(SchemeCaps.SSP_PER_EMPLOYEE));
    vector.set("caps.ssp_max_employees", (long) SchemeCaps.SSP_MAX_EMPLOYEES);
    vector.set("caps.eligibility_cutoff", SchemeCaps.ELIGIBILITY_CUTOFF.toString());
    return vector;
  }

  /**
   * Checks that the claim has the fields every assessment needs, before anything records it.
   *
   * @throws IllegalArgumentException if it lacks {@code scheme}, {@code submitted_at} or {@code
   *     amount_claimed}
   */
  public static void requireAssessable(Claim claim) {
    requireNonNull(claim, "claim is null");
    requireField(claim, claim.getScheme(), "scheme");
    requireField(claim, claim.getSubmittedAt(), "submitted_at");
    requireField(claim, claim.getAmountClaimed(), "amount_claimed");
  }

  private static void claim(FeatureVector vector, Claim claim) {
    Instant submittedAt = claim.getSubmittedAt();
    LocalDate submittedDate = LocalDate.ofInstant(submittedAt, ZoneOffset.UTC);
    vector.set("claim.claim_id", text(claim.getClaimId()));
    vector.set("claim.scheme", claim.getScheme().name());
    vector.set("claim.submitted_at", SECONDS.format(submittedAt.truncatedTo(ChronoUnit.SECONDS)));
    vector.set("claim.submitted_date", submittedDate.toString());
    vector.set("claim.claimant_id", text(claim.getClaimantId()));
    vector.set("claim.nino", text(claim.getNino()));
    vector.set("claim.utr", text(claim.getUtr()));
    vector.set("claim.company_number", text(claim.getCompanyNumber()));
    vector.set("claim.name", text(claim.getName()));
    LocalDate dateOfBirth = claim.getDateOfBirth();
    vector.set("claim.date_of_birth", dateOfBirth == null ? "" : dateOfBirth.toString());
    vector.set(
        "claim.age_years",
        dateOfBirth == null || dateOfBirth.isAfter(submittedDate)
            ? ZERO
            : (long) Period.between(dateOfBirth, submittedDate).getYears());
    vector.set("claim.postcode", text(claim.getPostcode()));
    vector.set("claim.email", text(claim.getEmail()));
    vector.set("claim.bank_sort_code", text(claim.getBankSortCode()));
    vector.set("claim.bank_account_number", text(claim.getBankAccountNumber()));
    vector.set("claim.amount_claimed", claim.getAmountClaimed().doubleValue());
    vector.set(
        "claim.employees", claim.getEmployees() == null ? ZERO : (long) claim.getEmployees());
    LocalDate start = claim.getPeriodStart();
    LocalDate end = claim.getPeriodEnd();
    vector.set("claim.period_start", start == null ? "" : start.toString());
    vector.set("claim.period_end", end == null ? "" : end.toString());
    vector.set(
        "claim.period_months", start == null || end == null ? NONE : SchemeCaps.months(start, end));
    vector.set("claim.channel", text(claim.getChannel()));
    vector.set("claim.device_id", text(claim.getDeviceId()));
    vector.set("claim.ip_address", text(claim.getIpAddress()));
    long cap = SchemeCaps.capPence(claim);
    vector.set("claim.has_cap", cap >= 0);
    vector.set("claim.cap", cap >= 0 ? pounds(cap) : NONE);
  }

  private static void profile(
      FeatureVector vector, Claim claim, Optional<ClaimantProfile> maybeProfile) {
    vector.set("has_profile", maybeProfile.isPresent());
    if (maybeProfile.isEmpty()) {
      // Left unbound on purpose: see FeatureSchema.
      return;
    }
    ClaimantProfile profile = maybeProfile.get();
    if (!java.util.Objects.equals(profile.getClaimantId(), claim.getClaimantId())) {
      // Claimant ids are pseudonymous, so they may be named.
      throw new IllegalArgumentException(
          "Profile of claimant "
              + profile.getClaimantId()
              + " given for a claim of claimant "
              + claim.getClaimantId());
    }
    vector.set("profile.nino", text(profile.getNino()));
    vector.set("profile.has_prior_declared_income", profile.getPriorDeclaredIncome() != null);
    vector.set("profile.prior_declared_income", orZero(profile.getPriorDeclaredIncome()));
    vector.set("profile.has_paye_monthly_pay", profile.getPayeMonthlyPay() != null);
    vector.set("profile.paye_monthly_pay", orZero(profile.getPayeMonthlyPay()));
    Map<String, Long> perScheme = new HashMap<>();
    if (profile.getClaimsPerScheme() != null) {
      profile.getClaimsPerScheme().forEach((scheme, count) -> perScheme.put(scheme, (long) count));
    }
    vector.set("profile.claims_per_scheme", Map.copyOf(perScheme));
    vector.set("profile.total_claimed", orZero(profile.getTotalClaimed()));
    vector.set("profile.max_claim_to_cap_ratio", profile.getMaxClaimToCapRatio());
    vector.set(
        "profile.shared_bank_account_claimants", (long) profile.getSharedBankAccountClaimants());
    vector.set("profile.shared_device_claimants", (long) profile.getSharedDeviceClaimants());
    vector.set("profile.shared_ip_claimants", (long) profile.getSharedIpClaimants());
    vector.set("profile.has_account_age_days", profile.getAccountAgeDays() != null);
    vector.set(
        "profile.account_age_days",
        profile.getAccountAgeDays() == null ? ZERO : (long) profile.getAccountAgeDays());
    vector.set(
        "profile.company_incorporated_on",
        profile.getCompanyIncorporatedOn() == null
            ? ""
            : profile.getCompanyIncorporatedOn().toString());
    vector.set("profile.incorporated_after_cutoff", profile.getIncorporatedAfterCutoff());
    vector.set("profile.deceased", profile.getDeceased());
    vector.set("profile.claims_release", text(profile.getClaimsRelease()));
  }

  private static void requireField(Claim claim, Object value, String field) {
    if (value == null) {
      throw new IllegalArgumentException(
          "Claim " + claim.getClaimId() + ": field " + field + " is required to assess it");
    }
  }

  private static String text(String value) {
    return value == null ? "" : value;
  }

  private static Double orZero(BigDecimal value) {
    return value == null ? NONE : value.doubleValue();
  }

  private static Double pounds(long pence) {
    return pence / 100.0;
  }
}

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

  /** Each of {@link #NAMES}' index in the schema, resolved once rather than per claim. */
  private final int[] at;

  private static final int N_BLOCKED_BANK_ACCOUNT = 0;
  private static final int N_BLOCKED_NINO = 1;
  private static final int N_BLOCKED_DEVICE = 2;
  private static final int N_CAPS_SEISS = 3;
  private static final int N_CAPS_BBL = 4;
  private static final int N_CAPS_BBL_MIN = 5;
  private static final int N_CAPS_CJRS_MONTHLY_PER_EMPLOYEE = 6;
  private static final int N_CAPS_SSP_PER_EMPLOYEE = 7;
  private static final int N_CAPS_SSP_MAX_EMPLOYEES = 8;
  private static final int N_CAPS_ELIGIBILITY_CUTOFF = 9;
  private static final int N_CLAIM_CLAIM_ID = 10;
  private static final int N_CLAIM_SCHEME = 11;
  private static final int N_CLAIM_SUBMITTED_AT = 12;
  private static final int N_CLAIM_SUBMITTED_DATE = 13;
  private static final int N_CLAIM_CLAIMANT_ID = 14;
  private static final int N_CLAIM_NINO = 15;
  private static final int N_CLAIM_UTR = 16;
  private static final int N_CLAIM_COMPANY_NUMBER = 17;
  private static final int N_CLAIM_NAME = 18;
  private static final int N_CLAIM_DATE_OF_BIRTH = 19;
  private static final int N_CLAIM_AGE_YEARS = 20;
  private static final int N_CLAIM_POSTCODE = 21;
  private static final int N_CLAIM_EMAIL = 22;
  private static final int N_CLAIM_BANK_SORT_CODE = 23;
  private static final int N_CLAIM_BANK_ACCOUNT_NUMBER = 24;
  private static final int N_CLAIM_AMOUNT_CLAIMED = 25;
  private static final int N_CLAIM_EMPLOYEES = 26;
  private static final int N_CLAIM_PERIOD_START = 27;
  private static final int N_CLAIM_PERIOD_END = 28;
  private static final int N_CLAIM_PERIOD_MONTHS = 29;
  private static final int N_CLAIM_CHANNEL = 30;
  private static final int N_CLAIM_DEVICE_ID = 31;
  private static final int N_CLAIM_IP_ADDRESS = 32;
  private static final int N_CLAIM_HAS_CAP = 33;
  private static final int N_CLAIM_CAP = 34;
  private static final int N_HAS_PROFILE = 35;
  private static final int N_PROFILE_NINO = 36;
  private static final int N_PROFILE_HAS_PRIOR_DECLARED_INCOME = 37;
  private static final int N_PROFILE_PRIOR_DECLARED_INCOME = 38;
  private static final int N_PROFILE_HAS_PAYE_MONTHLY_PAY = 39;
  private static final int N_PROFILE_PAYE_MONTHLY_PAY = 40;
  private static final int N_PROFILE_CLAIMS_PER_SCHEME = 41;
  private static final int N_PROFILE_TOTAL_CLAIMED = 42;
  private static final int N_PROFILE_MAX_CLAIM_TO_CAP_RATIO = 43;
  private static final int N_PROFILE_SHARED_BANK_ACCOUNT_CLAIMANTS = 44;
  private static final int N_PROFILE_SHARED_DEVICE_CLAIMANTS = 45;
  private static final int N_PROFILE_SHARED_IP_CLAIMANTS = 46;
  private static final int N_PROFILE_HAS_ACCOUNT_AGE_DAYS = 47;
  private static final int N_PROFILE_ACCOUNT_AGE_DAYS = 48;
  private static final int N_PROFILE_COMPANY_INCORPORATED_ON = 49;
  private static final int N_PROFILE_INCORPORATED_AFTER_CUTOFF = 50;
  private static final int N_PROFILE_DECEASED = 51;
  private static final int N_PROFILE_CLAIMS_RELEASE = 52;

  /** The features this builder sets, by the N_ constants above. */
  private static final String[] NAMES = {
    "blocked.bank_account",
    "blocked.nino",
    "blocked.device",
    "caps.seiss",
    "caps.bbl",
    "caps.bbl_min",
    "caps.cjrs_monthly_per_employee",
    "caps.ssp_per_employee",
    "caps.ssp_max_employees",
    "caps.eligibility_cutoff",
    "claim.claim_id",
    "claim.scheme",
    "claim.submitted_at",
    "claim.submitted_date",
    "claim.claimant_id",
    "claim.nino",
    "claim.utr",
    "claim.company_number",
    "claim.name",
    "claim.date_of_birth",
    "claim.age_years",
    "claim.postcode",
    "claim.email",
    "claim.bank_sort_code",
    "claim.bank_account_number",
    "claim.amount_claimed",
    "claim.employees",
    "claim.period_start",
    "claim.period_end",
    "claim.period_months",
    "claim.channel",
    "claim.device_id",
    "claim.ip_address",
    "claim.has_cap",
    "claim.cap",
    "has_profile",
    "profile.nino",
    "profile.has_prior_declared_income",
    "profile.prior_declared_income",
    "profile.has_paye_monthly_pay",
    "profile.paye_monthly_pay",
    "profile.claims_per_scheme",
    "profile.total_claimed",
    "profile.max_claim_to_cap_ratio",
    "profile.shared_bank_account_claimants",
    "profile.shared_device_claimants",
    "profile.shared_ip_claimants",
    "profile.has_account_age_days",
    "profile.account_age_days",
    "profile.company_incorporated_on",
    "profile.incorporated_after_cutoff",
    "profile.deceased",
    "profile.claims_release"
  };

  /** A builder for vectors of the given schema. */
  public FeatureVectorBuilder(FeatureSchema schema) {
    this.schema = requireNonNull(schema, "schema is null");
    this.at = new int[NAMES.length];
    for (int i = 0; i < NAMES.length; i++) {
      at[i] = schema.index(NAMES[i]);
    }
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
    vector.set(at[N_BLOCKED_BANK_ACCOUNT], blocked.bankAccount());
    vector.set(at[N_BLOCKED_NINO], blocked.nino());
    vector.set(at[N_BLOCKED_DEVICE], blocked.device());
    vector.set(at[N_CAPS_SEISS], pounds(SchemeCaps.SEISS_CAP));
    vector.set(at[N_CAPS_BBL], pounds(SchemeCaps.BBL_MAX));
    vector.set(at[N_CAPS_BBL_MIN], pounds(SchemeCaps.BBL_MIN));
    vector.set(at[N_CAPS_CJRS_MONTHLY_PER_EMPLOYEE], pounds(SchemeCaps.CJRS_MONTHLY_CAP));
    vector.set(at[N_CAPS_SSP_PER_EMPLOYEE], pounds(SchemeCaps.SSP_PER_EMPLOYEE));
    vector.set(at[N_CAPS_SSP_MAX_EMPLOYEES], (long) SchemeCaps.SSP_MAX_EMPLOYEES);
    vector.set(at[N_CAPS_ELIGIBILITY_CUTOFF], SchemeCaps.ELIGIBILITY_CUTOFF.toString());
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

  private void claim(FeatureVector vector, Claim claim) {
    Instant submittedAt = claim.getSubmittedAt();
    LocalDate submittedDate = LocalDate.ofInstant(submittedAt, ZoneOffset.UTC);
    vector.set(at[N_CLAIM_CLAIM_ID], text(claim.getClaimId()));
    vector.set(at[N_CLAIM_SCHEME], claim.getScheme().name());
    vector.set(at[N_CLAIM_SUBMITTED_AT], seconds(submittedAt));
    vector.set(at[N_CLAIM_SUBMITTED_DATE], submittedDate.toString());
    vector.set(at[N_CLAIM_CLAIMANT_ID], text(claim.getClaimantId()));
    vector.set(at[N_CLAIM_NINO], text(claim.getNino()));
    vector.set(at[N_CLAIM_UTR], text(claim.getUtr()));
    vector.set(at[N_CLAIM_COMPANY_NUMBER], text(claim.getCompanyNumber()));
    vector.set(at[N_CLAIM_NAME], text(claim.getName()));
    LocalDate dateOfBirth = claim.getDateOfBirth();
    vector.set(at[N_CLAIM_DATE_OF_BIRTH], dateOfBirth == null ? "" : dateOfBirth.toString());
    vector.set(
        at[N_CLAIM_AGE_YEARS],
        dateOfBirth == null || dateOfBirth.isAfter(submittedDate)
            ? ZERO
            : (long) Period.between(dateOfBirth, submittedDate).getYears());
    vector.set(at[N_CLAIM_POSTCODE], text(claim.getPostcode()));
    vector.set(at[N_CLAIM_EMAIL], text(claim.getEmail()));
    vector.set(at[N_CLAIM_BANK_SORT_CODE], text(claim.getBankSortCode()));
    vector.set(at[N_CLAIM_BANK_ACCOUNT_NUMBER], text(claim.getBankAccountNumber()));
    vector.set(at[N_CLAIM_AMOUNT_CLAIMED], claim.getAmountClaimed().doubleValue());
    vector.set(
        at[N_CLAIM_EMPLOYEES], claim.getEmployees() == null ? ZERO : (long) claim.getEmployees());
    LocalDate start = claim.getPeriodStart();
    LocalDate end = claim.getPeriodEnd();
    vector.set(at[N_CLAIM_PERIOD_START], start == null ? "" : start.toString());
    vector.set(at[N_CLAIM_PERIOD_END], end == null ? "" : end.toString());
    vector.set(
        at[N_CLAIM_PERIOD_MONTHS],
        start == null || end == null ? NONE : SchemeCaps.months(start, end));
    vector.set(at[N_CLAIM_CHANNEL], text(claim.getChannel()));
    vector.set(at[N_CLAIM_DEVICE_ID], text(claim.getDeviceId()));
    vector.set(at[N_CLAIM_IP_ADDRESS], text(claim.getIpAddress()));
    long cap = SchemeCaps.capPence(claim);
    vector.set(at[N_CLAIM_HAS_CAP], cap >= 0);
    vector.set(at[N_CLAIM_CAP], cap >= 0 ? pounds(cap) : NONE);
  }

  private void profile(FeatureVector vector, Claim claim, Optional<ClaimantProfile> maybeProfile) {
    vector.set(at[N_HAS_PROFILE], maybeProfile.isPresent());
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
    vector.set(at[N_PROFILE_NINO], text(profile.getNino()));
    vector.set(at[N_PROFILE_HAS_PRIOR_DECLARED_INCOME], profile.getPriorDeclaredIncome() != null);
    vector.set(at[N_PROFILE_PRIOR_DECLARED_INCOME], orZero(profile.getPriorDeclaredIncome()));
    vector.set(at[N_PROFILE_HAS_PAYE_MONTHLY_PAY], profile.getPayeMonthlyPay() != null);
    vector.set(at[N_PROFILE_PAYE_MONTHLY_PAY], orZero(profile.getPayeMonthlyPay()));
    Map<String, Long> perScheme = new HashMap<>();
    if (profile.getClaimsPerScheme() != null) {
      profile.getClaimsPerScheme().forEach((scheme, count) -> perScheme.put(scheme, (long) count));
    }
    vector.set(at[N_PROFILE_CLAIMS_PER_SCHEME], Map.copyOf(perScheme));
    vector.set(at[N_PROFILE_TOTAL_CLAIMED], orZero(profile.getTotalClaimed()));
    vector.set(at[N_PROFILE_MAX_CLAIM_TO_CAP_RATIO], profile.getMaxClaimToCapRatio());
    vector.set(
        at[N_PROFILE_SHARED_BANK_ACCOUNT_CLAIMANTS],
        (long) profile.getSharedBankAccountClaimants());
    vector.set(at[N_PROFILE_SHARED_DEVICE_CLAIMANTS], (long) profile.getSharedDeviceClaimants());
    vector.set(at[N_PROFILE_SHARED_IP_CLAIMANTS], (long) profile.getSharedIpClaimants());
    vector.set(at[N_PROFILE_HAS_ACCOUNT_AGE_DAYS], profile.getAccountAgeDays() != null);
    vector.set(
        at[N_PROFILE_ACCOUNT_AGE_DAYS],
        profile.getAccountAgeDays() == null ? ZERO : (long) profile.getAccountAgeDays());
    vector.set(
        at[N_PROFILE_COMPANY_INCORPORATED_ON],
        profile.getCompanyIncorporatedOn() == null
            ? ""
            : profile.getCompanyIncorporatedOn().toString());
    vector.set(at[N_PROFILE_INCORPORATED_AFTER_CUTOFF], profile.getIncorporatedAfterCutoff());
    vector.set(at[N_PROFILE_DECEASED], profile.getDeceased());
    vector.set(at[N_PROFILE_CLAIMS_RELEASE], text(profile.getClaimsRelease()));
  }

  private static void requireField(Claim claim, Object value, String field) {
    if (value == null) {
      throw new IllegalArgumentException(
          "Claim " + claim.getClaimId() + ": field " + field + " is required to assess it");
    }
  }

  /**
   * {@code SECONDS.format(instant.truncatedTo(SECONDS))}, written directly for the years 0 to 9999
   * (the formatter was a fifth of building a vector); other years go to the formatter, which signs
   * them.
   */
  static String seconds(Instant instant) {
    long epochSecond = instant.getEpochSecond();
    long day = Math.floorDiv(epochSecond, 86_400L);
    int secondOfDay = (int) Math.floorMod(epochSecond, 86_400L);
    LocalDate date = LocalDate.ofEpochDay(day);
    int year = date.getYear();
    if (year < 0 || year > 9999) {
      return SECONDS.format(instant.truncatedTo(ChronoUnit.SECONDS));
    }
    char[] text = new char[20];
    digits(text, 0, year, 4);
    text[4] = '-';
    digits(text, 5, date.getMonthValue(), 2);
    text[7] = '-';
    digits(text, 8, date.getDayOfMonth(), 2);
    text[10] = 'T';
    digits(text, 11, secondOfDay / 3600, 2);
    text[13] = ':';
    digits(text, 14, secondOfDay / 60 % 60, 2);
    text[16] = ':';
    digits(text, 17, secondOfDay % 60, 2);
    text[19] = 'Z';
    return new String(text);
  }

  private static void digits(char[] text, int offset, int value, int width) {
    for (int i = offset + width - 1; i >= offset; i--) {
      text[i] = (char) ('0' + value % 10);
      value /= 10;
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

package io.insightmesh.decisions.features;

import static io.insightmesh.decisions.features.FeatureType.BOOL;
import static io.insightmesh.decisions.features.FeatureType.DOUBLE;
import static io.insightmesh.decisions.features.FeatureType.INT;
import static io.insightmesh.decisions.features.FeatureType.MAP_STRING_INT;
import static io.insightmesh.decisions.features.FeatureType.STRING;
import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The variables a rule can read, with their types: what the CEL environment declares and what a
 * {@link FeatureVector} binds. The velocity variables depend on the configured windows.
 *
 * <p>Each is a flat, typed variable with a dotted name ({@code claim.amount_claimed}, {@code
 * profile.deceased}, {@code velocity.device_60m}) rather than one {@code map(string, dyn)} per
 * group: CEL resolves dotted names as qualified identifiers, so a rule with a misspelt field or a
 * type mismatch ({@code claim.amount_claimed > 'x'}) is refused when it is compiled, not found out
 * claim by claim at run time; and evaluation reads one binding instead of a map per group.
 *
 * <ul>
 *   <li>{@code claim.*}: the claim's contract fields under their contract names; optional strings
 *       are {@code ''} and optional numbers 0 when absent; dates are ISO strings ({@code
 *       2020-03-19}, which compare correctly as strings) and {@code claim.submitted_at} is {@code
 *       yyyy-MM-ddTHH:mm:ssZ} in UTC. Derived: {@code claim.age_years}, {@code claim.period_months}
 *       (calendar months, part months pro rata by day), {@code claim.cap} and {@code claim.has_cap}
 *       (the most the scheme pays for this claim).
 *   <li>{@code has_profile}, and {@code profile.*}: the claimant's {@code
 *       profiles.claimant_profiles} row. When there is no profile the {@code profile.*} variables
 *       are unbound, so a rule reading one must test {@code has_profile &&} first (CEL's {@code &&}
 *       then never reads it); one that does not is a rule error, never a silent false. Nullable
 *       profile fields come with a {@code profile.has_*} flag.
 *   <li>{@code velocity.<key>_<minutes>m}: claims in the window <em>including this one</em>, per
 *       {@link KeyType}; see {@link VelocityCounters}.
 *   <li>{@code blocked.bank_account}, {@code blocked.nino}, {@code blocked.device}: block list
 *       hits.
 *   <li>{@code caps.*}: the schemes' published caps.
 * </ul>
 */
public final class FeatureSchema {
  private static final List<Feature> FIXED =
      List.of(
          new Feature("has_profile", BOOL, "Whether the claimant's profile was available."),
          new Feature("claim.claim_id", STRING, "The claim id."),
          new Feature("claim.scheme", STRING, "SEISS, CJRS, SSP_REBATE or BBL."),
          new Feature("claim.submitted_at", STRING, "Submission time, yyyy-MM-ddTHH:mm:ssZ, UTC."),
          new Feature("claim.submitted_date", STRING, "Submission day, yyyy-MM-dd, UTC."),
          new Feature("claim.claimant_id", STRING, "Pseudonymous claimant id."),
          new Feature("claim.nino", STRING, "NINO (personal data)."),
          new Feature("claim.utr", STRING, "UTR, '' when absent (personal data)."),
          new Feature("claim.company_number", STRING, "Company number, '' when absent."),
          new Feature("claim.name", STRING, "Name as submitted (personal data)."),
          new Feature("claim.date_of_birth", STRING, "Date of birth, yyyy-MM-dd (personal data)."),
          new Feature("claim.age_years", INT, "Age in whole years on the submission day."),
          new Feature("claim.postcode", STRING, "Postcode (personal data)."),
          new Feature("claim.email", STRING, "Email, '' when absent (personal data)."),
          new Feature("claim.bank_sort_code", STRING, "Sort code (personal data)."),
          new Feature("claim.bank_account_number", STRING, "Account number (personal data)."),
          new Feature("claim.amount_claimed", DOUBLE, "Amount claimed, pounds."),
          new Feature("claim.employees", INT, "Employees furloughed (CJRS), 0 when absent."),
          new Feature("claim.period_start", STRING, "Period start, yyyy-MM-dd, '' when absent."),
          new Feature("claim.period_end", STRING, "Period end, yyyy-MM-dd, '' when absent."),
          new Feature(
              "claim.period_months",
              DOUBLE,
              "Calendar months the period covers, part months pro rata by day; 0 without one."),
          new Feature("claim.channel", STRING, "ONLINE, AGENT or PHONE."),
          new Feature("claim.device_id", STRING, "Device id, '' when absent (personal data)."),
          new Feature("claim.ip_address", STRING, "IP address, '' when absent (personal data)."),
          new Feature(
              "claim.cap",
              DOUBLE,
              "The most the scheme pays for this claim, pounds; 0 when claim.has_cap is false."),
          new Feature(
              "claim.has_cap",
              BOOL,
              "Whether the claim carries what its cap needs (CJRS: employees and period)."),
          new Feature(
              "profile.nino", STRING, "NINO of the claimant's latest claim (personal data)."),
          new Feature(
              "profile.has_prior_declared_income", BOOL, "Whether self-assessment returns exist."),
          new Feature(
              "profile.prior_declared_income", DOUBLE, "Average declared trading profit, or 0."),
          new Feature("profile.has_paye_monthly_pay", BOOL, "Whether PAYE returns exist."),
          new Feature("profile.paye_monthly_pay", DOUBLE, "Average monthly PAYE pay, or 0."),
          new Feature(
              "profile.claims_per_scheme",
              MAP_STRING_INT,
              "Claims per scheme, every scheme a key."),
          new Feature("profile.total_claimed", DOUBLE, "Sum of the claimant's amounts claimed."),
          new Feature(
              "profile.max_claim_to_cap_ratio", DOUBLE, "Largest amount / cap over their claims."),
          new Feature(
              "profile.shared_bank_account_claimants",
              INT,
              "Unrelated claimants paid into the same account."),
          new Feature(
              "profile.shared_device_claimants", INT, "Claimants with a claim from their device."),
          new Feature(
              "profile.shared_ip_claimants", INT, "Claimants with a claim from their IP address."),
          new Feature("profile.has_account_age_days", BOOL, "Whether account_age_days is known."),
          new Feature("profile.account_age_days", INT, "Days from first tax record, or 0."),
          new Feature(
              "profile.company_incorporated_on", STRING, "Incorporation date, '' when none."),
          new Feature(
              "profile.incorporated_after_cutoff", BOOL, "Incorporated after 19 March 2020."),
          new Feature("profile.deceased", BOOL, "On the deceased register before their claim."),
          new Feature("profile.claims_release", STRING, "The claims release it was built from."),
          new Feature("blocked.bank_account", BOOL, "The claim's bank account is blocked."),
          new Feature("blocked.nino", BOOL, "The claim's NINO is blocked."),
          new Feature("blocked.device", BOOL, "The claim's device is blocked."),
          new Feature("caps.seiss", DOUBLE, "SEISS first grant cap: 7500.0."),
          new Feature("caps.bbl", DOUBLE, "Bounce-back loan maximum: 50000.0."),
          new Feature("caps.bbl_min", DOUBLE, "Bounce-back loan minimum: 2000.0."),
          new Feature(
              "caps.cjrs_monthly_per_employee", DOUBLE, "CJRS cap per employee-month: 2500.0."),
          new Feature(
              "caps.ssp_per_employee", DOUBLE, "SSP rebate per employee: 2 weeks at 95.85."),
          new Feature("caps.ssp_max_employees", INT, "SSP rebate employer size limit: 249."),
          new Feature(
              "caps.eligibility_cutoff", STRING, "Business eligibility cut-off: '2020-03-19'."));

  private final VelocitySettings velocity;
  private final List<Feature> features;
  private final Map<String, Integer> indexes;
  private final int[] velocityIndexes;

  private FeatureSchema(VelocitySettings velocity) {
    this.velocity = velocity;
    List<Feature> all = new ArrayList<>(FIXED);
    int windows = velocity.windows().size();
    this.velocityIndexes = new int[KeyType.values().length * windows];
    for (KeyType type : KeyType.values()) {
      for (int w = 0; w < windows; w++) {
        Duration window = velocity.windows().get(w);
        velocityIndexes[type.ordinal() * windows + w] = all.size();
        all.add(
            new Feature(
                velocityName(type, window),
                INT,
                "Claims with this claim's "
                    + type.variableName()
                    + " in the last "
                    + window.toMinutes()
                    + " minutes, this one included."));
      }
    }
    this.features = List.copyOf(all);
    Map<String, Integer> byName = new HashMap<>();
    for (int i = 0; i < all.size(); i++) {
      byName.put(all.get(i).name(), i);
    }
    this.indexes = Map.copyOf(byName);
  }

  /** The schema for {@link VelocitySettings#standard()}: windows of 10 and 60 minutes. */
  public static FeatureSchema standard() {
    return of(VelocitySettings.standard());
  }

  /** The schema for the given velocity settings. */
  public static FeatureSchema of(VelocitySettings velocity) {
    return new FeatureSchema(requireNonNull(velocity, "velocity is null"));
  }

  /** The name of a velocity variable, e.g. {@code velocity.device_60m}. */
  public static String velocityName(KeyType type, Duration window) {
    return "velocity." + type.variableName() + "_" + window.toMinutes() + "m";
  }

  /** The velocity settings the velocity variables are declared for. */
  public VelocitySettings velocity() {
    return velocity;
  }

  /** Every variable, in a stable order. */
  public List<Feature> features() {
    return features;
  }

  /** The variable of that name, if declared. */
  public Optional<Feature> feature(String name) {
    Integer index = indexes.get(name);
    return index == null ? Optional.empty() : Optional.of(features.get(index));
  }

  /**
   * The variable's index, or -1 when it is not declared: for callers that resolve a name once and
   * read {@link FeatureVector#value(int)} per claim.
   */
  public int indexOrMinusOne(String name) {
    Integer index = indexes.get(name);
    return index == null ? -1 : index;
  }

  int index(String name) {
    Integer index = indexes.get(name);
    if (index == null) {
      throw new IllegalArgumentException("Feature " + name + " is not declared");
    }
    return index;
  }

  int velocityIndex(int typeOrdinal, int window) {
    return velocityIndexes[typeOrdinal * velocity.windows().size() + window];
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof FeatureSchema && velocity.equals(((FeatureSchema) other).velocity);
  }

  @Override
  public int hashCode() {
    return velocity.hashCode();
  }

  @Override
  public String toString() {
    return "FeatureSchema{" + features.size() + " features, windows " + velocity.windows() + "}";
  }
}

package io.insightmesh.decisions.table;

import static java.util.Objects.requireNonNull;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * One claimant's scoring features from a {@code profiles.claimant_profiles} release: the contract's
 * columns but {@code built_at}.
 *
 * <p>Held compactly because a release has millions of rows: money as unscaled pence ({@code
 * decimal(14,2)} fits a long), dates as epoch days, counts per scheme as four ints, nulls as bits.
 * Accessors return the contract's types.
 */
public final class Profile {
  /** The schemes {@code claims_per_scheme} counts, in the order {@link #claims(String)} uses. */
  public static final List<String> SCHEMES = List.of("SEISS", "CJRS", "SSP_REBATE", "BBL");

  private static final int HAS_PRIOR_INCOME = 1;
  private static final int HAS_PAYE_PAY = 1 << 1;
  private static final int HAS_ACCOUNT_AGE = 1 << 2;
  private static final int HAS_INCORPORATION = 1 << 3;
  private static final int INCORPORATED_AFTER_CUTOFF = 1 << 4;
  private static final int DECEASED = 1 << 5;

  private final String claimantId;
  private final String nino;
  private final String claimsRelease;
  private final long priorDeclaredIncomePence;
  private final long payeMonthlyPayPence;
  private final long totalClaimedPence;
  private final double maxClaimToCapRatio;
  private final int sharedBankAccountClaimants;
  private final int sharedDeviceClaimants;
  private final int sharedIpClaimants;
  private final int accountAgeDays;
  private final int companyIncorporatedOnEpochDay;
  private final int seissClaims;
  private final int cjrsClaims;
  private final int sspRebateClaims;
  private final int bblClaims;
  private final byte flags;

  private Profile(Builder builder) {
    this.claimantId = requireNonNull(builder.claimantId, "claimantId is null");
    this.nino = builder.nino;
    this.claimsRelease = builder.claimsRelease;
    this.priorDeclaredIncomePence = pence(builder.priorDeclaredIncome);
    this.payeMonthlyPayPence = pence(builder.payeMonthlyPay);
    this.totalClaimedPence = pence(requireNonNull(builder.totalClaimed, "totalClaimed is null"));
    this.maxClaimToCapRatio = builder.maxClaimToCapRatio;
    this.sharedBankAccountClaimants = builder.sharedBankAccountClaimants;
    this.sharedDeviceClaimants = builder.sharedDeviceClaimants;
    this.sharedIpClaimants = builder.sharedIpClaimants;
    this.accountAgeDays = builder.accountAgeDays == null ? 0 : builder.accountAgeDays;
    this.companyIncorporatedOnEpochDay =
        builder.companyIncorporatedOn == null
            ? 0
            : Math.toIntExact(builder.companyIncorporatedOn.toEpochDay());
    this.seissClaims = builder.claims[0];
    this.cjrsClaims = builder.claims[1];
    this.sspRebateClaims = builder.claims[2];
    this.bblClaims = builder.claims[3];
    int bits = 0;
    bits |= builder.priorDeclaredIncome == null ? 0 : HAS_PRIOR_INCOME;
    bits |= builder.payeMonthlyPay == null ? 0 : HAS_PAYE_PAY;
    bits |= builder.accountAgeDays == null ? 0 : HAS_ACCOUNT_AGE;
    bits |= builder.companyIncorporatedOn == null ? 0 : HAS_INCORPORATION;
    bits |= builder.incorporatedAfterCutoff ? INCORPORATED_AFTER_CUTOFF : 0;
    bits |= builder.deceased ? DECEASED : 0;
    this.flags = (byte) bits;
  }

  /** A builder for a claimant's profile. */
  public static Builder builder(String claimantId) {
    return new Builder(claimantId);
  }

  /** Pseudonymous claimant identifier, as in {@code claims.claims}. */
  public String claimantId() {
    return claimantId;
  }

  /**
   * The NINO on the claimant's latest claim, so that rules can tell a claim made with another
   * (personal data: never logged).
   */
  public String nino() {
    return nino;
  }

  /** The claims release the profile was built from. */
  public String claimsRelease() {
    return claimsRelease;
  }

  /** Average declared self-employed trading profit before the scheme, if returns were filed. */
  public Optional<BigDecimal> priorDeclaredIncome() {
    return has(HAS_PRIOR_INCOME)
        ? Optional.of(BigDecimal.valueOf(priorDeclaredIncomePence, 2))
        : Optional.empty();
  }

  /** Average monthly PAYE pay of the claimant's employees before the scheme, if reported. */
  public Optional<BigDecimal> payeMonthlyPay() {
    return has(HAS_PAYE_PAY)
        ? Optional.of(BigDecimal.valueOf(payeMonthlyPayPence, 2))
        : Optional.empty();
  }

  /** The claimant's claims under a scheme; 0 for a scheme the contract does not count. */
  public int claims(String scheme) {
    return switch (scheme) {
      case "SEISS" -> seissClaims;
      case "CJRS" -> cjrsClaims;
      case "SSP_REBATE" -> sspRebateClaims;
      case "BBL" -> bblClaims;
      default -> 0;
    };
  }

  /** Claims per scheme, every scheme a key. */
  public Map<String, Integer> claimsPerScheme() {
    return Map.of(
        "SEISS", seissClaims, "CJRS", cjrsClaims, "SSP_REBATE", sspRebateClaims, "BBL", bblClaims);
  }

  /** Sum of the claimant's claimed amounts. */
  public BigDecimal totalClaimed() {
    return BigDecimal.valueOf(totalClaimedPence, 2);
  }

  /** Largest ratio of a claim's amount to its scheme's cap (above 1.0: over the cap). */
  public double maxClaimToCapRatio() {
    return maxClaimToCapRatio;
  }

  /** Other, unrelated claimants paid into the same bank account. */
  public int sharedBankAccountClaimants() {
    return sharedBankAccountClaimants;
  }

  /** Other claimants whose claims came from the same device. */
  public int sharedDeviceClaimants() {
    return sharedDeviceClaimants;
  }

  /** Other claimants whose claims came from the same IP address. */
  public int sharedIpClaimants() {
    return sharedIpClaimants;
  }

  /** Days between the claimant's first tax record and the scheme's opening, if known. */
  public OptionalInt accountAgeDays() {
    return has(HAS_ACCOUNT_AGE) ? OptionalInt.of(accountAgeDays) : OptionalInt.empty();
  }

  /** Incorporation date of the claimant's company, if incorporated. */
  public Optional<LocalDate> companyIncorporatedOn() {
    return has(HAS_INCORPORATION)
        ? Optional.of(LocalDate.ofEpochDay(companyIncorporatedOnEpochDay))
        : Optional.empty();
  }

  /** Whether the company was incorporated after the scheme's eligibility cut-off. */
  public boolean incorporatedAfterCutoff() {
    return has(INCORPORATED_AFTER_CUTOFF);
  }

  /** Whether the claimant appears on the deceased register. */
  public boolean deceased() {
    return has(DECEASED);
  }

  private boolean has(int flag) {
    return (flags & flag) != 0;
  }

  private static long pence(BigDecimal amount) {
    if (amount == null) {
      return 0;
    }
    try {
      return amount.setScale(2).unscaledValue().longValueExact();
    } catch (ArithmeticException e) {
      throw new IllegalArgumentException(
          "Invalid amount with scale " + amount.scale() + ": must be a decimal(14,2)", e);
    }
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof Profile that
        && claimantId.equals(that.claimantId)
        && nino.equals(that.nino)
        && claimsRelease.equals(that.claimsRelease)
        && priorDeclaredIncomePence == that.priorDeclaredIncomePence
        && payeMonthlyPayPence == that.payeMonthlyPayPence
        && totalClaimedPence == that.totalClaimedPence
        && Double.compare(maxClaimToCapRatio, that.maxClaimToCapRatio) == 0
        && sharedBankAccountClaimants == that.sharedBankAccountClaimants
        && sharedDeviceClaimants == that.sharedDeviceClaimants
        && sharedIpClaimants == that.sharedIpClaimants
        && accountAgeDays == that.accountAgeDays
        && companyIncorporatedOnEpochDay == that.companyIncorporatedOnEpochDay
        && seissClaims == that.seissClaims
        && cjrsClaims == that.cjrsClaims
        && sspRebateClaims == that.sspRebateClaims
        && bblClaims == that.bblClaims
        && flags == that.flags;
  }

  @Override
  public int hashCode() {
    return Objects.hash(claimantId, totalClaimedPence, maxClaimToCapRatio, flags);
  }

  @Override
  public String toString() {
    return "Profile[claimant_id=" + claimantId + "]";
  }

  /** Collects a profile's features; unset nullable features stay absent. */
  public static final class Builder {
    private final String claimantId;
    private String nino = "";
    private String claimsRelease = "";
    private BigDecimal priorDeclaredIncome;
    private BigDecimal payeMonthlyPay;
    private BigDecimal totalClaimed = BigDecimal.ZERO;
    private double maxClaimToCapRatio;
    private int sharedBankAccountClaimants;
    private int sharedDeviceClaimants;
    private int sharedIpClaimants;
    private Integer accountAgeDays;
    private LocalDate companyIncorporatedOn;
    private boolean incorporatedAfterCutoff;
    private boolean deceased;
    private final int[] claims = new int[SCHEMES.size()];

    private Builder(String claimantId) {
      this.claimantId = requireNonNull(claimantId, "claimantId is null");
    }

    /** Sets {@code nino}. */
    public Builder nino(String nino) {
      this.nino = requireNonNull(nino, "nino is null");
      return this;
    }

    /** Sets {@code claims_release}. */
    public Builder claimsRelease(String release) {
      this.claimsRelease = requireNonNull(release, "release is null");
      return this;
    }

    /** Sets {@code prior_declared_income}; null for absent. */
    public Builder priorDeclaredIncome(BigDecimal amount) {
      this.priorDeclaredIncome = amount;
      return this;
    }

    /** Sets {@code paye_monthly_pay}; null for absent. */
    public Builder payeMonthlyPay(BigDecimal amount) {
      this.payeMonthlyPay = amount;
      return this;
    }

    /** Sets {@code total_claimed}. */
    public Builder totalClaimed(BigDecimal amount) {
      this.totalClaimed = requireNonNull(amount, "amount is null");
      return this;
    }

    /** Sets {@code max_claim_to_cap_ratio}. */
    public Builder maxClaimToCapRatio(double ratio) {
      this.maxClaimToCapRatio = ratio;
      return this;
    }

    /** Sets {@code shared_bank_account_claimants}. */
    public Builder sharedBankAccountClaimants(int count) {
      this.sharedBankAccountClaimants = count;
      return this;
    }

    /** Sets {@code shared_device_claimants}. */
    public Builder sharedDeviceClaimants(int count) {
      this.sharedDeviceClaimants = count;
      return this;
    }

    /** Sets {@code shared_ip_claimants}. */
    public Builder sharedIpClaimants(int count) {
      this.sharedIpClaimants = count;
      return this;
    }

    /** Sets {@code account_age_days}; null for unknown. */
    public Builder accountAgeDays(Integer days) {
      this.accountAgeDays = days;
      return this;
    }

    /** Sets {@code company_incorporated_on}; null for none. */
    public Builder companyIncorporatedOn(LocalDate date) {
      this.companyIncorporatedOn = date;
      return this;
    }

    /** Sets {@code incorporated_after_cutoff}. */
    public Builder incorporatedAfterCutoff(boolean after) {
      this.incorporatedAfterCutoff = after;
      return this;
    }

    /** Sets {@code deceased}. */
    public Builder deceased(boolean onRegister) {
      this.deceased = onRegister;
      return this;
    }

    /**
     * Sets the claims under a scheme; keys outside {@link #SCHEMES} are ignored, as the contract
     * counts only those.
     */
    public Builder claims(String scheme, int count) {
      int index = SCHEMES.indexOf(scheme);
      if (index >= 0) {
        claims[index] = count;
      }
      return this;
    }

    /**
     * Builds the profile.
     *
     * @throws IllegalArgumentException if an amount does not fit {@code decimal(14,2)}
     */
    public Profile build() {
      return new Profile(this);
    }
  }
}

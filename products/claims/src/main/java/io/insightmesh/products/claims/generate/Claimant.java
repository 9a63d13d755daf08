package io.insightmesh.products.claims.generate;

/**
 * One claimant's attributes, filled in place by {@link Population#describe} and reused for the next
 * claimant: a chunk generates millions of claimants without allocating per claimant.
 */
final class Claimant {
  final Plans.Plan plan = new Plans.Plan();

  final Ascii claimantId = new Ascii(16);
  final Ascii nino = new Ascii(9);
  byte[] givenName;
  byte[] familyName;
  int dateOfBirth;
  final Ascii postcode = new Ascii(8);
  final Ascii email = new Ascii(64);
  final Ascii sortCode = new Ascii(6);
  final Ascii accountNumber = new Ascii(8);

  /** 0 ONLINE, 1 AGENT, 2 PHONE. */
  int channel;

  final Ascii deviceId = new Ascii(16);
  final Ascii ipAddress = new Ascii(15);

  /** Individuals: Unique Taxpayer Reference and self-assessment history (oldest year first). */
  final Ascii utr = new Ascii(10);

  int taxYears;
  final long[] tradingProfit = new long[3];

  /** Companies: registration, name, incorporation, turnover. */
  final Ascii companyNumber = new Ascii(8);

  final Ascii companyName = new Ascii(96);
  int incorporatedOn;

  /** Employers: PAYE reference, average monthly pay per employee, share furloughed. */
  final Ascii employerReference = new Ascii(11);

  long monthlyWage;
  double furloughShare;

  /** Annual turnover in pence, the basis of a bounce-back loan. */
  long turnover;

  /** Set when the claimant uses someone else's NINO (identity reuse): the owner's name. */
  boolean reusesIdentity;

  /** Active member of its block's shared-account ring or burst. */
  boolean ringMember;

  boolean burstMember;

  /** Date of death on the register, or {@link Integer#MIN_VALUE} if alive. */
  int dateOfDeath;

  boolean isIndividual() {
    return plan.kind == Plans.Kind.INDIVIDUAL;
  }

  boolean isCompany() {
    return plan.kind != Plans.Kind.INDIVIDUAL;
  }
}

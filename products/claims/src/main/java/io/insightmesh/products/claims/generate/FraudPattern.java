package io.insightmesh.products.claims.generate;

/**
 * The fraud patterns the synthetic source injects, as named in {@code ground-truth/labels.jsonl}.
 * Each is built so that a sensible rule finds it and so that legitimate claims never look like it.
 */
public enum FraudPattern {
  /**
   * One bank account (sort code and number) paid into by 5 to 30 unrelated claimants: different
   * names, NINOs and postcodes. Every claim of a ring member is labelled.
   */
  SHARED_BANK_ACCOUNT,
  /**
   * A NINO that belongs to a legitimate SEISS claimant used by another claimant id, under another
   * name, for a CJRS or BBL claim. The impostor's claims are labelled, the owner's are not.
   */
  IDENTITY_REUSE,
  /**
   * An amount over the scheme's cap, checkable from the claim alone: SEISS above £7,500; CJRS above
   * £2,500 per employee per month of the period, pro rata; BBL above £50,000.
   */
  OVER_CAP,
  /**
   * A company, in {@code reference/companies.jsonl}, incorporated after the 19 March 2020
   * eligibility cut-off, claiming CJRS or a bounce-back loan. All its claims are labelled.
   */
  INCORPORATED_AFTER_CUTOFF,
  /** 20 to 45 claims from one device id within one hour (a script), different claimants. */
  DEVICE_BURST,
  /** 20 to 45 claims from one IP address within one hour, different claimants. */
  IP_BURST,
  /**
   * A claim under the NINO of someone on {@code reference/deceased.jsonl} with a date of death
   * before the submission. (The register also holds claimants who died after claiming: not fraud.)
   */
  DECEASED,
  /**
   * The same claim, same claim id and content, submitted again 2 to 30 minutes later: two landing
   * records, one label.
   */
  DUPLICATE_SUBMISSION
}

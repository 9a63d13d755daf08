package io.insightmesh.products.claims.generate;

import io.insightmesh.contracts.claims.Scheme;
import java.util.EnumSet;

/**
 * One landing record under construction, reused for every claim of a chunk. Values that a defect
 * may change (NINO, postcode, sort code, amount) are copied here from the claimant; the rest is
 * read from it.
 */
final class ClaimRecord {
  static final int ABSENT = Integer.MIN_VALUE;

  final Ascii claimId = new Ascii(36);
  Scheme scheme;
  long submittedAt;
  Claimant claimant;
  final Ascii nino = new Ascii(12);
  final Ascii postcode = new Ascii(12);
  final Ascii sortCode = new Ascii(10);
  final Ascii accountNumber = new Ascii(8);
  boolean withUtr;
  boolean withCompany;
  long amount;

  /** CJRS only; 0 when absent. */
  int employees;

  int periodStart;
  int periodEnd;

  /** 0 ONLINE, 1 AGENT, 2 PHONE. */
  int channel;

  final Ascii deviceId = new Ascii(16);
  final Ascii ipAddress = new Ascii(15);
  boolean online;

  final EnumSet<FraudPattern> patterns = EnumSet.noneOf(FraudPattern.class);
  Defect defect;
  String defectField;

  /** The text a defect puts in place of the value: an unknown scheme or an unparseable date. */
  String defectText;

  void reset(Claimant claimant) {
    this.claimant = claimant;
    nino.copyFrom(claimant.nino);
    postcode.copyFrom(claimant.postcode);
    sortCode.copyFrom(claimant.sortCode);
    accountNumber.copyFrom(claimant.accountNumber);
    withUtr = false;
    withCompany = false;
    employees = 0;
    periodStart = ABSENT;
    periodEnd = ABSENT;
    online = false;
    patterns.clear();
    defect = null;
    defectField = null;
    defectText = null;
  }

  boolean missing(String field) {
    return defect == Defect.MISSING_REQUIRED_FIELD && defectField.equals(field);
  }

  boolean badText(String field) {
    return defectText != null && defectField.equals(field);
  }
}

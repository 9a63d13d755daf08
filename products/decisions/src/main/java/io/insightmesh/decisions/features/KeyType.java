package io.insightmesh.decisions.features;

import io.insightmesh.contracts.claims.Claim;
import java.util.Locale;

/**
 * What a velocity counter counts claims by. Each is a {@code velocity.<name>_<minutes>m} variable
 * per configured window.
 */
public enum KeyType {
  /** Sort code and account number the payment goes to. */
  BANK_ACCOUNT("bank_account"),
  /** Device fingerprint of an online or agent claim; online claims only. */
  DEVICE("device"),
  /** IP address an online claim came from. */
  IP("ip"),
  /** The claimant's postcode, upper case without spaces. */
  POSTCODE("postcode"),
  /**
   * The claim id: the contract keeps it stable across resubmissions, so a count above one is the
   * same claim submitted again.
   */
  CLAIM_ID("claim_id");

  private final String variableName;

  KeyType(String variableName) {
    this.variableName = variableName;
  }

  /** The name used in the key type's CEL variables, e.g. {@code bank_account}. */
  public String variableName() {
    return variableName;
  }

  /** The claim's key of this type, or null when the claim has none (no device, no IP address). */
  String keyOf(Claim claim) {
    switch (this) {
      case BANK_ACCOUNT:
        return claim.getBankSortCode() == null || claim.getBankAccountNumber() == null
            ? null
            : claim.getBankSortCode() + '/' + claim.getBankAccountNumber();
      case DEVICE:
        return blankToNull(claim.getDeviceId());
      case IP:
        return blankToNull(claim.getIpAddress());
      case POSTCODE:
        String postcode = blankToNull(claim.getPostcode());
        return postcode == null ? null : postcode.replace(" ", "").toUpperCase(Locale.ROOT);
      case CLAIM_ID:
        return blankToNull(claim.getClaimId());
      default:
        throw new AssertionError(this);
    }
  }

  private static String blankToNull(String value) {
    return value == null || value.isBlank() ? null : value;
  }
}

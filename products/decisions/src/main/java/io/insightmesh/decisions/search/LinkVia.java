package io.insightmesh.decisions.search;

/** What two claimants share when they are linked: organised crime reuses these. */
public enum LinkVia {
  BANK_ACCOUNT("bank_account"),
  DEVICE("device"),
  POSTCODE("postcode");

  private final String label;

  LinkVia(String label) {
    this.label = label;
  }

  /** The name in the API, e.g. {@code bank_account}. */
  public String label() {
    return label;
  }
}

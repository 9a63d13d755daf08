package io.insightmesh.decisions.features;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * Which block lists a claim was on when it was assessed: what {@code blocked.*} bound for it, kept
 * with the decision so a replay reads the lists as they were, not as they are now.
 *
 * @param bankAccount its bank account was blocked
 * @param nino its NINO was blocked
 * @param device its device was blocked
 */
public record BlockHits(boolean bankAccount, boolean nino, boolean device) {
  /** On no list. */
  public static final BlockHits NONE = new BlockHits(false, false, false);

  private static final String BANK_ACCOUNT = "bank_account";
  private static final String NINO = "nino";
  private static final String DEVICE = "device";

  /**
   * The hits named as {@link #names()} names them.
   *
   * @throws IllegalArgumentException if a name is not bank_account, nino or device
   */
  public static BlockHits of(Collection<? extends CharSequence> names) {
    requireNonNull(names, "names is null");
    boolean bankAccount = false;
    boolean nino = false;
    boolean device = false;
    for (CharSequence name : names) {
      String list = String.valueOf(name);
      switch (list) {
        case BANK_ACCOUNT:
          bankAccount = true;
          break;
        case NINO:
          nino = true;
          break;
        case DEVICE:
          device = true;
          break;
        default:
          throw new IllegalArgumentException(
              "Unknown block list " + list + ": must be bank_account, nino or device");
      }
    }
    return new BlockHits(bankAccount, nino, device);
  }

  /** The lists hit, as the decisions contract's {@code live_features.blocked} names them. */
  public List<String> names() {
    List<String> names = new ArrayList<>(3);
    if (bankAccount) {
      names.add(BANK_ACCOUNT);
    }
    if (nino) {
      names.add(NINO);
    }
    if (device) {
      names.add(DEVICE);
    }
    return names;
  }
}

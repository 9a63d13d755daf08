package io.insightmesh.decisions.admin;

import static java.util.Objects.requireNonNull;

import io.insightmesh.decisions.features.BankAccount;
import io.insightmesh.decisions.features.BlockLists;
import io.insightmesh.decisions.features.DeviceId;
import io.insightmesh.decisions.features.InvalidBlockListEntryException;
import io.insightmesh.decisions.features.Nino;
import java.util.Arrays;
import java.util.regex.Pattern;

/**
 * The three block lists, by the names the API uses, and the form of their values. Each value has
 * one canonical text, which the store keeps and the API returns: {@code 112233-12345678} for a bank
 * account, {@code AB123456C} for a NINO, the device id as given for a device.
 */
public enum BlockList {
  /** Bank accounts; {@code blocked.bank_account} in rules. */
  BANK_ACCOUNTS(
      "bank-accounts",
      "a 6-digit sort code and an 8-digit account number, e.g. 11-22-33 12345678 (14 digits once"
          + " spaces, dashes and slashes are removed)"),
  /** National Insurance numbers; {@code blocked.nino} in rules. */
  NINOS(
      "ninos", "a National Insurance number matching " + Nino.FORMAT + " (case and spaces aside)"),
  /** Device ids; {@code blocked.device} in rules. */
  DEVICES("devices", "a device id matching " + DeviceId.FORMAT);

  /** The longest value accepted before it is parsed. */
  public static final int MAX_VALUE_LENGTH = 256;

  private static final Pattern ACCOUNT_SEPARATORS = Pattern.compile("[- /]");
  private static final Pattern ACCOUNT_DIGITS = Pattern.compile("[0-9]{14}");

  private final String pathName;
  private final String format;

  BlockList(String pathName, String format) {
    this.pathName = pathName;
    this.format = format;
  }

  /**
   * The list with that API name.
   *
   * @throws NoSuchBlockListException if there is none
   */
  public static BlockList named(String name) {
    requireNonNull(name, "name is null");
    for (BlockList list : values()) {
      if (list.pathName.equals(name)) {
        return list;
      }
    }
    throw new NoSuchBlockListException(
        "There is no block list by that name; the lists are "
            + Arrays.stream(values()).map(BlockList::pathName).toList());
  }

  /** The list's name in the API, e.g. {@code bank-accounts}. */
  public String pathName() {
    return pathName;
  }

  /** What a value of this list looks like, for error messages and the guide. */
  public String format() {
    return format;
  }

  /**
   * The canonical text of a value offered for this list.
   *
   * @throws InvalidBlockListEntryException if it does not have the list's form; the message names
   *     the list and the form, never the value
   */
  public String canonical(String value) {
    requireNonNull(value, "value is null");
    try {
      if (value.length() > MAX_VALUE_LENGTH) {
        throw new InvalidBlockListEntryException("too long");
      }
      switch (this) {
        case BANK_ACCOUNTS:
          String digits = ACCOUNT_SEPARATORS.matcher(value.strip()).replaceAll("");
          if (!ACCOUNT_DIGITS.matcher(digits).matches()) {
            throw new InvalidBlockListEntryException("not 14 digits");
          }
          BankAccount account = new BankAccount(digits.substring(0, 6), digits.substring(6));
          return account.sortCode() + "-" + account.accountNumber();
        case NINOS:
          return Nino.parse(value).value();
        case DEVICES:
          return DeviceId.parse(value).value();
        default:
          throw new AssertionError(this);
      }
    } catch (InvalidBlockListEntryException e) {
      throw new InvalidBlockListEntryException(
          "Block list " + pathName + ": field value must be " + format);
    }
  }

  /** Blocks a canonical value; returns whether it was not blocked already. */
  boolean add(BlockLists lists, String canonical) {
    switch (this) {
      case BANK_ACCOUNTS:
        return lists.add(account(canonical));
      case NINOS:
        return lists.add(new Nino(canonical));
      case DEVICES:
        return lists.add(new DeviceId(canonical));
      default:
        throw new AssertionError(this);
    }
  }

  /** Unblocks a canonical value; returns whether it was blocked. */
  boolean remove(BlockLists lists, String canonical) {
    switch (this) {
      case BANK_ACCOUNTS:
        return lists.remove(account(canonical));
      case NINOS:
        return lists.remove(new Nino(canonical));
      case DEVICES:
        return lists.remove(new DeviceId(canonical));
      default:
        throw new AssertionError(this);
    }
  }

  private static BankAccount account(String canonical) {
    return new BankAccount(canonical.substring(0, 6), canonical.substring(7));
  }
}

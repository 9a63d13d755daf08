package io.insightmesh.decisions.features;

import static java.util.Objects.requireNonNull;

import java.util.regex.Pattern;

/**
 * A UK bank account a payment goes to: a 6-digit sort code and an 8-digit account number, as in the
 * claims contract. {@link #toString()} masks it (it is personal data).
 *
 * @param sortCode six digits, no dashes
 * @param accountNumber eight digits
 */
public record BankAccount(String sortCode, String accountNumber) {
  private static final Pattern SORT_CODE = Pattern.compile("[0-9]{6}");
  private static final Pattern ACCOUNT_NUMBER = Pattern.compile("[0-9]{8}");

  /**
   * Validates the account.
   *
   * @throws InvalidBlockListEntryException if the sort code is not 6 digits or the account number
   *     not 8 digits
   */
  public BankAccount {
    requireNonNull(sortCode, "sortCode is null");
    requireNonNull(accountNumber, "accountNumber is null");
    if (!SORT_CODE.matcher(sortCode).matches()) {
      throw new InvalidBlockListEntryException(
          "Bank account: field sort_code must be 6 digits (^[0-9]{6}$)");
    }
    if (!ACCOUNT_NUMBER.matcher(accountNumber).matches()) {
      throw new InvalidBlockListEntryException(
          "Bank account: field account_number must be 8 digits (^[0-9]{8}$)");
    }
  }

  /**
   * The account with a sort code written with or without dashes or spaces ({@code 20-00-00}).
   *
   * @throws InvalidBlockListEntryException as {@link #BankAccount(String, String)}
   */
  public static BankAccount of(String sortCode, String accountNumber) {
    requireNonNull(sortCode, "sortCode is null");
    requireNonNull(accountNumber, "accountNumber is null");
    return new BankAccount(sortCode.replaceAll("[- ]", ""), accountNumber.strip());
  }

  String key() {
    return key(sortCode, accountNumber);
  }

  static String key(String sortCode, String accountNumber) {
    return sortCode + '/' + accountNumber;
  }

  @Override
  public String toString() {
    return "BankAccount[******/****" + accountNumber.substring(4) + "]";
  }
}

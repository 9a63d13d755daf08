package io.insightmesh.decisions.features;

import static java.util.Objects.requireNonNull;

import io.insightmesh.contracts.claims.Claim;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/**
 * The case workers' block lists: bank accounts, NINOs and devices whose claims the shipped ruleset
 * rejects ({@code blocked.bank_account}, {@code blocked.nino}, {@code blocked.device}).
 * Thread-safe; lookups never lock, so a claim sees each list either before or after a concurrent
 * change. Entries are validated by their types ({@link BankAccount}, {@link Nino}, {@link
 * DeviceId}).
 */
public final class BlockLists {
  private final Set<String> bankAccounts = ConcurrentHashMap.newKeySet();
  private final Set<String> ninos = ConcurrentHashMap.newKeySet();
  private final Set<String> devices = ConcurrentHashMap.newKeySet();

  /** Empty block lists. */
  public BlockLists() {}

  /** Block lists holding a snapshot's entries. */
  public static BlockLists of(BlockListSnapshot snapshot) {
    requireNonNull(snapshot, "snapshot is null");
    BlockLists lists = new BlockLists();
    snapshot.bankAccounts().forEach(lists::add);
    snapshot.ninos().forEach(lists::add);
    snapshot.devices().forEach(lists::add);
    return lists;
  }

  /** Blocks a bank account; returns whether it was not blocked already. */
  public boolean add(BankAccount account) {
    return bankAccounts.add(requireNonNull(account, "account is null").key());
  }

  /** Blocks a NINO; returns whether it was not blocked already. */
  public boolean add(Nino nino) {
    return ninos.add(requireNonNull(nino, "nino is null").value());
  }

  /** Blocks a device; returns whether it was not blocked already. */
  public boolean add(DeviceId device) {
    return devices.add(requireNonNull(device, "device is null").value());
  }

  /** Unblocks a bank account; returns whether it was blocked. */
  public boolean remove(BankAccount account) {
    return bankAccounts.remove(requireNonNull(account, "account is null").key());
  }

  /** Unblocks a NINO; returns whether it was blocked. */
  public boolean remove(Nino nino) {
    return ninos.remove(requireNonNull(nino, "nino is null").value());
  }

  /** Unblocks a device; returns whether it was blocked. */
  public boolean remove(DeviceId device) {
    return devices.remove(requireNonNull(device, "device is null").value());
  }

  /** Whether the account is blocked. */
  public boolean contains(BankAccount account) {
    return bankAccounts.contains(requireNonNull(account, "account is null").key());
  }

  /** Whether the NINO is blocked. */
  public boolean contains(Nino nino) {
    return ninos.contains(requireNonNull(nino, "nino is null").value());
  }

  /** Whether the device is blocked. */
  public boolean contains(DeviceId device) {
    return devices.contains(requireNonNull(device, "device is null").value());
  }

  /** The lists as they are now, copied. */
  public BlockListSnapshot snapshot() {
    return new BlockListSnapshot(
        bankAccounts.stream()
            .map(key -> new BankAccount(key.substring(0, 6), key.substring(7)))
            .collect(Collectors.toSet()),
        ninos.stream().map(Nino::new).collect(Collectors.toSet()),
        devices.stream().map(DeviceId::new).collect(Collectors.toSet()));
  }

  /** The lists the claim is on now. */
  public BlockHits hits(Claim claim) {
    requireNonNull(claim, "claim is null");
    return new BlockHits(bankAccountBlocked(claim), ninoBlocked(claim), deviceBlocked(claim));
  }

  // Hot-path lookups by the claim's raw fields: a malformed field simply matches nothing.

  boolean bankAccountBlocked(Claim claim) {
    return claim.getBankSortCode() != null
        && claim.getBankAccountNumber() != null
        && bankAccounts.contains(
            BankAccount.key(claim.getBankSortCode(), claim.getBankAccountNumber()));
  }

  boolean ninoBlocked(Claim claim) {
    return claim.getNino() != null && ninos.contains(Nino.normalise(claim.getNino()));
  }

  boolean deviceBlocked(Claim claim) {
    return claim.getDeviceId() != null && devices.contains(claim.getDeviceId().strip());
  }
}

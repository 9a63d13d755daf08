package io.insightmesh.decisions.features;

import static java.util.Objects.requireNonNull;

import java.util.Set;

/**
 * The block lists at one moment, immutable.
 *
 * @param bankAccounts blocked bank accounts
 * @param ninos blocked NINOs
 * @param devices blocked device ids
 */
public record BlockListSnapshot(
    Set<BankAccount> bankAccounts, Set<Nino> ninos, Set<DeviceId> devices) {
  /** Copies the sets. */
  public BlockListSnapshot {
    bankAccounts = Set.copyOf(requireNonNull(bankAccounts, "bankAccounts is null"));
    ninos = Set.copyOf(requireNonNull(ninos, "ninos is null"));
    devices = Set.copyOf(requireNonNull(devices, "devices is null"));
  }
}

package io.insightmesh.decisions.table;

import static java.util.Objects.requireNonNull;

import io.insightmesh.contracts.spec.ProductDescriptors;
import io.insightmesh.decisions.rules.Reason;
import io.insightmesh.sdk.publish.RegistryClient;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.System.Logger.Level;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.SnapshotRef;
import org.apache.iceberg.SnapshotSummary;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.Catalog;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.data.IcebergGenerics;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.io.CloseableIterable;
import org.apache.iceberg.types.Types;

/**
 * Loads a {@code profiles.claimant_profiles} release into a {@link ProfileSnapshot}, reading the
 * release's tagged snapshot with Iceberg's generic reader (no Spark), only the feature columns.
 *
 * <p>The latest release is the registry's newest recorded release when a registry client is given
 * and answers, else the newest {@code v*} tag of the table (by version, then data-refresh run).
 */
public final class ProfileLoader {
  /** The product the scoring engine reads its features from. */
  public static final String PRODUCT_ID = "profiles.claimant_profiles";

  private static final System.Logger LOG = System.getLogger(ProfileLoader.class.getName());
  private static final Pattern RELEASE_TAG =
      Pattern.compile(
          "v(0|[1-9][0-9]{0,8})\\.(0|[1-9][0-9]{0,8})\\.(0|[1-9][0-9]{0,8})(?:\\+([0-9]{1,18}))?");
  private static final List<String> COLUMNS =
      List.of(
          "claimant_id",
          "nino",
          "prior_declared_income",
          "paye_monthly_pay",
          "claims_per_scheme",
          "total_claimed",
          "max_claim_to_cap_ratio",
          "shared_bank_account_claimants",
          "shared_device_claimants",
          "shared_ip_claimants",
          "account_age_days",
          "company_incorporated_on",
          "incorporated_after_cutoff",
          "deceased",
          "claims_release");

  private final Catalog catalog;
  private final Optional<RegistryClient> registry;
  private final TableIdentifier tableId;

  /** A loader that takes the newest release tag as the latest release. */
  public ProfileLoader(Catalog catalog) {
    this(catalog, Optional.empty());
  }

  /** A loader that asks the catalog registry for the latest release first. */
  public ProfileLoader(Catalog catalog, RegistryClient registry) {
    this(catalog, Optional.of(requireNonNull(registry, "registry is null")));
  }

  private ProfileLoader(Catalog catalog, Optional<RegistryClient> registry) {
    this.catalog = requireNonNull(catalog, "catalog is null");
    this.registry = registry;
    this.tableId = TableIdentifier.parse(ProductDescriptors.builtIn(PRODUCT_ID).table());
  }

  /**
   * Loads a release by its tag ({@code v1.2.0}; {@code 1.2.0} is read as its tag).
   *
   * @throws ProfileReleaseNotFoundException if the table has no such tag
   */
  public ProfileSnapshot load(String release) {
    requireNonNull(release, "release is null");
    String tag = release.startsWith("v") ? release : "v" + release;
    Table table = catalog.loadTable(tableId);
    SnapshotRef ref = table.refs().get(tag);
    if (ref == null || !ref.isTag()) {
      throw new ProfileReleaseNotFoundException(
          "Cannot load " + PRODUCT_ID + " release " + tag + ": " + tableId + " has no such tag");
    }
    return read(table, tag, ref.snapshotId());
  }

  /**
   * Loads a release at the snapshot a decision recorded, whatever its tag points at now: what a
   * replay reads.
   *
   * @param release the release the snapshot was tagged as, for messages and the loaded snapshot
   * @throws ProfileReleaseNotFoundException if the table no longer has the snapshot
   */
  public ProfileSnapshot load(String release, long snapshotId) {
    requireNonNull(release, "release is null");
    String tag = release.startsWith("v") ? release : "v" + release;
    Table table = catalog.loadTable(tableId);
    if (table.snapshot(snapshotId) == null) {
      throw new ProfileReleaseNotFoundException(
          "Cannot load "
              + PRODUCT_ID
              + " release "
              + tag
              + " at snapshot "
              + snapshotId
              + ": "
              + tableId
              + " has no such snapshot");
    }
    return read(table, tag, snapshotId);
  }

  /**
   * Loads the latest release.
   *
   * @throws ProfileReleaseNotFoundException if the product has no release
   */
  public ProfileSnapshot loadLatest() {
    String tag =
        latestTag()
            .orElseThrow(
                () ->
                    new ProfileReleaseNotFoundException(
                        "Cannot load the latest "
                            + PRODUCT_ID
                            + " release: "
                            + tableId
                            + " has no release tag v<major>.<minor>.<patch>"));
    return load(tag);
  }

  /**
   * The tag of the latest release, read from the registry (or the newest release tag if the
   * registry does not know one) without reading any data: cheap enough to poll for new releases.
   */
  public Optional<String> latestTag() {
    Table table = catalog.loadTable(tableId);
    Optional<String> recorded = registry.flatMap(this::recordedLatest);
    if (recorded.isPresent()) {
      SnapshotRef ref = table.refs().get(recorded.get());
      if (ref != null && ref.isTag()) {
        return recorded;
      }
      LOG.log(
          Level.WARNING,
          "The registry's latest "
              + PRODUCT_ID
              + " release "
              + recorded.get()
              + " has no tag in "
              + tableId
              + "; using the newest tag");
    }
    return table.refs().entrySet().stream()
        .filter(ref -> ref.getValue().isTag())
        .filter(ref -> RELEASE_TAG.matcher(ref.getKey()).matches())
        .max((a, b) -> Arrays.compare(version(a.getKey()), version(b.getKey())))
        .map(Map.Entry::getKey);
  }

  private Optional<String> recordedLatest(RegistryClient client) {
    try {
      return client.latestRelease(PRODUCT_ID).map(RegistryClient.RecordedRelease::tag);
    } catch (RuntimeException e) {
      LOG.log(
          Level.WARNING,
          "Cannot ask the registry for the latest " + PRODUCT_ID + " release; using the newest tag",
          e);
      return Optional.empty();
    }
  }

  private static ProfileSnapshot read(Table table, String release, long snapshotId) {
    Snapshot snapshot = table.snapshot(snapshotId);
    Map<String, Profile> profiles = new HashMap<>(capacity(snapshot));
    long started = System.nanoTime();
    Set<String> duplicated = new HashSet<>();
    try (CloseableIterable<Record> rows =
        IcebergGenerics.read(table)
            .useSnapshot(snapshotId)
            .select(COLUMNS)
            .reuseContainers()
            .build()) {
      Positions positions = null;
      for (Record row : rows) {
        if (positions == null) {
          positions = new Positions(row.struct());
        }
        Profile profile = positions.profile(row);
        Profile first = profiles.putIfAbsent(profile.claimantId(), profile);
        if (first != null && !first.equals(profile)) {
          duplicated.add(profile.claimantId());
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(
          "Cannot read " + PRODUCT_ID + " release " + release + " of " + table.name(), e);
    }
    if (!duplicated.isEmpty()) {
      // The contract's unique rule makes this a publishing bug. Which of two rows that disagree
      // came
      // first depends on the order Iceberg planned the files in, which is not fixed: keeping one
      // would let a restart or a replay of the same snapshot decide differently. Without a
      // profile, the claimant's claims are flagged for a manual check, the same on every load.
      duplicated.forEach(profiles::remove);
      LOG.log(
          Level.WARNING,
          PRODUCT_ID
              + " release "
              + release
              + " has "
              + duplicated.size()
              + " claimant ids in rows that disagree; their claims are assessed without a profile"
              + " (flagged "
              + Reason.PROFILE_MISSING
              + ")");
    }
    long millis = Math.max(1, (System.nanoTime() - started) / 1_000_000);
    LOG.log(
        Level.INFO,
        String.format(
            "Loaded %s release %s (snapshot %d): %d profiles in %d ms",
            PRODUCT_ID, release, snapshotId, profiles.size(), millis));
    return new ProfileSnapshot(release, snapshotId, profiles);
  }

  private static int capacity(Snapshot snapshot) {
    String total =
        snapshot == null ? null : snapshot.summary().get(SnapshotSummary.TOTAL_RECORDS_PROP);
    long rows = 16;
    if (total != null) {
      try {
        rows = Long.parseLong(total);
      } catch (NumberFormatException e) {
        // Only a sizing hint.
      }
    }
    return (int) Math.min(Integer.MAX_VALUE - 8, rows * 4 / 3 + 1);
  }

  private static long[] version(String tag) {
    Matcher matcher = RELEASE_TAG.matcher(tag);
    matcher.matches();
    return new long[] {
      Long.parseLong(matcher.group(1)),
      Long.parseLong(matcher.group(2)),
      Long.parseLong(matcher.group(3)),
      matcher.group(4) == null ? -1 : Long.parseLong(matcher.group(4))
    };
  }

  /** Column positions of the projected rows, found once per load. */
  private static final class Positions {
    private final int claimantId;
    private final int nino;
    private final int claimsRelease;
    private final int priorDeclaredIncome;
    private final int payeMonthlyPay;
    private final int claimsPerScheme;
    private final int totalClaimed;
    private final int maxClaimToCapRatio;
    private final int sharedBankAccountClaimants;
    private final int sharedDeviceClaimants;
    private final int sharedIpClaimants;
    private final int accountAgeDays;
    private final int companyIncorporatedOn;
    private final int incorporatedAfterCutoff;
    private final int deceased;
    private String lastRelease = "";

    Positions(Types.StructType struct) {
      List<String> names = struct.fields().stream().map(Types.NestedField::name).toList();
      claimantId = position(names, "claimant_id");
      nino = position(names, "nino");
      claimsRelease = position(names, "claims_release");
      priorDeclaredIncome = position(names, "prior_declared_income");
      payeMonthlyPay = position(names, "paye_monthly_pay");
      claimsPerScheme = position(names, "claims_per_scheme");
      totalClaimed = position(names, "total_claimed");
      maxClaimToCapRatio = position(names, "max_claim_to_cap_ratio");
      sharedBankAccountClaimants = position(names, "shared_bank_account_claimants");
      sharedDeviceClaimants = position(names, "shared_device_claimants");
      sharedIpClaimants = position(names, "shared_ip_claimants");
      accountAgeDays = position(names, "account_age_days");
      companyIncorporatedOn = position(names, "company_incorporated_on");
      incorporatedAfterCutoff = position(names, "incorporated_after_cutoff");
      deceased = position(names, "deceased");
    }

    Profile profile(Record row) {
      Profile.Builder profile =
          Profile.builder(row.get(claimantId).toString())
              .nino(textOf(row.get(nino)))
              .claimsRelease(release(textOf(row.get(claimsRelease))))
              .priorDeclaredIncome((BigDecimal) row.get(priorDeclaredIncome))
              .payeMonthlyPay((BigDecimal) row.get(payeMonthlyPay))
              .totalClaimed((BigDecimal) row.get(totalClaimed))
              .maxClaimToCapRatio(doubleOf(row.get(maxClaimToCapRatio)))
              .sharedBankAccountClaimants(intOf(row.get(sharedBankAccountClaimants)))
              .sharedDeviceClaimants(intOf(row.get(sharedDeviceClaimants)))
              .sharedIpClaimants(intOf(row.get(sharedIpClaimants)))
              .accountAgeDays((Integer) row.get(accountAgeDays))
              .companyIncorporatedOn((LocalDate) row.get(companyIncorporatedOn))
              .incorporatedAfterCutoff(Boolean.TRUE.equals(row.get(incorporatedAfterCutoff)))
              .deceased(Boolean.TRUE.equals(row.get(deceased)));
      Object claims = row.get(claimsPerScheme);
      if (claims instanceof Map<?, ?> counts) {
        counts.forEach(
            (scheme, count) -> {
              if (scheme != null && count != null) {
                profile.claims(scheme.toString(), ((Number) count).intValue());
              }
            });
      }
      return profile.build();
    }

    private static int position(List<String> names, String column) {
      int position = names.indexOf(column);
      if (position < 0) {
        throw new IllegalStateException(
            "Cannot read " + PRODUCT_ID + ": column " + column + " is missing from the table");
      }
      return position;
    }

    /** One instance for the release's rows, which were all built from the same claims release. */
    private String release(String release) {
      if (!release.equals(lastRelease)) {
        lastRelease = release;
      }
      return lastRelease;
    }

    private static String textOf(Object value) {
      return value == null ? "" : value.toString();
    }

    private static int intOf(Object value) {
      return value == null ? 0 : ((Number) value).intValue();
    }

    private static double doubleOf(Object value) {
      return value == null ? 0 : ((Number) value).doubleValue();
    }
  }
}

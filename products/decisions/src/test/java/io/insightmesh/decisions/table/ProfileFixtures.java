package io.insightmesh.decisions.table;

import io.insightmesh.contracts.spec.ProductDescriptors;
import io.insightmesh.sdk.publish.ProductTables;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.iceberg.AppendFiles;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.Catalog;
import org.apache.iceberg.data.GenericRecord;
import org.apache.iceberg.data.Record;

/**
 * Writes {@code profiles.claimant_profiles} rows the way the profiles pipeline's table holds them.
 */
public final class ProfileFixtures {
  /** Every fixture profile's NINO. */
  public static final String NINO = "CE987654B";

  /** The claims release every fixture profile was built from. */
  public static final String CLAIMS_RELEASE = "v1.0.0";

  private ProfileFixtures() {}

  public static Table createTable(Catalog catalog) {
    return ProductTables.createOrLoad(
        catalog, ProductDescriptors.builtIn(ProfileLoader.PRODUCT_ID), "1.0.0");
  }

  /** Appends profiles {@code from..from+count} in files of at most {@code perFile} rows. */
  public static void append(Table table, int from, int count, int perFile) {
    append(table, from, count, perFile, 0);
  }

  /**
   * Appends profiles {@code from..from+count} in files of at most {@code perFile} rows, each with
   * {@code extraPence} more {@code total_claimed} than {@link #append(Table, int, int, int)} gives.
   */
  public static void append(Table table, int from, int count, int perFile, int extraPence) {
    AppendFiles append = table.newAppend();
    List<Record> rows = new ArrayList<>(Math.min(count, perFile));
    GenericRecord template = GenericRecord.create(table.schema());
    for (int n = from; n < from + count; n++) {
      rows.add(row(template, n, extraPence));
      if (rows.size() == perFile) {
        TableFiles.ofRows(table, rows, "profiles").forEach(append::appendFile);
        rows.clear();
      }
    }
    if (!rows.isEmpty()) {
      TableFiles.ofRows(table, rows, "profiles").forEach(append::appendFile);
    }
    append.commit();
  }

  public static String claimantId(int n) {
    return String.format("claimant-%08d", n);
  }

  private static Record row(GenericRecord template, int n, int extraPence) {
    Record row = template.copy();
    row.setField("claimant_id", claimantId(n));
    row.setField("nino", NINO);
    row.setField("prior_declared_income", n % 3 == 0 ? null : new BigDecimal("31250.50"));
    row.setField("paye_monthly_pay", n % 2 == 0 ? null : new BigDecimal("2100.00"));
    row.setField("claims_per_scheme", Map.of("SEISS", n % 3, "CJRS", 1, "SSP_REBATE", 0, "BBL", 2));
    row.setField("total_claimed", BigDecimal.valueOf(n * 101L + extraPence, 2));
    row.setField("max_claim_to_cap_ratio", (n % 200) / 100.0);
    row.setField("shared_bank_account_claimants", n % 5);
    row.setField("shared_device_claimants", n % 7);
    row.setField("shared_ip_claimants", n % 11);
    row.setField("account_age_days", n % 4 == 0 ? null : 365 + n % 1000);
    row.setField("company_incorporated_on", n % 2 == 0 ? LocalDate.of(2020, 3, 20) : null);
    row.setField("incorporated_after_cutoff", n % 2 == 0);
    row.setField("deceased", n % 97 == 0);
    row.setField("built_at", OffsetDateTime.of(2020, 6, 1, 0, 0, 0, 0, ZoneOffset.UTC));
    row.setField("claims_release", CLAIMS_RELEASE);
    return row;
  }
}

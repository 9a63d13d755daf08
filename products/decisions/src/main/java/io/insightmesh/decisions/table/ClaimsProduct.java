package io.insightmesh.decisions.table;

import static java.util.Objects.requireNonNull;

import io.insightmesh.contracts.claims.Claim;
import io.insightmesh.contracts.claims.Scheme;
import io.insightmesh.contracts.spec.ProductDescriptors;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.function.Consumer;
import java.util.function.Predicate;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.Catalog;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.data.IcebergGenerics;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.io.CloseableIterable;

/**
 * Reads claims back from the {@code claims.claims} product (its table's current snapshot, the
 * latest release): what a restarted engine feeds its search index with for claims whose decision
 * log records are gone. The product holds the claims the claims domain has published, so claims
 * assessed since its latest release are not there yet.
 */
public final class ClaimsProduct {
  /** The product the claims come from. */
  public static final String PRODUCT_ID = "claims.claims";

  private ClaimsProduct() {}

  /**
   * Passes every claim of the current release whose claim id {@code wanted} accepts to {@code
   * consumer}; a product without a release yet has none.
   *
   * @return how many claims were passed
   * @throws UncheckedIOException if the table's files cannot be read
   */
  public static long read(Catalog catalog, Predicate<String> wanted, Consumer<Claim> consumer) {
    requireNonNull(catalog, "catalog is null");
    requireNonNull(wanted, "wanted is null");
    requireNonNull(consumer, "consumer is null");
    TableIdentifier id = TableIdentifier.parse(ProductDescriptors.builtIn(PRODUCT_ID).table());
    if (!catalog.tableExists(id)) {
      return 0;
    }
    Table table = catalog.loadTable(id);
    if (table.currentSnapshot() == null) {
      return 0;
    }
    long count = 0;
    try (CloseableIterable<Record> rows = IcebergGenerics.read(table).build()) {
      for (Record row : rows) {
        Object claimId = row.getField("claim_id");
        if (claimId != null && wanted.test(claimId.toString())) {
          consumer.accept(claim(row));
          count++;
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read the claims of " + table.name(), e);
    }
    return count;
  }

  /** The contract claim a row of the claims table holds, by column name. */
  static Claim claim(Record row) {
    return Claim.newBuilder()
        .setClaimId(text(row, "claim_id"))
        .setScheme(Scheme.valueOf(text(row, "scheme")))
        .setSubmittedAt(((OffsetDateTime) row.getField("submitted_at")).toInstant())
        .setClaimantId(text(row, "claimant_id"))
        .setNino(text(row, "nino"))
        .setUtr(text(row, "utr"))
        .setCompanyNumber(text(row, "company_number"))
        .setName(text(row, "name"))
        .setDateOfBirth((LocalDate) row.getField("date_of_birth"))
        .setPostcode(text(row, "postcode"))
        .setEmail(text(row, "email"))
        .setBankSortCode(text(row, "bank_sort_code"))
        .setBankAccountNumber(text(row, "bank_account_number"))
        .setAmountClaimed((BigDecimal) row.getField("amount_claimed"))
        .setEmployees((Integer) row.getField("employees"))
        .setPeriodStart((LocalDate) row.getField("period_start"))
        .setPeriodEnd((LocalDate) row.getField("period_end"))
        .setChannel(text(row, "channel"))
        .setDeviceId(text(row, "device_id"))
        .setIpAddress(text(row, "ip_address"))
        .build();
  }

  private static String text(Record row, String column) {
    Object value = row.getField(column);
    return value == null ? null : value.toString();
  }
}

package io.insightmesh.decisions.table;

import static org.assertj.core.api.Assertions.assertThat;

import io.insightmesh.contracts.claims.Claim;
import io.insightmesh.contracts.spec.ProductDescriptors;
import io.insightmesh.decisions.features.TestClaims;
import io.insightmesh.sdk.publish.ProductTables;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.apache.iceberg.AppendFiles;
import org.apache.iceberg.Table;
import org.apache.iceberg.data.GenericRecord;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.jdbc.JdbcCatalog;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ClaimsProductTest {
  @TempDir Path directory;

  @Test
  void readsBackTheWantedClaimsOfTheClaimsProductAsSubmitted() throws Exception {
    try (JdbcCatalog catalog = TestCatalogs.open(directory)) {
      assertThat(ClaimsProduct.read(catalog, id -> true, claim -> {})).isZero();
      Table table =
          ProductTables.createOrLoad(
              catalog, ProductDescriptors.builtIn(ClaimsProduct.PRODUCT_ID), "1.0.0");
      // Every optional field set on one claim, none on the other.
      Claim full = TestClaims.cjrs().setEmail("bob@example.org").build();
      Claim sparse =
          TestClaims.seiss()
              .setUtr(null)
              .setDeviceId(null)
              .setIpAddress(null)
              .setPeriodStart(null)
              .setPeriodEnd(null)
              .build();
      Claim unwanted =
          TestClaims.seiss().setClaimId("9a0b1c2d-3e4f-4a5b-8c6d-7e8f9a0b1c2d").build();
      AppendFiles append = table.newAppend();
      TableFiles.ofRows(
              table, List.of(row(table, full), row(table, sparse), row(table, unwanted)), "claims")
          .forEach(append::appendFile);
      append.commit();

      List<Claim> read = new ArrayList<>();
      Set<String> wanted = Set.of(full.getClaimId(), sparse.getClaimId());
      long count = ClaimsProduct.read(catalog, wanted::contains, read::add);

      assertThat(count).isEqualTo(2);
      assertThat(read).containsExactlyInAnyOrder(full, sparse);
    }
  }

  private static Record row(Table table, Claim claim) {
    Record row = GenericRecord.create(table.schema());
    row.setField("claim_id", claim.getClaimId());
    row.setField("scheme", claim.getScheme().name());
    row.setField("submitted_at", claim.getSubmittedAt().atOffset(ZoneOffset.UTC));
    row.setField("claimant_id", claim.getClaimantId());
    row.setField("nino", claim.getNino());
    row.setField("utr", claim.getUtr());
    row.setField("company_number", claim.getCompanyNumber());
    row.setField("name", claim.getName());
    row.setField("date_of_birth", claim.getDateOfBirth());
    row.setField("postcode", claim.getPostcode());
    row.setField("email", claim.getEmail());
    row.setField("bank_sort_code", claim.getBankSortCode());
    row.setField("bank_account_number", claim.getBankAccountNumber());
    row.setField("amount_claimed", claim.getAmountClaimed());
    row.setField("employees", claim.getEmployees());
    row.setField("period_start", claim.getPeriodStart());
    row.setField("period_end", claim.getPeriodEnd());
    row.setField("channel", claim.getChannel());
    row.setField("device_id", claim.getDeviceId());
    row.setField("ip_address", claim.getIpAddress());
    return row;
  }
}

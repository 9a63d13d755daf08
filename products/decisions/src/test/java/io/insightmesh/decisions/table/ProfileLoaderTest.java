package io.insightmesh.decisions.table;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.Map;
import java.util.OptionalInt;
import org.apache.iceberg.Table;
import org.apache.iceberg.jdbc.JdbcCatalog;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProfileLoaderTest {
  @TempDir Path directory;

  private JdbcCatalog catalog;
  private Table table;

  @BeforeEach
  void open() {
    catalog = TestCatalogs.open(directory);
    table = ProfileFixtures.createTable(catalog);
  }

  @AfterEach
  void close() throws Exception {
    catalog.close();
  }

  @Test
  void readsATaggedReleaseAndNotRowsAddedAfterIt() {
    ProfileFixtures.append(table, 0, 500, 200);
    long released = table.currentSnapshot().snapshotId();
    table.manageSnapshots().createTag("v1.0.0", released).commit();
    ProfileFixtures.append(table, 500, 100, 200);

    ProfileSnapshot snapshot = new ProfileLoader(catalog).load("v1.0.0");

    assertThat(snapshot.release()).isEqualTo("v1.0.0");
    assertThat(snapshot.snapshotId()).isEqualTo(released);
    assertThat(snapshot.size()).isEqualTo(500);
    assertThat(snapshot.find(ProfileFixtures.claimantId(499))).isPresent();
    assertThat(snapshot.find(ProfileFixtures.claimantId(500))).isEmpty();
  }

  @Test
  void mapsEveryFeatureColumnIncludingNulls() {
    ProfileFixtures.append(table, 0, 10, 10);
    table.manageSnapshots().createTag("v1.0.0", table.currentSnapshot().snapshotId()).commit();

    ProfileSnapshot snapshot = new ProfileLoader(catalog).load("1.0.0");
    Profile three = snapshot.find(ProfileFixtures.claimantId(3)).orElseThrow();
    Profile four = snapshot.find(ProfileFixtures.claimantId(4)).orElseThrow();

    assertThat(three.nino()).isEqualTo(ProfileFixtures.NINO);
    assertThat(three.claimsRelease()).isEqualTo(ProfileFixtures.CLAIMS_RELEASE);
    assertThat(three.priorDeclaredIncome()).isEmpty();
    assertThat(three.payeMonthlyPay()).contains(new BigDecimal("2100.00"));
    assertThat(three.totalClaimed()).isEqualByComparingTo("3.03");
    assertThat(three.claimsPerScheme())
        .isEqualTo(Map.of("SEISS", 0, "CJRS", 1, "SSP_REBATE", 0, "BBL", 2));
    assertThat(three.claims("BBL")).isEqualTo(2);
    assertThat(three.maxClaimToCapRatio()).isEqualTo(0.03);
    assertThat(three.sharedBankAccountClaimants()).isEqualTo(3);
    assertThat(three.sharedDeviceClaimants()).isEqualTo(3);
    assertThat(three.sharedIpClaimants()).isEqualTo(3);
    assertThat(three.accountAgeDays()).isEqualTo(OptionalInt.of(368));
    assertThat(three.companyIncorporatedOn()).isEmpty();
    assertThat(three.incorporatedAfterCutoff()).isFalse();
    assertThat(four.priorDeclaredIncome()).contains(new BigDecimal("31250.50"));
    assertThat(four.payeMonthlyPay()).isEmpty();
    assertThat(four.accountAgeDays()).isEmpty();
    assertThat(four.companyIncorporatedOn()).contains(LocalDate.of(2020, 3, 20));
    assertThat(four.incorporatedAfterCutoff()).isTrue();
    assertThat(snapshot.find(ProfileFixtures.claimantId(0)).orElseThrow().deceased()).isTrue();
    assertThat(four.deceased()).isFalse();
  }

  @Test
  void aClaimantInRowsThatDisagreeHasNoProfileWhicheverRowIsReadFirst() {
    // Claimants 5..9 appear in a second commit: 5..7 with another total claimed, 8..9 again the
    // same. Which row a load meets first depends on the order Iceberg planned the files in.
    ProfileFixtures.append(table, 0, 10, 4);
    ProfileFixtures.append(table, 5, 3, 3, 1);
    ProfileFixtures.append(table, 8, 2, 2);
    table.manageSnapshots().createTag("v1.0.0", table.currentSnapshot().snapshotId()).commit();

    ProfileSnapshot snapshot = new ProfileLoader(catalog).load("v1.0.0");

    assertThat(snapshot.size()).isEqualTo(7);
    for (int n : new int[] {0, 4, 8, 9}) {
      assertThat(snapshot.find(ProfileFixtures.claimantId(n))).as("claimant %d", n).isPresent();
    }
    for (int n = 5; n < 8; n++) {
      assertThat(snapshot.find(ProfileFixtures.claimantId(n))).as("claimant %d", n).isEmpty();
    }
  }

  @Test
  void theLatestReleaseIsTheNewestTagByVersion() {
    ProfileFixtures.append(table, 0, 10, 10);
    table.manageSnapshots().createTag("v1.2.0", table.currentSnapshot().snapshotId()).commit();
    ProfileFixtures.append(table, 10, 10, 10);
    table.manageSnapshots().createTag("v1.10.0", table.currentSnapshot().snapshotId()).commit();
    ProfileFixtures.append(table, 20, 10, 10);
    table.manageSnapshots().createTag("v1.10.0+2", table.currentSnapshot().snapshotId()).commit();
    ProfileFixtures.append(table, 30, 10, 10);
    table
        .manageSnapshots()
        .createTag("not-a-release", table.currentSnapshot().snapshotId())
        .commit();

    ProfileSnapshot latest = new ProfileLoader(catalog).loadLatest();

    assertThat(latest.release()).isEqualTo("v1.10.0+2");
    assertThat(latest.size()).isEqualTo(30);
  }

  @Test
  void refusesAMissingRelease() {
    ProfileFixtures.append(table, 0, 10, 10);
    ProfileLoader loader = new ProfileLoader(catalog);

    assertThatThrownBy(() -> loader.load("v9.9.9"))
        .isInstanceOf(ProfileReleaseNotFoundException.class)
        .hasMessage(
            "Cannot load profiles.claimant_profiles release v9.9.9:"
                + " profiles.claimant_profiles_v1 has no such tag");
    assertThatThrownBy(loader::loadLatest)
        .isInstanceOf(ProfileReleaseNotFoundException.class)
        .hasMessage(
            "Cannot load the latest profiles.claimant_profiles release:"
                + " profiles.claimant_profiles_v1 has no release tag v<major>.<minor>.<patch>");
  }
}

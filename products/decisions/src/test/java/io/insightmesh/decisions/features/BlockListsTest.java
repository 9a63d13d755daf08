package io.insightmesh.decisions.features;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.insightmesh.contracts.claims.Claim;
import java.util.Set;
import org.junit.jupiter.api.Test;

class BlockListsTest {
  private final BlockLists lists = new BlockLists();

  @Test
  void addsRemovesAndSnapshotsEachList() {
    assertThat(lists.add(BankAccount.of("20-00-00", "12345678"))).isTrue();
    assertThat(lists.add(BankAccount.of("200000", "12345678"))).isFalse();
    assertThat(lists.add(Nino.parse("ab 12 34 56 c"))).isTrue();
    assertThat(lists.add(DeviceId.parse("a1b2c3d4e5f60718"))).isTrue();

    BlockListSnapshot snapshot = lists.snapshot();
    assertThat(snapshot.bankAccounts()).containsExactly(new BankAccount("200000", "12345678"));
    assertThat(snapshot.ninos()).containsExactly(new Nino("AB123456C"));
    assertThat(snapshot.devices()).containsExactly(new DeviceId("a1b2c3d4e5f60718"));

    assertThat(lists.remove(new Nino("AB123456C"))).isTrue();
    assertThat(lists.remove(new Nino("AB123456C"))).isFalse();
    assertThat(lists.contains(new Nino("AB123456C"))).isFalse();
    // The snapshot taken before is unchanged.
    assertThat(snapshot.ninos()).hasSize(1);
    assertThat(BlockLists.of(snapshot).snapshot()).isEqualTo(snapshot);
  }

  @Test
  void looksClaimsUpByTheirRawFields() {
    Claim claim = TestClaims.seiss().setNino("AB123456C").build();
    assertThat(lists.bankAccountBlocked(claim)).isFalse();
    lists.add(new BankAccount(claim.getBankSortCode(), claim.getBankAccountNumber()));
    lists.add(new Nino("AB123456C"));
    lists.add(new DeviceId(claim.getDeviceId()));
    assertThat(lists.bankAccountBlocked(claim)).isTrue();
    assertThat(lists.ninoBlocked(claim)).isTrue();
    assertThat(lists.deviceBlocked(claim)).isTrue();

    Claim phone = TestClaims.seiss().setDeviceId(null).build();
    assertThat(lists.deviceBlocked(phone)).isFalse();
  }

  @Test
  void refusesMalformedEntriesWithoutEchoingThem() {
    assertThatThrownBy(() -> BankAccount.of("20-00-0", "12345678"))
        .isInstanceOf(InvalidBlockListEntryException.class)
        .hasMessage("Bank account: field sort_code must be 6 digits (^[0-9]{6}$)");
    assertThatThrownBy(() -> new BankAccount("200000", "1234567"))
        .isInstanceOf(InvalidBlockListEntryException.class)
        .hasMessage("Bank account: field account_number must be 8 digits (^[0-9]{8}$)");
    assertThatThrownBy(() -> Nino.parse("QQ123456C"))
        .isInstanceOf(InvalidBlockListEntryException.class)
        .hasMessage("NINO: value must match " + Nino.FORMAT)
        .message()
        .doesNotContain("QQ123456C");
    assertThatThrownBy(() -> DeviceId.parse("no spaces allowed"))
        .isInstanceOf(InvalidBlockListEntryException.class)
        .hasMessage("Device id: value must match " + DeviceId.FORMAT);
  }

  @Test
  void masksEntriesWhenPrinted() {
    assertThat(new BankAccount("200000", "12345678")).hasToString("BankAccount[******/****5678]");
    assertThat(new Nino("AB123456C")).hasToString("Nino[AB******C]");
    assertThat(new DeviceId("a1b2c3d4e5f60718")).hasToString("DeviceId[16 characters]");
    assertThat(Set.of(new Nino("AB123456C")).toString()).doesNotContain("123456");
  }
}

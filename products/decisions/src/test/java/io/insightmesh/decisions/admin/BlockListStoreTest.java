package io.insightmesh.decisions.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.insightmesh.decisions.features.BankAccount;
import io.insightmesh.decisions.features.InvalidBlockListEntryException;
import io.insightmesh.decisions.features.Nino;
import io.insightmesh.decisions.store.CorruptLinesException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BlockListStoreTest {
  private static final Instant AT = Instant.parse("2026-11-29T10:00:00Z");

  @TempDir Path directory;

  private static BlockListEntry entry(BlockList list, String value) {
    return new BlockListEntry(list, list.canonical(value), "mule account", "analyst", AT);
  }

  @Test
  void changesSurviveReopeningTheStoreAndReachTheLiveLists() {
    try (BlockListStore store = BlockListStore.open(directory)) {
      assertThat(store.add(entry(BlockList.BANK_ACCOUNTS, "11-22-33 12345678"))).isTrue();
      assertThat(store.add(entry(BlockList.BANK_ACCOUNTS, "112233/12345678"))).isFalse();
      assertThat(store.add(entry(BlockList.NINOS, "ab 12 34 56 c"))).isTrue();
      assertThat(store.add(entry(BlockList.NINOS, "AB123456D"))).isTrue();
      assertThat(store.add(entry(BlockList.DEVICES, "dev-9"))).isTrue();
      assertThat(store.remove(BlockList.NINOS, "AB123456D", "cleared", "admin", AT.plusSeconds(60)))
          .isTrue();
      assertThat(store.remove(BlockList.NINOS, "AB123456D", "cleared", "admin", AT.plusSeconds(61)))
          .isFalse();
      assertThat(store.lists().contains(new BankAccount("112233", "12345678"))).isTrue();
    }

    try (BlockListStore store = BlockListStore.open(directory)) {
      assertThat(store.entries(BlockList.BANK_ACCOUNTS, 0, 10))
          .containsExactly(
              new BlockListEntry(
                  BlockList.BANK_ACCOUNTS, "112233-12345678", "mule account", "analyst", AT));
      assertThat(store.entries(BlockList.NINOS, 0, 10))
          .extracting(BlockListEntry::value)
          .containsExactly("AB123456C");
      assertThat(store.count(BlockList.DEVICES)).isEqualTo(1);
      assertThat(store.lists().contains(new BankAccount("112233", "12345678"))).isTrue();
      assertThat(store.lists().contains(new Nino("AB123456C"))).isTrue();
      assertThat(store.lists().contains(new Nino("AB123456D"))).isFalse();
    }
  }

  @Test
  void aRemovalIsKeptWithItsReasonAndOneWrittenWithoutAReasonStillReplays() throws IOException {
    Path file = directory.resolve(BlockListStore.FILE_NAME);
    // A removal as the store wrote it before removals took a reason.
    Files.writeString(
        file,
        "{\"op\":\"add\",\"list\":\"ninos\",\"value\":\"AB123456C\",\"by\":\"analyst\","
            + "\"at\":\"2026-11-29T10:00:00Z\",\"reason\":\"mule account\"}\n"
            + "{\"op\":\"remove\",\"list\":\"ninos\",\"value\":\"AB123456C\",\"by\":\"admin\","
            + "\"at\":\"2026-11-29T10:01:00Z\"}\n");
    try (BlockListStore store = BlockListStore.open(directory)) {
      assertThat(store.count(BlockList.NINOS)).isZero();
      store.add(entry(BlockList.NINOS, "AB123456D"));
      store.remove(BlockList.NINOS, "AB123456D", "cleared, case 4711", "admin", AT.plusSeconds(60));
    }

    assertThat(Files.readAllLines(file))
        .last()
        .isEqualTo(
            "{\"op\":\"remove\",\"list\":\"ninos\",\"value\":\"AB123456D\",\"by\":\"admin\","
                + "\"at\":\"2026-11-29T10:01:00Z\",\"reason\":\"cleared, case 4711\"}");
    try (BlockListStore store = BlockListStore.open(directory)) {
      assertThat(store.count(BlockList.NINOS)).isZero();
      assertThat(store.lists().contains(new Nino("AB123456D"))).isFalse();
    }
  }

  @Test
  void everyChangeIsKeptNewestFirstWithWhoWhenAndWhyAcrossReopening() throws IOException {
    Path file = directory.resolve(BlockListStore.FILE_NAME);
    // A removal as the store wrote it before removals took a reason.
    Files.writeString(
        file,
        "{\"op\":\"add\",\"list\":\"ninos\",\"value\":\"AB123456C\",\"by\":\"analyst\","
            + "\"at\":\"2026-11-29T09:00:00Z\",\"reason\":\"mule account\"}\n"
            + "{\"op\":\"remove\",\"list\":\"ninos\",\"value\":\"AB123456C\",\"by\":\"admin\","
            + "\"at\":\"2026-11-29T09:01:00Z\"}\n");
    try (BlockListStore store = BlockListStore.open(directory)) {
      store.add(entry(BlockList.NINOS, "AB123456C"));
      store.add(entry(BlockList.DEVICES, "dev-1"));
      store.remove(BlockList.NINOS, "AB123456C", "identity confirmed", "admin", AT.plusSeconds(60));
    }

    try (BlockListStore store = BlockListStore.open(directory)) {
      assertThat(store.changeCount(BlockList.NINOS)).isEqualTo(4);
      assertThat(store.changes(BlockList.NINOS, 0, 10))
          .containsExactly(
              new BlockListChange(
                  BlockList.NINOS,
                  BlockListChange.Op.REMOVE,
                  "AB123456C",
                  "identity confirmed",
                  "admin",
                  AT.plusSeconds(60)),
              new BlockListChange(
                  BlockList.NINOS,
                  BlockListChange.Op.ADD,
                  "AB123456C",
                  "mule account",
                  "analyst",
                  AT),
              new BlockListChange(
                  BlockList.NINOS,
                  BlockListChange.Op.REMOVE,
                  "AB123456C",
                  null,
                  "admin",
                  Instant.parse("2026-11-29T09:01:00Z")),
              new BlockListChange(
                  BlockList.NINOS,
                  BlockListChange.Op.ADD,
                  "AB123456C",
                  "mule account",
                  "analyst",
                  Instant.parse("2026-11-29T09:00:00Z")));
      assertThat(store.changes(BlockList.NINOS, 1, 2))
          .extracting(BlockListChange::at)
          .containsExactly(AT, Instant.parse("2026-11-29T09:01:00Z"));
      assertThat(store.changes(BlockList.NINOS, 4, 10)).isEmpty();
      assertThat(store.changes(BlockList.DEVICES, 0, 10))
          .extracting(BlockListChange::op, BlockListChange::value)
          .containsExactly(org.assertj.core.groups.Tuple.tuple(BlockListChange.Op.ADD, "dev-1"));
      assertThat(store.changeCount(BlockList.BANK_ACCOUNTS)).isZero();
      // A change printed by accident names neither the value nor the reason.
      assertThat(store.changes(BlockList.NINOS, 0, 1).get(0).toString())
          .doesNotContain("AB123456C", "identity confirmed");
    }
  }

  @Test
  void aTornLastChangeIsDroppedOnReplayAndTheStoreStaysWritable() throws IOException {
    try (BlockListStore store = BlockListStore.open(directory)) {
      store.add(entry(BlockList.NINOS, "AB123456C"));
    }
    Path file = directory.resolve(BlockListStore.FILE_NAME);
    Files.writeString(
        file, "{\"op\":\"add\",\"list\":\"ninos\",\"value\":\"AB1", StandardOpenOption.APPEND);

    try (BlockListStore store = BlockListStore.open(directory)) {
      assertThat(store.entries(BlockList.NINOS, 0, 10))
          .extracting(BlockListEntry::value)
          .containsExactly("AB123456C");
      store.add(entry(BlockList.DEVICES, "dev-1"));
    }
    try (BlockListStore store = BlockListStore.open(directory)) {
      assertThat(store.count(BlockList.NINOS)).isEqualTo(1);
      assertThat(store.count(BlockList.DEVICES)).isEqualTo(1);
    }
  }

  @Test
  void aCorruptChangeIsRefusedByLineNumberWithoutQuotingIt() throws IOException {
    Files.writeString(
        directory.resolve(BlockListStore.FILE_NAME),
        "{\"op\":\"add\",\"list\":\"ninos\",\"value\":\"QQ123456Z\",\"reason\":\"r\",\"by\":\"a\","
            + "\"at\":\"2026-11-29T10:00:00Z\"}\n{}\n");

    assertThatThrownBy(() -> BlockListStore.open(directory))
        .isInstanceOf(CorruptLinesException.class)
        .hasMessageEndingWith(
            "line 1 is not a block list change: Block list ninos: field value must be a National"
                + " Insurance number matching "
                + Nino.FORMAT
                + " (case and spaces aside)")
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("QQ123456Z"));
  }

  @Test
  void valuesAreReadInTheirCommonFormsAndRefusedByTheListsFormatAlone() {
    assertThat(BlockList.BANK_ACCOUNTS.canonical(" 11-22-33 12345678 "))
        .isEqualTo("112233-12345678");
    assertThat(BlockList.BANK_ACCOUNTS.canonical("11223312345678")).isEqualTo("112233-12345678");
    assertThat(BlockList.NINOS.canonical("ab 12 34 56 c")).isEqualTo("AB123456C");
    assertThat(BlockList.DEVICES.canonical(" dev:1.a_b ")).isEqualTo("dev:1.a_b");
    assertThat(BlockList.named("bank-accounts")).isEqualTo(BlockList.BANK_ACCOUNTS);

    assertThatThrownBy(() -> BlockList.BANK_ACCOUNTS.canonical("11-22-33 1234567"))
        .isInstanceOf(InvalidBlockListEntryException.class)
        .hasMessage(
            "Block list bank-accounts: field value must be a 6-digit sort code and an 8-digit"
                + " account number, e.g. 11-22-33 12345678 (14 digits once spaces, dashes and"
                + " slashes are removed)");
    assertThatThrownBy(() -> BlockList.DEVICES.canonical("x".repeat(300)))
        .isInstanceOf(InvalidBlockListEntryException.class)
        .hasMessage(
            "Block list devices: field value must be a device id matching "
                + "^[A-Za-z0-9._:-]{1,128}$");
    assertThatThrownBy(() -> BlockList.named("postcodes"))
        .isInstanceOf(NoSuchBlockListException.class)
        .hasMessage(
            "There is no block list by that name; the lists are [bank-accounts, ninos, devices]");
  }
}

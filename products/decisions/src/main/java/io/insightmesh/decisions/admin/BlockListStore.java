package io.insightmesh.decisions.admin;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.insightmesh.decisions.features.BlockLists;
import io.insightmesh.decisions.store.CorruptLinesException;
import io.insightmesh.decisions.store.DurableFiles;
import io.insightmesh.decisions.store.JsonLinesFile;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The block lists, durable: every change is a line appended to {@code changes.jsonl} and fsync'd
 * before it is applied to the {@link BlockLists} the rules read, and the file is replayed at start.
 * Lines are {@code {"op":"add","list":"ninos","value":"AB123456C","reason":"...","by":"analyst",
 * "at":"2026-11-29T10:00:00Z"}} and {@code
 * {"op":"remove","list":...,"value":...,"reason":...,"by":...,"at":...}} (a removal written before
 * removals took a reason has none, and still replays). The file holds personal data and is created
 * owner-only. Every change is also kept in memory, for {@link #changes}: who unblocked a value and
 * why is what a case worker asks when a value once blocked is seen again, and lists change at the
 * pace of people, so the history stays small. Thread-safe; changes are serialised, so the file's
 * order is the order they were applied in.
 */
public final class BlockListStore implements AutoCloseable {
  /** The change file's name in the store's directory. */
  public static final String FILE_NAME = "changes.jsonl";

  private static final ObjectMapper JSON = new ObjectMapper();

  private final JsonLinesFile file;
  private final BlockLists lists = new BlockLists();
  private final Map<BlockList, TreeMap<String, BlockListEntry>> entries =
      new EnumMap<>(BlockList.class);
  private final Map<BlockList, List<BlockListChange>> history = new EnumMap<>(BlockList.class);

  private BlockListStore(JsonLinesFile file) {
    this.file = file;
    for (BlockList list : BlockList.values()) {
      entries.put(list, new TreeMap<>());
      history.put(list, new ArrayList<>());
    }
  }

  /**
   * Opens the store in a directory, creating it if needed, and replays its changes. A torn last
   * line (a change whose append a crash interrupted, so never acknowledged) is dropped.
   *
   * @throws CorruptLinesException if another line is not a change; the message names the line,
   *     never its content
   * @throws UncheckedIOException if the directory or file cannot be read or created
   */
  public static BlockListStore open(Path directory) {
    requireNonNull(directory, "directory is null");
    Path path = directory.resolve(FILE_NAME);
    try {
      DurableFiles.directory(directory);
      BlockListStore store = new BlockListStore(JsonLinesFile.open(path));
      try {
        JsonLinesFile.read(path, (number, line) -> store.replay(path, number, line));
      } catch (IOException | RuntimeException e) {
        store.file.close();
        throw e;
      }
      return store;
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot open the block list store " + path, e);
    }
  }

  /** The live lists the rules read; change them only through this store. */
  public BlockLists lists() {
    return lists;
  }

  /**
   * Blocks a value, durably, unless it is blocked already.
   *
   * @return whether it was added (false: it was on the list, nothing changed)
   * @throws BlockListStoreFailedException if the change cannot be made durable
   */
  public synchronized boolean add(BlockListEntry entry) {
    requireNonNull(entry, "entry is null");
    if (entries.get(entry.list()).containsKey(entry.value())) {
      return false;
    }
    ObjectNode line = line("add", entry.list(), entry.value(), entry.addedBy(), entry.addedAt());
    line.put("reason", entry.reason());
    append(line, entry.list());
    apply(entry);
    return true;
  }

  /**
   * Unblocks a canonical value, durably, if it is blocked.
   *
   * @param reason why, kept with the change as an addition's is
   * @return whether it was removed (false: it was not on the list, nothing changed)
   * @throws BlockListStoreFailedException if the change cannot be made durable
   */
  public synchronized boolean remove(
      BlockList list, String value, String reason, String principal, Instant at) {
    requireNonNull(list, "list is null");
    requireNonNull(value, "value is null");
    requireNonNull(reason, "reason is null");
    requireNonNull(principal, "principal is null");
    requireNonNull(at, "at is null");
    if (!entries.get(list).containsKey(value)) {
      return false;
    }
    ObjectNode line = line("remove", list, value, principal, at);
    line.put("reason", reason);
    append(line, list);
    unapply(new BlockListChange(list, BlockListChange.Op.REMOVE, value, reason, principal, at));
    return true;
  }

  /** How many changes the list has had. */
  public synchronized int changeCount(BlockList list) {
    return history.get(requireNonNull(list, "list is null")).size();
  }

  /**
   * A page of the list's changes, newest first.
   *
   * @param offset how many changes to skip, 0 or more
   * @param limit how many at most, 1 or more
   */
  public synchronized List<BlockListChange> changes(BlockList list, int offset, int limit) {
    requireNonNull(list, "list is null");
    checkPage(offset, limit);
    List<BlockListChange> all = history.get(list);
    List<BlockListChange> page = new ArrayList<>(Math.min(limit, 1024));
    for (int i = all.size() - 1 - offset; i >= 0 && page.size() < limit; i--) {
      page.add(all.get(i));
    }
    return List.copyOf(page);
  }

  /** How many values the list holds. */
  public synchronized int count(BlockList list) {
    return entries.get(requireNonNull(list, "list is null")).size();
  }

  /** Whether the list holds the canonical value. */
  public synchronized boolean contains(BlockList list, String value) {
    return entries.get(requireNonNull(list, "list is null")).containsKey(value);
  }

  /**
   * A page of the list's entries, ordered by value.
   *
   * @param offset how many entries to skip, 0 or more
   * @param limit how many at most, 1 or more
   */
  public synchronized List<BlockListEntry> entries(BlockList list, int offset, int limit) {
    requireNonNull(list, "list is null");
    checkPage(offset, limit);
    List<BlockListEntry> page = new ArrayList<>(Math.min(limit, 1024));
    int index = 0;
    for (BlockListEntry entry : entries.get(list).values()) {
      if (index++ < offset) {
        continue;
      }
      if (page.size() == limit) {
        break;
      }
      page.add(entry);
    }
    return List.copyOf(page);
  }

  @Override
  public void close() {
    try {
      file.close();
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot close the block list store " + file.file(), e);
    }
  }

  private static void checkPage(int offset, int limit) {
    if (offset < 0 || limit < 1) {
      throw new IllegalArgumentException(
          "offset " + offset + " must be 0 or more and limit " + limit + " 1 or more");
    }
  }

  private static ObjectNode line(
      String op, BlockList list, String value, String principal, Instant at) {
    ObjectNode line = JSON.createObjectNode();
    line.put("op", op);
    line.put("list", list.pathName());
    line.put("value", value);
    line.put("by", principal);
    line.put("at", at.toString());
    return line;
  }

  private void append(ObjectNode line, BlockList list) {
    try {
      file.append(JSON.writeValueAsString(line));
    } catch (IOException e) {
      throw new BlockListStoreFailedException(
          "A change to block list "
              + list.pathName()
              + " could not be made durable and was not applied; whether it reached the disk is"
              + " known after the engine restarts, and no further change is accepted until then",
          e);
    }
  }

  private void apply(BlockListEntry entry) {
    entries.get(entry.list()).put(entry.value(), entry);
    entry.list().add(lists, entry.value());
    history
        .get(entry.list())
        .add(
            new BlockListChange(
                entry.list(),
                BlockListChange.Op.ADD,
                entry.value(),
                entry.reason(),
                entry.addedBy(),
                entry.addedAt()));
  }

  private void unapply(BlockListChange removal) {
    entries.get(removal.list()).remove(removal.value());
    removal.list().remove(lists, removal.value());
    history.get(removal.list()).add(removal);
  }

  private void replay(Path path, long number, String text) {
    // Causes are dropped: a parser's message can quote the line, which holds personal data.
    String where = "Block list changes " + path + ": line " + number;
    JsonNode line;
    try {
      line = JSON.readTree(text);
    } catch (JsonProcessingException e) {
      throw new CorruptLinesException(where + " is not JSON");
    }
    try {
      String op = text(line, "op");
      BlockList list = BlockList.named(text(line, "list"));
      String value = list.canonical(text(line, "value"));
      String principal = text(line, "by");
      Instant at = Instant.parse(text(line, "at"));
      if (op.equals("add")) {
        apply(new BlockListEntry(list, value, text(line, "reason"), principal, at));
      } else if (op.equals("remove")) {
        JsonNode reason = line.get("reason");
        unapply(
            new BlockListChange(
                list,
                BlockListChange.Op.REMOVE,
                value,
                reason == null ? null : text(line, "reason"),
                principal,
                at));
      } else {
        throw new IllegalArgumentException("field op must be add or remove");
      }
    } catch (RuntimeException e) {
      throw new CorruptLinesException(where + " is not a block list change: " + e.getMessage());
    }
  }

  private static String text(JsonNode node, String field) {
    JsonNode value = node == null ? null : node.get(field);
    if (value == null || !value.isTextual()) {
      throw new IllegalArgumentException("field " + field + " must be text");
    }
    return value.asText();
  }
}

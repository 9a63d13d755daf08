package io.insightmesh.decisions.audit;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.insightmesh.decisions.store.CorruptLinesException;
import io.insightmesh.decisions.store.DurableFiles;
import io.insightmesh.decisions.store.JsonLinesFile;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The engine's audit trail of administrative acts (rule changes, block list changes): an
 * append-only JSON-lines file per UTC day, {@code audit-<yyyy-MM-dd>.jsonl}, each entry fsync'd
 * before {@link #record} returns. A torn last line (a crash while it was written, so never
 * acknowledged) is skipped on read and cut off before the next append. Thread-safe.
 */
public final class AuditLog implements AutoCloseable {
  /** The most entries {@link #recent} returns at once. */
  public static final int MAX_RECENT = 10_000;

  private static final Pattern FILE_NAME =
      Pattern.compile("audit-[0-9]{4}-[0-9]{2}-[0-9]{2}\\.jsonl");
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Path directory;
  private LocalDate day;
  private JsonLinesFile file;

  private AuditLog(Path directory) {
    this.directory = directory;
  }

  /**
   * Opens the audit log kept in a directory, creating the directory if needed.
   *
   * @throws UncheckedIOException if the directory cannot be created
   */
  public static AuditLog open(Path directory) {
    requireNonNull(directory, "directory is null");
    try {
      DurableFiles.directory(directory);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot create the audit directory " + directory, e);
    }
    return new AuditLog(directory);
  }

  /**
   * Appends an entry and makes it durable.
   *
   * @throws AuditLogFailedException if it cannot be written; whether it was is then unknown
   */
  public synchronized void record(AuditEntry entry) {
    requireNonNull(entry, "entry is null");
    LocalDate entryDay = LocalDate.ofInstant(entry.at(), ZoneOffset.UTC);
    Path path = directory.resolve(fileName(entryDay));
    try {
      if (file == null || !entryDay.equals(day)) {
        if (file != null) {
          file.close();
          file = null;
        }
        file = JsonLinesFile.open(path);
        day = entryDay;
      }
      file.append(JSON.writeValueAsString(toJson(entry)));
    } catch (IOException e) {
      throw new AuditLogFailedException("Cannot append to the audit log " + path, e);
    }
  }

  /**
   * The latest entries, newest first.
   *
   * @param limit how many at most, 1 to {@link #MAX_RECENT}
   * @throws IllegalArgumentException if the limit is out of range
   * @throws CorruptLinesException if a line other than a torn last one cannot be read
   * @throws AuditLogFailedException if a file cannot be read
   */
  public synchronized List<AuditEntry> recent(int limit) {
    if (limit < 1 || limit > MAX_RECENT) {
      throw new IllegalArgumentException("limit " + limit + " must be between 1 and " + MAX_RECENT);
    }
    List<AuditEntry> newestFirst = new ArrayList<>(Math.min(limit, 256));
    for (Path path : filesNewestFirst()) {
      List<AuditEntry> entries = new ArrayList<>();
      try {
        JsonLinesFile.read(path, (number, line) -> entries.add(parse(path, number, line)));
      } catch (IOException e) {
        throw new AuditLogFailedException("Cannot read the audit log " + path, e);
      }
      for (int i = entries.size() - 1; i >= 0 && newestFirst.size() < limit; i--) {
        newestFirst.add(entries.get(i));
      }
      if (newestFirst.size() == limit) {
        break;
      }
    }
    return List.copyOf(newestFirst);
  }

  @Override
  public synchronized void close() {
    if (file != null) {
      try {
        file.close();
      } catch (IOException e) {
        throw new UncheckedIOException("Cannot close the audit log " + file.file(), e);
      } finally {
        file = null;
      }
    }
  }

  static String fileName(LocalDate day) {
    return "audit-" + day + ".jsonl";
  }

  private List<Path> filesNewestFirst() {
    List<Path> files = new ArrayList<>();
    try (DirectoryStream<Path> listing = Files.newDirectoryStream(directory)) {
      for (Path path : listing) {
        if (FILE_NAME.matcher(path.getFileName().toString()).matches()) {
          files.add(path);
        }
      }
    } catch (IOException e) {
      throw new AuditLogFailedException("Cannot list the audit log " + directory, e);
    }
    // yyyy-MM-dd names sort by date.
    files.sort(Comparator.comparing((Path path) -> path.getFileName().toString()).reversed());
    return files;
  }

  private static ObjectNode toJson(AuditEntry entry) {
    ObjectNode node = JSON.createObjectNode();
    node.put("at", entry.at().toString());
    node.put("principal", entry.principal());
    node.put("action", entry.action());
    node.put("target", entry.target());
    node.put("detail", entry.detail());
    return node;
  }

  private static AuditEntry parse(Path path, long number, String line) {
    try {
      JsonNode node = JSON.readTree(line);
      return new AuditEntry(
          Instant.parse(text(node, "at")),
          text(node, "principal"),
          text(node, "action"),
          text(node, "target"),
          text(node, "detail"));
    } catch (JsonProcessingException | DateTimeParseException | IllegalArgumentException e) {
      throw new CorruptLinesException(
          "Audit log " + path + ": line " + number + " is not an audit entry", e);
    }
  }

  private static String text(JsonNode node, String field) {
    JsonNode value = node == null ? null : node.get(field);
    if (value == null || !value.isTextual()) {
      throw new IllegalArgumentException("field " + field + " is missing");
    }
    return value.asText();
  }
}

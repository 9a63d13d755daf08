package io.insightmesh.catalog.lineage;

import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Base64;

/**
 * Opaque page tokens for lineage listings. A token holds the sort key of the last item served
 * (keyset paging, so pages do not shift as events arrive) and names its listing, so a token from
 * one listing is refused by another.
 */
final class LineagePageTokens {
  private static final String EVENTS = "lineage-events";
  private static final String RUNS = "lineage-runs";
  private static final char SEPARATOR = '\n';
  private static final int MAX_TOKEN = 512;

  private LineagePageTokens() {}

  static String afterEvent(LineageStore.Event last) {
    return encode(EVENTS + SEPARATOR + last.eventTime() + SEPARATOR + last.id());
  }

  /**
   * Where the next page of events starts.
   *
   * @throws IllegalArgumentException if the token was not issued by the event listing
   */
  static LineageStore.EventCursor eventCursor(String token) {
    String[] parts = decode(token);
    if (parts.length != 3 || !parts[0].equals(EVENTS)) {
      throw invalid();
    }
    try {
      return new LineageStore.EventCursor(OffsetDateTime.parse(parts[1]), Long.parseLong(parts[2]));
    } catch (DateTimeParseException | NumberFormatException e) {
      throw invalid();
    }
  }

  static String afterRun(String jobNodeId, long sequence) {
    return encode(RUNS + SEPARATOR + JdbcLineageStore.hash(jobNodeId) + SEPARATOR + sequence);
  }

  /**
   * The run sequence below which the next page of the job's runs starts.
   *
   * @throws IllegalArgumentException if the token was not issued by that job's run listing
   */
  static long runBefore(String jobNodeId, String token) {
    String[] parts = decode(token);
    if (parts.length != 3
        || !parts[0].equals(RUNS)
        || !parts[1].equals(JdbcLineageStore.hash(jobNodeId))) {
      throw invalid();
    }
    try {
      return Long.parseLong(parts[2]);
    } catch (NumberFormatException e) {
      throw invalid();
    }
  }

  private static String encode(String text) {
    return Base64.getUrlEncoder()
        .withoutPadding()
        .encodeToString(text.getBytes(StandardCharsets.UTF_8));
  }

  private static String[] decode(String token) {
    if (token.length() > MAX_TOKEN) {
      throw invalid();
    }
    try {
      return new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8)
          .split(String.valueOf(SEPARATOR), -1);
    } catch (IllegalArgumentException e) {
      throw invalid();
    }
  }

  private static IllegalArgumentException invalid() {
    return new IllegalArgumentException(
        "Invalid pageToken: not a token of this listing; pass the previous page's nextPageToken"
            + " unchanged");
  }
}

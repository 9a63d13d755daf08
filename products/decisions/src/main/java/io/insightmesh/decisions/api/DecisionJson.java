package io.insightmesh.decisions.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.insightmesh.contracts.risk.Decision;
import io.insightmesh.contracts.risk.Reason;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.List;

/**
 * A decision's answer, {@link DecisionView} as Jackson writes it, byte for byte, written straight
 * from the decision: the view and Jackson's serializers were a tenth of the request path's own
 * work. Any text that is not printable ASCII, or a score that is not finite, goes to Jackson
 * instead, so the rare answer whose escaping or encoding would need Jackson's rules gets exactly
 * them.
 */
final class DecisionJson {
  private final ObjectMapper json;

  DecisionJson(ObjectMapper json) {
    this.json = json;
  }

  /** The answer's bytes: {@code json.writeValueAsBytes(DecisionView.of(decision))}. */
  byte[] write(Decision decision) {
    byte[] direct = direct(decision);
    if (direct != null) {
      return direct;
    }
    try {
      return json.writeValueAsBytes(DecisionView.of(decision));
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException("Cannot write the decision on " + decision.getClaimId(), e);
    }
  }

  /** The answer, or null if a value needs Jackson's own handling. */
  static byte[] direct(Decision decision) {
    double score = decision.getRiskScore();
    if (!Double.isFinite(score)) {
      return null;
    }
    Out out = new Out();
    out.ascii("{\"claim_id\":");
    if (decision.getClaimId() == null || !out.string(decision.getClaimId())) {
      return null;
    }
    out.ascii(",\"decision\":");
    if (decision.getDecision() == null || !out.string(decision.getDecision().name())) {
      return null;
    }
    out.ascii(",\"risk_score\":");
    out.ascii(Double.toString(score));
    out.ascii(",\"reasons\":");
    List<Reason> reasons = decision.getReasons();
    if (reasons == null) {
      return null;
    }
    out.ascii("[");
    for (int i = 0; i < reasons.size(); i++) {
      Reason reason = reasons.get(i);
      out.ascii(i == 0 ? "{\"rule_id\":" : ",{\"rule_id\":");
      if (!out.nullable(reason.getRuleId())) {
        return null;
      }
      out.ascii(",\"code\":");
      if (!out.nullable(reason.getCode())) {
        return null;
      }
      out.ascii(",\"text\":");
      if (!out.nullable(reason.getText())) {
        return null;
      }
      out.ascii("}");
    }
    out.ascii("]");
    // As DecisionView: other null fields are left out, the profile's are written as null.
    if (decision.getRulesetVersion() != null) {
      out.ascii(",\"ruleset_version\":");
      if (!out.string(decision.getRulesetVersion())) {
        return null;
      }
    }
    out.ascii(",\"profile_release\":");
    if (decision.getProfileRelease() == null) {
      out.ascii("null");
    } else if (!out.string(decision.getProfileRelease())) {
      return null;
    }
    out.ascii(",\"profile_snapshot_id\":");
    out.ascii(
        decision.getProfileSnapshotId() == null
            ? "null"
            : Long.toString(decision.getProfileSnapshotId()));
    if (decision.getDecidedAt() == null) {
      return null;
    }
    out.ascii(",\"decided_at\":");
    out.instant(decision.getDecidedAt());
    out.ascii("}");
    return out.bytes();
  }

  /** A growing byte buffer of ASCII. */
  private static final class Out {
    private byte[] bytes = new byte[512];
    private int size;

    void ascii(String text) {
      int length = text.length();
      ensure(length);
      for (int i = 0; i < length; i++) {
        bytes[size++] = (byte) text.charAt(i);
      }
    }

    /** A reason's field: written as a string, or {@code null} as ReasonView writes it. */
    boolean nullable(String text) {
      if (text == null) {
        ascii("null");
        return true;
      }
      return string(text);
    }

    /**
     * A JSON string of printable ASCII, with {@code "} and {@code \} escaped as Jackson escapes
     * them; false (nothing sensible written) for any other character.
     */
    boolean string(String text) {
      int length = text.length();
      ensure(2 * length + 2);
      bytes[size++] = '"';
      for (int i = 0; i < length; i++) {
        char c = text.charAt(i);
        if (c < 0x20 || c > 0x7e) {
          return false;
        }
        if (c == '"' || c == '\\') {
          bytes[size++] = '\\';
        }
        bytes[size++] = (byte) c;
      }
      bytes[size++] = '"';
      return true;
    }

    /** {@code "instant.toString()"}, written directly for the years 0 to 9999. */
    void instant(Instant instant) {
      long epochSecond = instant.getEpochSecond();
      LocalDate date = LocalDate.ofEpochDay(Math.floorDiv(epochSecond, 86_400L));
      int year = date.getYear();
      if (year < 0 || year > 9999) {
        string(instant.toString());
        return;
      }
      int secondOfDay = (int) Math.floorMod(epochSecond, 86_400L);
      ensure(32);
      bytes[size++] = '"';
      digits(year, 4);
      bytes[size++] = '-';
      digits(date.getMonthValue(), 2);
      bytes[size++] = '-';
      digits(date.getDayOfMonth(), 2);
      bytes[size++] = 'T';
      digits(secondOfDay / 3600, 2);
      bytes[size++] = ':';
      digits(secondOfDay / 60 % 60, 2);
      bytes[size++] = ':';
      digits(secondOfDay % 60, 2);
      // As ISO_INSTANT: the fraction in groups of three digits, as many as it needs.
      int nano = instant.getNano();
      if (nano != 0) {
        bytes[size++] = '.';
        if (nano % 1_000_000 == 0) {
          digits(nano / 1_000_000, 3);
        } else if (nano % 1_000 == 0) {
          digits(nano / 1_000, 6);
        } else {
          digits(nano, 9);
        }
      }
      bytes[size++] = 'Z';
      bytes[size++] = '"';
    }

    private void digits(int value, int width) {
      for (int i = size + width - 1; i >= size; i--) {
        bytes[i] = (byte) ('0' + value % 10);
        value /= 10;
      }
      size += width;
    }

    private void ensure(int more) {
      if (size + more > bytes.length) {
        bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, size + more));
      }
    }

    byte[] bytes() {
      return Arrays.copyOf(bytes, size);
    }
  }
}

package io.insightmesh.products.claims.replay;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/** What the engine answered to a replay so far, counted from many threads. */
final class ReplayCounts {
  private final LongAdder sent = new LongAdder();
  private final Map<String, LongAdder> decisions = new ConcurrentHashMap<>();
  private final LongAdder refused = new LongAdder();
  private final LongAdder retried = new LongAdder();

  void sent() {
    sent.increment();
  }

  void decided(String decision) {
    decisions.computeIfAbsent(decision, key -> new LongAdder()).increment();
  }

  void refused() {
    refused.increment();
  }

  void retried() {
    retried.increment();
  }

  long decided() {
    return decisions.values().stream().mapToLong(LongAdder::sum).sum();
  }

  /**
   * One line: claims sent by this run, decisions by kind, bad records refused, and how often a
   * claim had to be sent again.
   */
  String summary() {
    StringBuilder line = new StringBuilder().append(sent.sum()).append(" sent");
    new TreeMap<>(decisions)
        .forEach(
            (decision, count) ->
                line.append(", ").append(decision).append(' ').append(count.sum()));
    line.append(", refused as invalid ").append(refused.sum());
    if (retried.sum() > 0) {
      line.append(", sent again ").append(retried.sum());
    }
    return line.toString();
  }

  /** The counts as fields of {@code status}. */
  void into(ObjectNode status) {
    status.put("sent", sent.sum());
    status.put("decided", decided());
    ObjectNode byKind = status.putObject("decisions");
    new TreeMap<>(decisions).forEach((decision, count) -> byKind.put(decision, count.sum()));
    status.put("refused", refused.sum());
    status.put("sent-again", retried.sum());
  }
}

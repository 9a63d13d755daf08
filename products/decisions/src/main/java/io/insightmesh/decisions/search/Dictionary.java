package io.insightmesh.decisions.search;

import io.insightmesh.decisions.compact.ClaimRecords;
import java.util.function.IntConsumer;

/**
 * Distinct values of one key (bank accounts, postcodes, ...) numbered densely, each with the
 * ascending ids of the claims that carry it.
 *
 * <p><b>Why no objects.</b> Most values are carried by one claim, and the index keeps them for as
 * long as the engine runs: as a {@code String}, a {@code HashMap} node, a boxed id and a postings
 * list each, every decided claim added some twenty objects that young collections copied until they
 * were tenured. Here a value costs none: it is a key of a {@link ClaimRecords} (UTF-8 bytes in
 * chunks off the heap, a primitive open-addressing table from the value's seeded hash to its id),
 * and its postings are a list in {@link Postings}.
 *
 * <p>Not thread-safe: callers serialise writes against reads.
 */
final class Dictionary {
  static final int ABSENT = -1;

  /** The values, by id: keys without payloads. */
  private final ClaimRecords values = new ClaimRecords();

  private final Postings postings = new Postings();

  /**
   * Adds {@code claim} to the postings of {@code value}; returns the value's id.
   *
   * @throws IllegalArgumentException if the value's UTF-8 bytes exceed a chunk
   */
  int add(String value, int claim) {
    int added = values.addKey(value);
    if (added < 0) {
      int id = -1 - added;
      postings.add(id, claim);
      return id;
    }
    // Both number in the order added, so a new value's id is its new postings list's.
    int list = postings.newList(claim);
    assert list == added;
    return added;
  }

  int id(String value) {
    int id = values.id(value);
    return id < 0 ? ABSENT : id;
  }

  String value(int id) {
    return values.key(id);
  }

  /** The number of claims carrying value {@code id}. */
  int count(int id) {
    return postings.size(id);
  }

  /** Passes the claims of value {@code id} at positions {@code from} to {@code to}, in order. */
  void forEachClaim(int id, int from, int to, IntConsumer action) {
    postings.forEach(id, from, to, action);
  }

  int size() {
    return postings.lists();
  }
}

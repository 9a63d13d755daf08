package io.insightmesh.decisions.search;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Distinct values of one key (bank accounts, postcodes, ...) numbered densely, each with the
 * ascending ids of the claims that carry it. Each distinct value is held once. Not thread-safe.
 */
final class Dictionary {
  static final int ABSENT = -1;

  private final Map<String, Integer> ids = new HashMap<>();
  private final List<String> values = new ArrayList<>();
  private final List<IntList> postings = new ArrayList<>();

  /** Adds {@code claim} to the postings of {@code value}; returns the value's id. */
  int add(String value, int claim) {
    Integer id = ids.get(value);
    if (id == null) {
      id = values.size();
      ids.put(value, id);
      values.add(value);
      postings.add(new IntList(1));
    }
    postings.get(id).add(claim);
    return id;
  }

  int id(String value) {
    Integer id = ids.get(value);
    return id == null ? ABSENT : id;
  }

  String value(int id) {
    return values.get(id);
  }

  IntList postings(int id) {
    return postings.get(id);
  }

  int size() {
    return values.size();
  }
}

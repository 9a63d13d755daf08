package io.insightmesh.catalog.iceberg;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.function.Function;

/**
 * Pages of the Iceberg listings (namespaces, tables, views), in name order, by keyset: a token
 * holds the last name served and which listing served it, and the next page starts right after that
 * name. Iceberg's own paging counts an offset into a list the store returns in no fixed order
 * (namespaces with tables first), so a namespace or table created between two pages shifted the
 * rest: one was skipped, another listed twice.
 *
 * @param items the page's items, in name order
 * @param nextPageToken where the next page starts; null on the last page
 */
record ListingPages<T>(List<T> items, String nextPageToken) {
  private static final char SEPARATOR = '\n';
  private static final int MAX_TOKEN = 2048;

  /**
   * The page of {@code all} after {@code pageToken}, of at most {@code size} items. Without a size
   * every item after the token is one page, as a client that sends no size asks for.
   *
   * @param listing what is listed and where (e.g. {@code "tables claims"}); a token of another
   *     listing is refused
   * @throws IllegalArgumentException naming {@code pageToken} if it is not one of this listing's
   */
  static <T> ListingPages<T> of(
      List<T> all, Function<T, String> name, String listing, String pageToken, Integer size) {
    List<T> sorted = new ArrayList<>(all);
    sorted.sort(Comparator.comparing(name));
    int start = 0;
    if (pageToken != null && !pageToken.isEmpty()) {
      String after = nameAfter(listing, pageToken);
      while (start < sorted.size() && name.apply(sorted.get(start)).compareTo(after) <= 0) {
        start++;
      }
    }
    int end = size == null ? sorted.size() : Math.min(sorted.size(), start + size);
    // Not List.copyOf: Iceberg's response builders ask the list whether it holds null.
    List<T> items = Collections.unmodifiableList(new ArrayList<>(sorted.subList(start, end)));
    String next =
        end < sorted.size() && !items.isEmpty()
            ? encode(listing + SEPARATOR + name.apply(items.get(items.size() - 1)))
            : null;
    return new ListingPages<>(items, next);
  }

  private static String nameAfter(String listing, String token) {
    if (token.length() > MAX_TOKEN) {
      throw invalid();
    }
    String text;
    try {
      text = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      throw invalid();
    }
    int separator = text.indexOf(SEPARATOR);
    if (separator < 0 || !text.substring(0, separator).equals(listing)) {
      throw invalid();
    }
    return text.substring(separator + 1);
  }

  private static String encode(String text) {
    return Base64.getUrlEncoder()
        .withoutPadding()
        .encodeToString(text.getBytes(StandardCharsets.UTF_8));
  }

  private static IllegalArgumentException invalid() {
    return new IllegalArgumentException(
        "Invalid pageToken: not a token of this listing; pass the previous page's"
            + " next-page-token unchanged");
  }
}

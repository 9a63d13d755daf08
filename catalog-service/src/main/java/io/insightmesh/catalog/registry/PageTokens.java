package io.insightmesh.catalog.registry;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * Opaque page tokens. A token holds the sort key of the last item served, so a page starts right
 * after it whatever was added or removed in between (keyset paging), and names the listing it
 * belongs to, so a token from one listing is refused by another.
 */
final class PageTokens {
  private static final String PRODUCTS = "products";
  private static final String RELEASES = "releases";
  private static final char SEPARATOR = '\n';
  private static final int MAX_TOKEN = 512;

  private PageTokens() {}

  static String afterProduct(ProductId last) {
    return encode(PRODUCTS + SEPARATOR + last);
  }

  /**
   * The product after which the next page starts.
   *
   * @throws IllegalArgumentException if the token was not issued by a product listing
   */
  static ProductId productAfter(String token) {
    String[] parts = decode(token);
    if (parts.length != 2 || !parts[0].equals(PRODUCTS)) {
      throw invalid(token);
    }
    try {
      return ProductId.parse(parts[1]);
    } catch (IllegalArgumentException e) {
      throw invalid(token);
    }
  }

  static String beforeRelease(ProductId product, long sequence) {
    return encode(RELEASES + SEPARATOR + product + SEPARATOR + sequence);
  }

  /**
   * The sequence number below which the next page of {@code product}'s releases starts.
   *
   * @throws IllegalArgumentException if the token was not issued by that product's release listing
   */
  static long releaseBefore(ProductId product, String token) {
    String[] parts = decode(token);
    if (parts.length != 3 || !parts[0].equals(RELEASES) || !parts[1].equals(product.toString())) {
      throw invalid(token);
    }
    try {
      return Long.parseLong(parts[2]);
    } catch (NumberFormatException e) {
      throw invalid(token);
    }
  }

  private static String encode(String text) {
    return Base64.getUrlEncoder()
        .withoutPadding()
        .encodeToString(text.getBytes(StandardCharsets.UTF_8));
  }

  private static String[] decode(String token) {
    if (token.length() > MAX_TOKEN) {
      throw invalid(token);
    }
    try {
      return new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8)
          .split(String.valueOf(SEPARATOR), -1);
    } catch (IllegalArgumentException e) {
      throw invalid(token);
    }
  }

  private static IllegalArgumentException invalid(String token) {
    return new IllegalArgumentException(
        "Invalid pageToken '"
            + Texts.printable(token)
            + "': not a token of this listing; pass the previous page's nextPageToken unchanged");
  }
}

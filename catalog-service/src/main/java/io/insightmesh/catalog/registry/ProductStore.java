package io.insightmesh.catalog.registry;

import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.UnaryOperator;

/** Where registered products and their releases are kept. */
public interface ProductStore {

  /** A release and its place in the product's release history (higher is newer). */
  record ReleaseEntry(long sequence, Release release) {}

  /**
   * Stores a new product.
   *
   * @throws ProductAlreadyExistsException if a product with its id is already stored
   */
  void insert(Product product);

  /** The product, if it is registered. */
  Optional<Product> find(ProductId id);

  /**
   * Applies {@code change} to the stored product atomically: no other change of the product
   * interleaves between reading it and storing what {@code change} returns. Returns what {@code
   * change} returned; when it returns its argument, nothing is written. Exceptions thrown by {@code
   * change} leave the product as it was.
   *
   * @throws NoSuchProductException if the product is not registered
   */
  Product update(ProductId id, UnaryOperator<Product> change);

  /** Products matching {@code query} in id order, starting after {@code after}, at most limit. */
  List<Product> list(ProductQuery query, Optional<ProductId> after, int limit);

  /**
   * Records a release unless its version is already recorded for the product.
   *
   * @return empty if recorded now, else the release recorded earlier under the same version
   */
  Optional<Release> insertRelease(Release release);

  /** The release of {@code product} recorded under {@code version}, if any. */
  Optional<Release> findRelease(ProductId product, ReleaseVersion version);

  /** The product's releases newest first, starting below {@code before}, at most limit. */
  List<ReleaseEntry> releases(ProductId product, OptionalLong before, int limit);
}

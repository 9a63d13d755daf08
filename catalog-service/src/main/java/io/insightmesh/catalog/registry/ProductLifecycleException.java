package io.insightmesh.catalog.registry;

/**
 * The request does not fit where the product is in its lifecycle (HTTP 409): retiring a product
 * that was not deprecated first, deprecating it twice with different reasons, or changing a retired
 * product.
 */
public class ProductLifecycleException extends RuntimeException {
  public ProductLifecycleException(String message) {
    super(message);
  }
}

package io.insightmesh.catalog.registry;

/**
 * A registration names a product that is already registered (HTTP 409); updates go through {@code
 * PUT /api/v1/products/{id}}.
 */
public class ProductAlreadyExistsException extends RuntimeException {
  public ProductAlreadyExistsException(String message, Throwable cause) {
    super(message, cause);
  }
}

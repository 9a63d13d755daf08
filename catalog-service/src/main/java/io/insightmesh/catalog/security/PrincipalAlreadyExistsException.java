package io.insightmesh.catalog.security;

/**
 * A creation names a principal that exists already (HTTP 409), often a retry whose first answer,
 * the only copy of the secret, was lost: rotating the secret issues a new one.
 */
public class PrincipalAlreadyExistsException extends RuntimeException {
  public PrincipalAlreadyExistsException(String name) {
    super(
        "Cannot create principal "
            + name
            + ": it already exists and keeps its roles and secret; POST /api/v1/admin/principals/"
            + name
            + "/secret issues a new client secret");
  }
}

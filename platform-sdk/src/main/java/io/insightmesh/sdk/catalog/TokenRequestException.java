package io.insightmesh.sdk.catalog;

import io.insightmesh.sdk.MeshException;

/** The token endpoint refused a request or answered something that is not a token. */
public class TokenRequestException extends MeshException {
  public TokenRequestException(String message) {
    super(message);
  }

  public TokenRequestException(String message, Throwable cause) {
    super(message, cause);
  }
}

package io.insightmesh.catalog.security;

/** A request names a principal the catalog does not know (HTTP 404). */
public class NoSuchPrincipalException extends RuntimeException {
  public NoSuchPrincipalException(String name) {
    super("No such principal: " + name);
  }
}

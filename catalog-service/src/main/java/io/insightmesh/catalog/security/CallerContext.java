package io.insightmesh.catalog.security;

import jakarta.enterprise.context.RequestScoped;
import java.util.UUID;

/** Who is calling and under which request id; filled by {@link BearerAuthenticationFilter}. */
@RequestScoped
public class CallerContext {
  private Caller caller;
  private String requestId = UUID.randomUUID().toString();

  /**
   * The authenticated caller.
   *
   * @throws NotAuthenticatedException if the request was not authenticated
   */
  public Caller caller() {
    if (caller == null) {
      throw new NotAuthenticatedException("Authentication required: send a bearer token");
    }
    return caller;
  }

  public String requestId() {
    return requestId;
  }

  void authenticated(Caller caller) {
    this.caller = caller;
  }

  void requestId(String requestId) {
    this.requestId = requestId;
  }
}

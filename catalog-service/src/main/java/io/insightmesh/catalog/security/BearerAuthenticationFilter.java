package io.insightmesh.catalog.security;

import io.quarkus.arc.ClientProxy;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.vertx.core.Context;
import jakarta.annotation.Priority;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ContainerResponseFilter;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.ext.Provider;
import java.util.Optional;
import java.util.regex.Pattern;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * Every API call needs a bearer token issued by {@link TokenIssuer}. Only the token endpoint, the
 * public key set, and health, metrics and the OpenAPI document are open. The Trino policy API
 * authenticates its caller itself: Trino's OPA plugin cannot send a header, so the engine's
 * credential travels in the URI ({@code io.insightmesh.catalog.policy.PolicyCredentials}).
 *
 * <p>An endpoint that answers from memory runs on the event loop, and so does this filter before
 * it: a token verified recently is answered there, any other is verified on a worker thread, since
 * verifying may read the principal store or ask an external issuer.
 */
@Provider
@Priority(Priorities.AUTHENTICATION)
public class BearerAuthenticationFilter implements ContainerResponseFilter {
  static final String REQUEST_ID_HEADER = "X-Request-Id";
  private static final String POLICY_PATH = "/api/v1/policy/trino/";
  private static final Pattern SAFE_REQUEST_ID = Pattern.compile("[A-Za-z0-9._:-]{1,64}");

  private final TokenIssuer tokens;
  private final CallerContext context;

  public BearerAuthenticationFilter(TokenIssuer tokens, CallerContext context) {
    this.tokens = tokens;
    this.context = context;
  }

  @ServerRequestFilter(priority = Priorities.AUTHENTICATION)
  public Uni<Void> authenticate(ContainerRequestContext request) {
    String requestId = request.getHeaderString(REQUEST_ID_HEADER);
    if (requestId != null && SAFE_REQUEST_ID.matcher(requestId).matches()) {
      context.requestId(requestId);
    }
    String path = request.getUriInfo().getPath();
    if (isPublic(path)) {
      return Uni.createFrom().voidItem();
    }
    String header = request.getHeaderString(HttpHeaders.AUTHORIZATION);
    if (header == null || header.isBlank()) {
      throw new NotAuthenticatedException("Authentication required: send a bearer token");
    }
    if (!header.regionMatches(true, 0, "Bearer ", 0, 7)) {
      throw new NotAuthenticatedException(
          "Authentication required: the Authorization header must be 'Bearer <token>'");
    }
    String token = header.substring(7).strip();
    Optional<Caller> known = tokens.verifiedRecently(token);
    if (known.isPresent() || !Context.isOnEventLoopThread()) {
      context.authenticated(known.orElseGet(() -> tokens.verify(token)));
      return Uni.createFrom().voidItem();
    }
    // The request's own bean: the worker thread has no request context to resolve the proxy in.
    CallerContext target = ClientProxy.unwrap(context);
    return Uni.createFrom()
        .item(() -> tokens.verify(token))
        .runSubscriptionOn(Infrastructure.getDefaultWorkerPool())
        .invoke(target::authenticated)
        .replaceWithVoid();
  }

  @Override
  public void filter(ContainerRequestContext request, ContainerResponseContext response) {
    response.getHeaders().putSingle(REQUEST_ID_HEADER, context.requestId());
  }

  static boolean isPublic(String path) {
    return path.equals("/oauth/token")
        || path.equals("/oauth/jwks")
        || path.startsWith("/q/")
        || path.startsWith(POLICY_PATH)
        || path.equals("/q");
  }
}

package io.insightmesh.catalog.security;

import io.vertx.core.http.HttpServerRequest;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The embedded OAuth2 issuer (RFC 6749 client credentials, RFC 8693 token exchange for refresh).
 * Iceberg clients point {@code oauth2-server-uri} here.
 */
@Path("/oauth")
public class TokenResource {
  private static final String CLIENT_CREDENTIALS = "client_credentials";
  private static final String TOKEN_EXCHANGE = "urn:ietf:params:oauth:grant-type:token-exchange";
  private static final String ACCESS_TOKEN_TYPE = "urn:ietf:params:oauth:token-type:access_token";

  private final TokenIssuer tokens;
  private final PrincipalStore principals;
  private final AuditLog audit;
  private final CallerContext context;
  private final SignInThrottle throttle;

  public TokenResource(
      TokenIssuer tokens,
      PrincipalStore principals,
      AuditLog audit,
      CallerContext context,
      SignInThrottle throttle) {
    this.tokens = tokens;
    this.principals = principals;
    this.audit = audit;
    this.context = context;
    this.throttle = throttle;
  }

  @POST
  @Path("/token")
  @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
  @Produces(MediaType.APPLICATION_JSON)
  public Response token(
      MultivaluedMap<String, String> form,
      @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
      @Context HttpServerRequest request) {
    String grantType = form.getFirst("grant_type");
    if (grantType == null) {
      return error(400, "invalid_request", "grant_type is required").build();
    }
    return switch (grantType) {
      case CLIENT_CREDENTIALS ->
          clientCredentials(form, authorization, SignInThrottle.address(request));
      case TOKEN_EXCHANGE -> exchange(form);
      default ->
          error(
                  400,
                  "unsupported_grant_type",
                  "grant_type must be client_credentials or token-exchange")
              .build();
    };
  }

  @GET
  @Path("/jwks")
  @Produces(MediaType.APPLICATION_JSON)
  public String jwks() {
    return tokens.jwks();
  }

  private Response clientCredentials(
      MultivaluedMap<String, String> form, String authorization, String address) {
    String clientId = form.getFirst("client_id");
    String secret = form.getFirst("client_secret");
    Optional<String[]> basic = basicCredentials(authorization);
    if (basic.isPresent()) {
      clientId = basic.get()[0];
      secret = basic.get()[1];
    }
    if (clientId == null || secret == null) {
      return error(400, "invalid_request", "client_id and client_secret are required").build();
    }
    Optional<Duration> wait = throttle.attempt(address, clientId);
    if (wait.isPresent()) {
      // Refused before the secret is checked: the attempt tells nothing and costs nothing.
      long seconds = SignInsThrottledException.seconds(wait.get());
      return error(
              429,
              "slow_down",
              "Too many failed sign-ins for this client from this address; try again in "
                  + seconds
                  + " s")
          .header(HttpHeaders.RETRY_AFTER, seconds)
          .build();
    }
    Optional<Set<Role>> roles = principals.authenticate(clientId, secret);
    if (roles.isEmpty()) {
      boolean limitReached = throttle.failed(address, clientId);
      audit.record(
          context.requestId(),
          clientId,
          "token.issue",
          clientId,
          AuditLog.Outcome.DENIED,
          limitReached
              ? "unknown client, wrong secret or disabled; the last failure allowed from its"
                  + " address in this window, further attempts are refused unaudited"
              : "unknown client, wrong secret or disabled");
      return error(401, "invalid_client", "Client authentication failed").build();
    }
    throttle.succeeded(address, clientId);
    return issued(clientId, roles.get());
  }

  private Response exchange(MultivaluedMap<String, String> form) {
    String subjectToken = form.getFirst("subject_token");
    if (subjectToken == null) {
      return error(400, "invalid_request", "subject_token is required for token exchange").build();
    }
    Caller caller;
    try {
      caller = tokens.verify(subjectToken);
    } catch (NotAuthenticatedException e) {
      return error(401, "invalid_grant", "subject_token is not a valid token").build();
    }
    // Roles are read again so a revoked grant does not survive a refresh.
    Optional<PrincipalStore.PrincipalInfo> principal = principals.find(caller.principal());
    if (principal.isEmpty() || principal.get().disabled()) {
      return error(401, "invalid_grant", "the principal is unknown or disabled").build();
    }
    return issued(caller.principal(), principal.get().roles());
  }

  private Response issued(String principal, Set<Role> roles) {
    TokenIssuer.IssuedToken token = tokens.issue(principal, roles);
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("access_token", token.token());
    body.put("token_type", "bearer");
    body.put("expires_in", token.expiresIn().toSeconds());
    body.put("issued_token_type", ACCESS_TOKEN_TYPE);
    return Response.ok(body).header("Cache-Control", "no-store").build();
  }

  private static Optional<String[]> basicCredentials(String authorization) {
    if (authorization == null || !authorization.regionMatches(true, 0, "Basic ", 0, 6)) {
      return Optional.empty();
    }
    try {
      String decoded =
          new String(
              Base64.getDecoder().decode(authorization.substring(6).strip()),
              StandardCharsets.UTF_8);
      int colon = decoded.indexOf(':');
      return colon < 0
          ? Optional.empty()
          : Optional.of(new String[] {decoded.substring(0, colon), decoded.substring(colon + 1)});
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  private static Response.ResponseBuilder error(int status, String error, String description) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("error", error);
    body.put("error_description", description);
    Response.ResponseBuilder response = Response.status(status).entity(body);
    if (status == 401) {
      response.header(HttpHeaders.WWW_AUTHENTICATE, "Basic realm=\"insight-mesh\"");
    }
    return response.type(MediaType.APPLICATION_JSON);
  }
}

package io.insightmesh.catalog.security;

import io.insightmesh.catalog.http.QueryNumbers;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Platform administration: principals, their roles (grants) and the audit log. Admin role only;
 * every change is audited.
 */
@Path("/api/v1/admin")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class AdminResource {
  private static final Pattern PRINCIPAL = Pattern.compile("[a-z][a-z0-9-]{0,62}");

  /** The longest a service token may live: a year and a day, so yearly rotation has slack. */
  private static final Duration MAX_SERVICE_LIFETIME = Duration.ofDays(366);

  private final Authorizer authorizer;
  private final PrincipalStore principals;
  private final AuditLog audit;
  private final TokenIssuer tokens;
  private final PrincipalSeeder seeded;

  public AdminResource(
      Authorizer authorizer,
      PrincipalStore principals,
      AuditLog audit,
      TokenIssuer tokens,
      PrincipalSeeder seeded) {
    this.authorizer = authorizer;
    this.principals = principals;
    this.audit = audit;
    this.tokens = tokens;
    this.seeded = seeded;
  }

  /** How long a service token should live: an ISO-8601 duration such as {@code P90D}. */
  public record ServiceTokenRequest(String lifetime) {}

  /** A service token, shown only this once; {@code expiresIn} in seconds. */
  public record ServiceToken(String principal, String accessToken, long expiresIn) {}

  /** A new principal: its name and roles. */
  public record NewPrincipal(String name, List<String> roles) {}

  /** The answer to a creation: the client secret, shown only this once. */
  public record CreatedPrincipal(String name, Set<String> roles, String clientSecret) {}

  /** A principal's roles. */
  public record Grants(List<String> roles) {}

  /** The answer to a rotation: the new client secret, shown only this once. */
  public record RotatedSecret(String name, String clientSecret) {}

  /** A principal as listed. */
  public record PrincipalView(String name, Set<String> roles, boolean disabled) {
    static PrincipalView of(PrincipalStore.PrincipalInfo info) {
      return new PrincipalView(
          info.name(),
          info.roles().stream().map(Role::name).collect(Collectors.toSet()),
          info.disabled());
    }
  }

  @GET
  @Path("/principals")
  public List<PrincipalView> list() {
    authorizer.checkAdmin("list", "principals");
    return principals.list().stream().map(PrincipalView::of).toList();
  }

  @POST
  @Path("/principals")
  public CreatedPrincipal create(NewPrincipal request) {
    Caller caller = authorizer.checkAdmin("create principal", "principals");
    if (request == null || request.name() == null || !PRINCIPAL.matcher(request.name()).matches()) {
      throw new IllegalArgumentException(
          "Invalid name: a principal name is 1 to 63 lower-case letters, digits or '-',"
              + " starting with a letter");
    }
    Set<Role> roles = roles(request.roles());
    String secret = principals.create(request.name(), roles);
    authorizer.recordWrite(caller, "principal.create", request.name() + " " + roles);
    return new CreatedPrincipal(
        request.name(), roles.stream().map(Role::name).collect(Collectors.toSet()), secret);
  }

  @PUT
  @Path("/principals/{name}/roles")
  public PrincipalView grant(@PathParam("name") String name, Grants grants) {
    Caller caller = authorizer.checkAdmin("change roles of", "principal " + name);
    Set<Role> roles = roles(grants == null ? null : grants.roles());
    principals.replaceRoles(name, roles);
    authorizer.recordWrite(caller, "principal.grant", name + " " + roles);
    return principals.find(name).map(PrincipalView::of).orElseThrow();
  }

  /**
   * A new client secret for the principal; the old one is refused from now on (by the policy URI of
   * another catalog instance within 30 s). Tokens issued before keep working until they expire.
   */
  @POST
  @Path("/principals/{name}/secret")
  @Consumes(MediaType.WILDCARD)
  public RotatedSecret rotateSecret(@PathParam("name") String name) {
    String target = PRINCIPAL.matcher(name).matches() ? name : "?";
    Caller caller = authorizer.checkAdmin("rotate the secret of", "principal " + target);
    if (target.equals("?")) {
      throw new NoSuchPrincipalException(target);
    }
    String secret = principals.rotateSecret(name);
    seeded.secretRotated(name, secret);
    authorizer.recordWrite(caller, "principal.rotate", name);
    return new RotatedSecret(name, secret);
  }

  @PUT
  @Path("/principals/{name}/disabled")
  public PrincipalView disable(@PathParam("name") String name, String body) {
    Caller caller = authorizer.checkAdmin("disable", "principal " + name);
    boolean disabled = disabled(body);
    principals.disable(name, disabled);
    authorizer.recordWrite(caller, disabled ? "principal.disable" : "principal.enable", name);
    return principals.find(name).map(PrincipalView::of).orElseThrow();
  }

  /**
   * A long-lived token for a service principal that can only be configured with a fixed token, such
   * as Trino's OpenLineage listener. Disabling the principal revokes it.
   */
  @POST
  @Path("/principals/{name}/tokens")
  public ServiceToken serviceToken(@PathParam("name") String name, ServiceTokenRequest request) {
    Caller caller = authorizer.checkAdmin("issue a token for", "principal " + name);
    Duration lifetime = serviceLifetime(request == null ? null : request.lifetime());
    PrincipalStore.PrincipalInfo principal =
        (PRINCIPAL.matcher(name).matches()
                ? principals.find(name)
                : Optional.<PrincipalStore.PrincipalInfo>empty())
            .orElseThrow(
                () -> new NoSuchPrincipalException(PRINCIPAL.matcher(name).matches() ? name : "?"));
    if (principal.disabled()) {
      throw new IllegalArgumentException(
          "Cannot issue a token for principal " + name + ": it is disabled");
    }
    TokenIssuer.IssuedToken token =
        tokens.issueForService(principal.name(), principal.roles(), lifetime);
    authorizer.recordWrite(caller, "token.issue", principal.name() + " for " + lifetime);
    return new ServiceToken(principal.name(), token.token(), token.expiresIn().toSeconds());
  }

  private static Duration serviceLifetime(String text) {
    String rule = ": an ISO-8601 duration longer than the usual token lifetime, at most P366D";
    if (text == null) {
      throw new IllegalArgumentException("Invalid lifetime: required" + rule);
    }
    Duration lifetime;
    try {
      lifetime = Duration.parse(text);
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException("Invalid lifetime" + rule, e);
    }
    if (lifetime.compareTo(MAX_SERVICE_LIFETIME) > 0 || lifetime.isNegative()) {
      throw new IllegalArgumentException("Invalid lifetime " + text + rule);
    }
    return lifetime;
  }

  @GET
  @Path("/audit")
  public List<AuditLog.Entry> audit(
      @QueryParam("principal") String principal,
      @QueryParam("limit") @DefaultValue("100") String limit) {
    authorizer.checkAdmin("read", "audit log");
    int entries = QueryNumbers.bounded("limit", limit, 100, 1000);
    return audit.recent(principal, entries);
  }

  /**
   * The body of a {@code disabled} change, the JSON value alone. Read here rather than bound as a
   * {@code boolean}: Quarkus answers an empty body with a 500 and a string or an object with a 400
   * that names nothing.
   */
  private static boolean disabled(String body) {
    String value = body == null ? "" : body.strip();
    if (!value.equals("true") && !value.equals("false")) {
      throw new IllegalArgumentException(
          "Invalid disabled: required, the body is true or false, the JSON value alone");
    }
    return Boolean.parseBoolean(value);
  }

  private static Set<Role> roles(List<String> names) {
    if (names == null || names.contains(null)) {
      throw new IllegalArgumentException(
          "Invalid roles: a list of role names is required, and none of them null");
    }
    return names.stream().map(Role::parse).collect(Collectors.toSet());
  }
}

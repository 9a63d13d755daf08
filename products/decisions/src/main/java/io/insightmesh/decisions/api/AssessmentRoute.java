package io.insightmesh.decisions.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.insightmesh.contracts.claims.Claim;
import io.insightmesh.decisions.assess.ClaimParser;
import io.insightmesh.decisions.service.Engine;
import io.quarkus.runtime.configuration.MemorySize;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.vertx.http.runtime.security.QuarkusHttpUser;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.LongAdder;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * {@code POST /api/v1/assessments}: a claim in, its decision out, answered only once the decision
 * is durable. Submitting is for the claims intake (the claims domain), the engine's own principal
 * and admins.
 *
 * <p>A plain Vert.x route rather than a RESTEasy method: this endpoint takes every claim, thousands
 * a second, and RESTEasy's per-request machinery (handler chain, CDI request scope, context
 * propagation, serialiser lookup) was a fifth of the event loop's time per claim (ADR 0009). The
 * route answers as the RESTEasy method did: 405 for other methods, 415 unless the body is JSON, 406
 * unless the client takes JSON, 403 for a role not allowed (in that order), the error shape of
 * {@link ErrorMapper}. Authentication (401) stays Quarkus's, proactive on every {@code /api/*}
 * path; roles are checked here because {@code @RolesAllowed} does not reach a route.
 *
 * <p><b>Reused tokens.</b> A client sends the same token with every claim. Once Quarkus has
 * verified a token ({@link ReusingJwtParser} keeps it for up to a minute), later requests with
 * exactly that token are admitted here, ahead of Quarkus's authentication and authorisation
 * filters: their Mutiny pipeline, context propagation and the per-request URL template the REST
 * extension's auth-failure filter computes for the HTTP metrics were a fifth of the event loop's
 * time per claim, to arrive again at the identity the same token gave a moment ago (ADR 0010). Any
 * other request (no token, a token not verified yet or no longer reusable, another method) passes
 * on to Quarkus unchanged. An HTTP permission or security policy configured later does not see the
 * reused-token requests: its rule belongs in {@link #refused} too.
 */
@ApplicationScoped
public class AssessmentRoute {
  static final String PATH = "/api/v1/assessments";

  /** As RESTEasy answered an OPTIONS on the resource. */
  private static final String ALLOWED_METHODS = "HEAD, POST, OPTIONS";

  private static final List<String> ROLES =
      List.of("domain-owner:claims", "scoring-engine", "admin");

  /**
   * The route orders of the reused-token path: just before Quarkus's authentication filter, whose
   * route order is minus its priority ({@code SecurityHandlerPriorities.AUTHENTICATION}, 200), and
   * after every filter of higher priority (CORS, 300).
   */
  static final int REUSED_TOKEN_ADMIT_ORDER = -202;

  static final int REUSED_TOKEN_ASSESS_ORDER = -201;

  /** Marks a request the reused-token path admitted, for its second route. */
  private static final String ADMITTED = AssessmentRoute.class.getName() + ".admitted";

  private static final String BEARER = "Bearer ";
  // Header names spelled as RESTEasy spelled them, for clients that (wrongly) match them by case.
  private static final String ANSWER_TYPE = "application/json;charset=UTF-8";
  private static final String ERROR_TYPE = "application/json";

  private final Engine engine;
  private final ObjectMapper json;
  private final ClaimParser parser = new ClaimParser();
  private final DecisionJson answers;
  private final BodyHandler bodies;
  private final ReusingJwtParser tokens;
  private final LongAdder reusedTokenRequests = new LongAdder();

  public AssessmentRoute(
      Engine engine,
      ObjectMapper json,
      ReusingJwtParser tokens,
      @ConfigProperty(name = "quarkus.http.limits.max-body-size") MemorySize maxBodySize) {
    this.engine = engine;
    this.json = json;
    this.tokens = tokens;
    this.answers = new DecisionJson(json);
    // Quarkus refuses a declared Content-Length over the limit before any route; this holds a
    // chunked body to the same limit.
    this.bodies = BodyHandler.create(false).setBodyLimit(maxBodySize.asLongValue());
  }

  void register(@Observes Router router) {
    // The reused-token pair first, ahead of Quarkus's security filters (its admit reads the body
    // itself once admitted); then Quarkus's path, two routes since Vert.x takes a body handler only
    // ahead of a route's own handlers: the refusals that need no body come before it is read.
    router.post(PATH).order(REUSED_TOKEN_ADMIT_ORDER).handler(this::admitReusedToken);
    router.post(PATH).order(REUSED_TOKEN_ASSESS_ORDER).handler(this::assessAdmitted);
    router.post(PATH).handler(this::admit);
    router.post(PATH).handler(bodies).handler(this::assess);
    router.route(PATH).handler(AssessmentRoute::otherMethod);
  }

  /**
   * Admits a request whose bearer token Quarkus verified moments ago, as {@link #admit} would, and
   * reads its body; passes anything else on to Quarkus's security filters.
   */
  private void admitReusedToken(RoutingContext request) {
    JsonWebToken token = reusedToken(request.request().getHeader(HttpHeaders.AUTHORIZATION));
    if (token == null) {
      request.next();
      return;
    }
    reusedTokenRequests.increment();
    if (refused(request, hasAllowedRole(token.getGroups()))) {
      return;
    }
    request.put(ADMITTED, Boolean.TRUE);
    // Reads the body, then passes to the next route: assessAdmitted.
    bodies.handle(request);
  }

  private void assessAdmitted(RoutingContext request) {
    if (request.get(ADMITTED) == null) {
      request.next();
    } else {
      assess(request);
    }
  }

  /** Refuses what RESTEasy refused before reading the body. */
  private void admit(RoutingContext request) {
    if (!refused(request, allowed(request))) {
      request.next();
    }
  }

  /**
   * Answers 415, 406 or 403 (in RESTEasy's order) if the request is refused before its body is
   * read; {@code allowedRole} says whether its identity has a role that may submit claims.
   *
   * @return whether it was refused
   */
  private static boolean refused(RoutingContext request, boolean allowedRole) {
    if (!isJson(request.request().getHeader(HttpHeaders.CONTENT_TYPE))) {
      empty(request, 415);
    } else if (!acceptsJson(request.request().getHeader(HttpHeaders.ACCEPT))) {
      empty(request, 406);
    } else if (!allowedRole) {
      empty(request, 403);
    } else {
      return false;
    }
    return true;
  }

  /**
   * The token of an {@code Authorization: Bearer} header if Quarkus verified exactly that token and
   * it may still be reused, else null.
   */
  private JsonWebToken reusedToken(String authorization) {
    if (authorization == null
        || authorization.length() <= BEARER.length()
        || !authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
      return null;
    }
    return tokens.reusable(authorization.substring(BEARER.length()));
  }

  /** How many requests the reused-token path answered, refusals included; for tests. */
  long reusedTokenRequests() {
    return reusedTokenRequests.sum();
  }

  private void assess(RoutingContext request) {
    Buffer body = request.body().buffer();
    Claim claim;
    try {
      claim = parser.parse(body == null ? new byte[0] : body.getBytes());
    } catch (Exception e) {
      refuse(request, e);
      return;
    }
    try {
      engine
          .assessments()
          .assess(claim, eventLoop())
          .whenComplete(
              (decision, failure) -> {
                // Wrapped as RESTEasy saw them, through the future the resource returned.
                if (failure != null) {
                  refuse(request, new CompletionException(failure));
                  return;
                }
                byte[] answer;
                try {
                  answer = answers.write(decision);
                } catch (RuntimeException e) {
                  refuse(request, new CompletionException(e));
                  return;
                }
                answer(request, 200, ANSWER_TYPE, answer);
              });
    } catch (RuntimeException e) {
      refuse(request, e);
    }
  }

  private static void otherMethod(RoutingContext request) {
    if (request.request().method() == HttpMethod.OPTIONS) {
      request.response().putHeader("Allow", ALLOWED_METHODS);
      empty(request, 200);
    } else {
      empty(request, 405);
    }
  }

  private static boolean allowed(RoutingContext request) {
    if (!(request.user() instanceof QuarkusHttpUser user)) {
      return false;
    }
    SecurityIdentity identity = user.getSecurityIdentity();
    for (int i = 0; i < ROLES.size(); i++) {
      if (identity.hasRole(ROLES.get(i))) {
        return true;
      }
    }
    return false;
  }

  /** Whether a token's groups, its roles as Quarkus's identity has them, include an allowed one. */
  private static boolean hasAllowedRole(Set<String> groups) {
    if (groups == null) {
      return false;
    }
    for (int i = 0; i < ROLES.size(); i++) {
      if (groups.contains(ROLES.get(i))) {
        return true;
      }
    }
    return false;
  }

  /** {@code application/json}, any parameters, any case: what {@code @Consumes} took. */
  static boolean isJson(String contentType) {
    if (contentType == null) {
      return false;
    }
    int end = contentType.indexOf(';');
    String type = (end < 0 ? contentType : contentType.substring(0, end)).trim();
    return type.equalsIgnoreCase("application/json");
  }

  /** No Accept, or one that names JSON or a wildcard over it: what {@code @Produces} took. */
  static boolean acceptsJson(String accept) {
    if (accept == null || accept.isBlank()) {
      return true;
    }
    for (String range : accept.split(",")) {
      int end = range.indexOf(';');
      String type = (end < 0 ? range : range.substring(0, end)).trim();
      if (type.equals("*/*")
          || type.equals("*")
          || type.equalsIgnoreCase("application/*")
          || type.equalsIgnoreCase("application/json")) {
        return true;
      }
    }
    return false;
  }

  /**
   * The request's event loop, where its answer is written: the decision log completes the decision
   * there straight after its fsync instead of through its own completion thread. Null off an event
   * loop (the log's completion thread then completes it).
   */
  private static Executor eventLoop() {
    Context context = Vertx.currentContext();
    if (context == null || !context.isEventLoopContext()) {
      return null;
    }
    return task -> context.runOnContext(ignored -> task.run());
  }

  private void refuse(RoutingContext request, Throwable failure) {
    ErrorMapper.Refusal refusal = ErrorMapper.refusal(failure);
    if (refusal.retryAfterOneSecond()) {
      request.response().putHeader("Retry-After", "1");
    }
    byte[] body;
    try {
      body = json.writeValueAsBytes(refusal.body());
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException("Cannot write the error answer", e);
    }
    answer(request, refusal.status(), ERROR_TYPE, body);
  }

  private static void answer(RoutingContext request, int status, String type, byte[] body) {
    HttpServerResponse response = request.response();
    if (response.ended() || response.closed()) {
      return;
    }
    response.setStatusCode(status).putHeader("Content-Type", type).end(Buffer.buffer(body));
  }

  private static void empty(RoutingContext request, int status) {
    request.response().setStatusCode(status).end();
  }
}

package io.insightmesh.decisions.api;

import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.IdentityProvider;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.request.TokenAuthenticationRequest;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import io.quarkus.smallrye.jwt.runtime.auth.JsonWebTokenCredential;
import io.quarkus.vertx.http.runtime.security.HttpSecurityUtils;
import io.smallrye.mutiny.Uni;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * Answers a bearer token that {@link ReusingJwtParser} verified moments ago on the event loop, with
 * the identity SmallRye's own provider would build from it; any other token gets no answer here, so
 * SmallRye's provider verifies it. That provider runs on a worker thread because verifying may
 * fetch the catalog's keys over HTTP: for a token already verified that hop to a worker and back
 * was the only blocking step left on an assessment's path, and it cost every request two thread
 * hand-offs on the engine's core.
 */
@ApplicationScoped
public class ReusedTokenIdentityProvider implements IdentityProvider<TokenAuthenticationRequest> {
  private final ReusingJwtParser parser;

  public ReusedTokenIdentityProvider(ReusingJwtParser parser) {
    this.parser = parser;
  }

  @Override
  public Class<TokenAuthenticationRequest> getRequestType() {
    return TokenAuthenticationRequest.class;
  }

  /** Before SmallRye's provider, which has the default priority. */
  @Override
  public int priority() {
    return IdentityProvider.super.priority() + 1;
  }

  @Override
  public Uni<SecurityIdentity> authenticate(
      TokenAuthenticationRequest request, AuthenticationRequestContext context) {
    if (!(request.getToken() instanceof JsonWebTokenCredential)) {
      return Uni.createFrom().nullItem();
    }
    JsonWebToken token = parser.reusable(request.getToken().getToken());
    if (token == null) {
      return Uni.createFrom().nullItem();
    }
    // As io.quarkus.smallrye.jwt.runtime.auth.MpJwtValidator builds it.
    QuarkusSecurityIdentity.Builder identity =
        QuarkusSecurityIdentity.builder()
            .setPrincipal(token)
            .addCredential(request.getToken())
            .addRoles(token.getGroups())
            .addAttribute("quarkus.user", token);
    RoutingContext routing = HttpSecurityUtils.getRoutingContextAttribute(request);
    if (routing != null) {
      identity.addAttribute(RoutingContext.class.getName(), routing);
    }
    return Uni.createFrom().item(identity.build());
  }
}

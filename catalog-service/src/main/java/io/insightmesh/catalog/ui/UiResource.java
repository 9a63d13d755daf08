package io.insightmesh.catalog.ui;

import io.insightmesh.catalog.security.Authorizer;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * What the catalog UI needs beyond the catalog's own APIs: the scoring engine's case-worker search
 * and statistics, relayed with the caller's token, and the dashboard's engine figures. Like every
 * API here it needs a bearer token; the engine then applies its own roles to that same token.
 */
@Path("/api/v1/ui")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "UI", description = "The catalog UI's view of the scoring engine")
public class UiResource {
  private final EngineClient engine;
  private final EngineFigures figures;
  private final Authorizer authorizer;

  public UiResource(EngineClient engine, EngineFigures figures, Authorizer authorizer) {
    this.engine = engine;
    this.figures = figures;
    this.authorizer = authorizer;
  }

  @GET
  @Path("/engine/search")
  @Operation(
      summary = "Case-worker search through the scoring engine",
      description =
          "The engine's GET /api/v1/search with the same parameters and the caller's token; its"
              + " answer, status included, comes back unchanged.")
  public Response search(
      @Context UriInfo uri, @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization) {
    return relay(engine.search(uri.getQueryParameters(), authorization));
  }

  @GET
  @Path("/engine/stats")
  @Operation(summary = "The scoring engine's decision rates and rule precision")
  public Response stats(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization) {
    return relay(engine.stats(authorization));
  }

  @GET
  @Path("/engine/figures")
  @Operation(
      summary = "The dashboard's engine figures",
      description =
          "Claims assessed, assessed per hour over the last hour, and searches answered;"
              + " reachable=false when the engine does not answer.")
  public EngineFigures.Figures engineFigures() {
    authorizer.checkDashboard("read", "the engine figures");
    return figures.current();
  }

  private static Response relay(EngineClient.Answer answer) {
    return Response.status(answer.status())
        .entity(answer.body())
        .type(MediaType.APPLICATION_JSON_TYPE)
        .build();
  }
}

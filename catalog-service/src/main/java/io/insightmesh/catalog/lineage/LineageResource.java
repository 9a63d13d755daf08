package io.insightmesh.catalog.lineage;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.insightmesh.catalog.registry.Page;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * Lineage over HTTP, at {@code /api/v1/lineage}, on Marquez's paths where they fit: {@code POST
 * /api/v1/lineage} takes OpenLineage run events from any producer (the openlineage-java HTTP
 * transport, openlineage-spark, Trino's event listener), {@code GET /api/v1/lineage?nodeId=}
 * answers the graph around a node. Only HTTP lives here; {@link LineageService} does the work.
 */
@Path("/api/v1/lineage")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Lineage", description = "OpenLineage ingestion and lineage graph queries")
public class LineageResource {
  private static final JsonFactory JSON = new JsonFactory();

  private final LineageService lineage;

  public LineageResource(LineageService lineage) {
    this.lineage = lineage;
  }

  @POST
  @Consumes(MediaType.APPLICATION_JSON)
  @Operation(
      summary = "Ingest OpenLineage run events",
      description =
          "One RunEvent, or a JSON array of up to 100, at most 2 MiB. All are stored or none."
              + " An event already stored (same runId, eventType and eventTime) is not stored"
              + " again. Datasets are named by product identity; the answer says how.")
  @APIResponse(responseCode = "201", description = "At least one event stored")
  @APIResponse(responseCode = "200", description = "Every event had been stored before")
  @APIResponse(responseCode = "400", description = "An event breaks the OpenLineage spec")
  @APIResponse(responseCode = "413", description = "The body is larger than 2 MiB")
  public Response ingest(InputStream body) {
    Ingestion ingestion = lineage.ingest(body);
    return Response.status(ingestion.storedAny() ? Response.Status.CREATED : Response.Status.OK)
        .entity(ingestion)
        .build();
  }

  @GET
  @Operation(
      summary = "The lineage graph around a dataset or job",
      description =
          "Datasets (by product identity) and jobs up to depth jobs away, upstream, downstream or"
              + " both; with columns=true also the column-level edges between the datasets.")
  public LineageGraph graph(
      @Parameter(
              description =
                  "dataset:<product id> (dataset:claims.claims), dataset:table:<table>,"
                      + " dataset:<namespace>:<name> or job:<namespace>:<name>")
          @QueryParam("nodeId")
          String nodeId,
      @Parameter(description = "Jobs away from the node, 1 to 10, default 3") @QueryParam("depth")
          String depth,
      @Parameter(description = "upstream, downstream or both (default)") @QueryParam("direction")
          String direction,
      @Parameter(description = "true for column-level edges") @QueryParam("columns")
          String columns) {
    return lineage.graph(nodeId, depth, direction, columns);
  }

  @GET
  @Path("/column-lineage")
  @Operation(summary = "The upstream columns of one column of a dataset")
  public ColumnLineage columnLineage(
      @QueryParam("nodeId") String nodeId,
      @QueryParam("column") String column,
      @Parameter(description = "Derivations to follow, 1 to 10, default 3") @QueryParam("depth")
          String depth) {
    return lineage.columnLineage(nodeId, column, depth);
  }

  @GET
  @Path("/jobs/{namespace}/{name}/runs")
  @Operation(
      summary = "A job's runs, newest first, with state, times and facets",
      description =
          "URL-encode the namespace and name: trino%3A%2F%2Fhost%3A8080. Past"
              + " mesh.catalog.lineage-retention (90 days) a run is kept only while it is its"
              + " job's newest report of some dataset or column edge, and a Trino query not at"
              + " all.")
  public RunPage runs(
      @PathParam("namespace") String namespace,
      @PathParam("name") String name,
      @Parameter(description = "1 to 200, default 50") @QueryParam("pageSize") String pageSize,
      @Parameter(description = "nextPageToken of the previous page") @QueryParam("pageToken")
          String pageToken) {
    Page<LineageRun> page = lineage.runs(namespace, name, pageSize, pageToken);
    return new RunPage(page.items(), page.nextPageToken().orElse(null));
  }

  @GET
  @Path("/events")
  @Operation(
      summary = "Stored events, newest first",
      description =
          "Events as stored (datasets named by product identity), after <= eventTime < before;"
              + " kept for mesh.catalog.lineage-retention (90 days) after they arrived.")
  public Response events(
      @Parameter(description = "1 to 200, default 50") @QueryParam("pageSize") String pageSize,
      @Parameter(description = "nextPageToken of the previous page") @QueryParam("pageToken")
          String pageToken,
      @Parameter(description = "RFC 3339; events at or after it") @QueryParam("after") String after,
      @Parameter(description = "RFC 3339; events before it") @QueryParam("before") String before) {
    Page<String> page = lineage.events(pageSize, pageToken, after, before);
    return Response.ok(eventPage(page), MediaType.APPLICATION_JSON).build();
  }

  /** A page of runs. */
  public record RunPage(List<LineageRun> runs, String nextPageToken) {}

  /** {@code {"events": [...], "nextPageToken": ...}} with the events as stored, unparsed. */
  private static String eventPage(Page<String> page) {
    StringWriter out = new StringWriter();
    try (JsonGenerator json = JSON.createGenerator(out)) {
      json.writeStartObject();
      json.writeArrayFieldStart("events");
      for (String event : page.items()) {
        json.writeRawValue(event);
      }
      json.writeEndArray();
      json.writeStringField("nextPageToken", page.nextPageToken().orElse(null));
      json.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toString();
  }
}

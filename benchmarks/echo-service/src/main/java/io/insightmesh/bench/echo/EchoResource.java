package io.insightmesh.bench.echo;

import com.fasterxml.jackson.databind.JsonNode;
import io.smallrye.common.annotation.NonBlocking;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/**
 * {@code POST /echo}: the claim JSON in, parsed by Jackson, and the same tree written back. No
 * authentication, no work: what Quarkus alone costs per request.
 */
@Path("/echo")
public class EchoResource {
  /**
   * On the event loop, as the engine's assessment endpoint runs (it answers with a future): a
   * worker-thread hop here would make the baseline slower than plain Quarkus can be.
   */
  @POST
  @NonBlocking
  @Consumes(MediaType.APPLICATION_JSON)
  @Produces(MediaType.APPLICATION_JSON)
  public JsonNode echo(JsonNode claim) {
    return claim;
  }
}

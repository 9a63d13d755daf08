package io.insightmesh.catalog.usage;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * A product's usage over HTTP, at {@code /api/v1/products/{id}/usage}; {@link UsageService} works.
 */
@Path("/api/v1/products/{id}/usage")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Products", description = "The data product registry (DESIGN.md §4)")
public class ProductUsageResource {
  private final UsageService usage;

  public ProductUsageResource(UsageService usage) {
    this.usage = usage;
  }

  @GET
  @Operation(
      summary = "Who reads a product and how often",
      description =
          "Completed Trino queries and pipeline runs that read the product: in total, in the last"
              + " 24 hours and the last 30 days, and per consumer (Trino user or job) for the"
              + " product's domain owner and admins. Counted from the lineage events the catalog"
              + " receives.")
  public ProductUsage usage(@PathParam("id") String id) {
    return usage.usage(id);
  }
}

package io.insightmesh.catalog.registry;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * Product contracts over HTTP. The body of a PUT and of every answer is the Avro schema itself; the
 * version travels in the path and in the {@code Contract-Version} header.
 */
@Path("/api/v1/products/{id}")
@Tag(name = "Products")
public class ProductContractsResource {
  static final String VERSION_HEADER = "Contract-Version";
  private final ProductContracts contracts;

  public ProductContractsResource(ProductContracts contracts) {
    this.contracts = contracts;
  }

  @PUT
  @Path("/contracts/{version}")
  @Consumes({MediaType.APPLICATION_JSON, MediaType.TEXT_PLAIN, "application/vnd.apache.avro+json"})
  @Produces(MediaType.APPLICATION_JSON)
  @Operation(
      summary = "Store a contract version",
      description =
          "Stores the Avro contract of a product version (201), confirms the identical one"
              + " (200), or replaces one no release was published under (200): a publish that"
              + " failed is corrected under the same version. Once released a version never"
              + " changes: another schema under it is a 409.")
  public Response put(
      @PathParam("id") String id, @PathParam("version") String version, String schema) {
    ProductContracts.Stored stored = contracts.put(id, version, schema);
    return answer(stored.contract(), stored.created() ? 201 : 200);
  }

  @GET
  @Path("/contracts/{version}")
  @Produces(MediaType.APPLICATION_JSON)
  @Operation(summary = "One contract version of a product, as its Avro schema")
  public Response get(@PathParam("id") String id, @PathParam("version") String version) {
    return answer(contracts.get(id, version), 200);
  }

  @GET
  @Path("/contract")
  @Produces(MediaType.APPLICATION_JSON)
  @Operation(
      summary = "The contract of the product's latest release",
      description =
          "What ./mesh contract check --against compares a proposed contract with: the contract"
              + " of the latest release, or of the registered version before the first release.")
  public Response current(@PathParam("id") String id) {
    return answer(contracts.current(id), 200);
  }

  private static Response answer(Contract contract, int status) {
    return Response.status(status)
        .entity(contract.schema())
        .type(MediaType.APPLICATION_JSON_TYPE)
        .header(VERSION_HEADER, contract.version().toString())
        .build();
  }
}

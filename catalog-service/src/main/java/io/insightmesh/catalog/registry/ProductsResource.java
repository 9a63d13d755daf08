package io.insightmesh.catalog.registry;

import com.fasterxml.jackson.annotation.JsonRawValue;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * The product registry over HTTP, at {@code /api/v1/products}. {@code POST /api/v1/products}
 * registers a new product (409 if the id exists); {@code PUT /api/v1/products/{id}} replaces an
 * existing product's definition and may be repeated. Only HTTP lives here: bodies, statuses and the
 * JSON shape; {@link ProductRegistry} does the work.
 */
@Path("/api/v1/products")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Products", description = "The data product registry (DESIGN.md §4)")
public class ProductsResource {
  private final ProductRegistry registry;
  private final UriInfo uri;

  public ProductsResource(ProductRegistry registry, UriInfo uri) {
    this.registry = registry;
    this.uri = uri;
  }

  @GET
  @Operation(
      summary = "List and search products",
      description =
          "Products in id order, filtered by domain, tag, classification and status; q finds"
              + " products whose id, description, tags or field names contain every word.")
  public ProductPageView list(
      @QueryParam("domain") String domain,
      @QueryParam("tag") String tag,
      @Parameter(description = "PII or NON_PII") @QueryParam("classification")
          String classification,
      @Parameter(description = "ACTIVE, DEPRECATED or RETIRED") @QueryParam("status") String status,
      @Parameter(description = "Words to search for, case-insensitive") @QueryParam("q") String q,
      @Parameter(description = "1 to 200, default 50") @QueryParam("pageSize") String pageSize,
      @Parameter(description = "nextPageToken of the previous page") @QueryParam("pageToken")
          String pageToken) {
    Page<Product> page =
        registry.list(
            new ProductListRequest(domain, tag, classification, status, q, pageSize, pageToken));
    return new ProductPageView(
        page.items().stream().map(ProductView::of).toList(), page.nextPageToken().orElse(null));
  }

  @POST
  @Consumes(MediaType.APPLICATION_JSON)
  @Operation(summary = "Register a new product; 409 if its id is registered already")
  @RequestBody(content = @Content(schema = @Schema(implementation = ProductRequest.class)))
  @APIResponse(
      responseCode = "201",
      description = "Registered",
      content = @Content(schema = @Schema(implementation = ProductView.class)))
  public Response register(String body) {
    Product product = registry.register(JsonBodies.read(body, ProductRequest.class));
    return Response.created(uri.getAbsolutePathBuilder().path(product.id().toString()).build())
        .entity(ProductView.of(product))
        .build();
  }

  @GET
  @Path("/{id}")
  @Operation(summary = "Get a product")
  public ProductView get(@PathParam("id") String id) {
    return ProductView.of(registry.get(id));
  }

  @PUT
  @Path("/{id}")
  @Consumes(MediaType.APPLICATION_JSON)
  @Operation(
      summary = "Replace a registered product's definition",
      description = "Idempotent; the lifecycle status and the releases are not changed by it.")
  @RequestBody(content = @Content(schema = @Schema(implementation = ProductRequest.class)))
  public ProductView update(@PathParam("id") String id, String body) {
    return ProductView.of(registry.update(id, JsonBodies.read(body, ProductRequest.class)));
  }

  @POST
  @Path("/{id}/deprecate")
  @Consumes(MediaType.APPLICATION_JSON)
  @Operation(summary = "Deprecate an active product, with a reason and an optional successor")
  @RequestBody(content = @Content(schema = @Schema(implementation = DeprecationRequest.class)))
  public ProductView deprecate(@PathParam("id") String id, String body) {
    return ProductView.of(registry.deprecate(id, JsonBodies.read(body, DeprecationRequest.class)));
  }

  @POST
  @Path("/{id}/retire")
  @Operation(summary = "Retire a deprecated product; 409 if it is not deprecated")
  public ProductView retire(@PathParam("id") String id) {
    return ProductView.of(registry.retire(id));
  }

  @GET
  @Path("/{id}/releases")
  @Operation(summary = "List a product's releases, newest first")
  public ReleasePageView releases(
      @PathParam("id") String id,
      @Parameter(description = "1 to 200, default 50") @QueryParam("pageSize") String pageSize,
      @Parameter(description = "nextPageToken of the previous page") @QueryParam("pageToken")
          String pageToken) {
    Page<ProductRegistry.ListedRelease> page = registry.releases(id, pageSize, pageToken);
    return new ReleasePageView(
        page.items().stream()
            .map(listed -> ReleaseView.of(listed.release(), listed.tagPresent()))
            .toList(),
        page.nextPageToken().orElse(null));
  }

  @POST
  @Path("/{id}/releases")
  @Consumes(MediaType.APPLICATION_JSON)
  @Operation(
      summary = "Record a release",
      description =
          "201 when recorded; 200 with the recorded release when the identical release was"
              + " recorded before; 409 when the version was recorded with other content.")
  @RequestBody(content = @Content(schema = @Schema(implementation = ReleaseRequest.class)))
  @APIResponse(
      responseCode = "201",
      description = "Recorded",
      content = @Content(schema = @Schema(implementation = ReleaseView.class)))
  @APIResponse(
      responseCode = "200",
      description = "Recorded before with the same content",
      content = @Content(schema = @Schema(implementation = ReleaseView.class)))
  public Response recordRelease(@PathParam("id") String id, String body) {
    ProductRegistry.ReleaseRecording recording =
        registry.recordRelease(id, JsonBodies.read(body, ReleaseRequest.class));
    ReleaseView view = ReleaseView.of(recording.release(), recording.tagPresent());
    return switch (recording.outcome()) {
      case RECORDED -> Response.status(Response.Status.CREATED).entity(view).build();
      case ALREADY_RECORDED -> Response.ok(view).build();
    };
  }

  /** A product as the API shows it. */
  public record ProductView(
      String id,
      String domain,
      String name,
      OwnerView owner,
      String description,
      List<String> tags,
      String classification,
      String freshnessSla,
      String contractVersion,
      String icebergTable,
      List<FieldView> fields,
      List<String> tableFields,
      String status,
      DeprecationView deprecation,
      String retiredAt,
      String retiredBy,
      String createdAt,
      String createdBy,
      String updatedAt,
      String updatedBy) {
    static ProductView of(Product product) {
      ProductDefinition definition = product.definition();
      return new ProductView(
          definition.id().toString(),
          definition.id().domain(),
          definition.id().name(),
          new OwnerView(definition.owner().team(), definition.owner().contact()),
          definition.description(),
          definition.tags(),
          definition.classification().name(),
          definition.freshnessSla().toString(),
          definition.contractVersion().toString(),
          definition.icebergTable().toString(),
          definition.fields().stream()
              .map(
                  field ->
                      new FieldView(
                          field.name(), field.doc().orElse(null), field.pii().orElse(null)))
              .toList(),
          product.tableFields(),
          product.status().name(),
          product
              .deprecation()
              .map(
                  deprecation ->
                      new DeprecationView(
                          deprecation.reason(),
                          deprecation.successor().map(ProductId::toString).orElse(null),
                          timestamp(deprecation.change().at()),
                          deprecation.change().by()))
              .orElse(null),
          product.retirement().map(change -> timestamp(change.at())).orElse(null),
          product.retirement().map(Change::by).orElse(null),
          timestamp(product.created().at()),
          product.created().by(),
          timestamp(product.updated().at()),
          product.updated().by());
    }
  }

  /** The owning team and its contact. */
  public record OwnerView(String team, String contact) {}

  /** A declared field. */
  public record FieldView(String name, String doc, String pii) {}

  /** Why and when a product was deprecated, and its successor. */
  public record DeprecationView(
      String reason, String successor, String deprecatedAt, String deprecatedBy) {}

  /** A page of products. */
  public record ProductPageView(List<ProductView> products, String nextPageToken) {}

  /** A release as the API shows it; {@code tag} names the Iceberg snapshot tag. */
  public record ReleaseView(
      String productId,
      String version,
      String tag,
      long snapshotId,
      long rowCount,
      String contractVersion,
      @JsonRawValue String qualityResults,
      String createdAt,
      String createdBy,
      @Schema(
              description =
                  "Whether the table still has the tag; a data-only release's tag expires after"
                      + " its max-ref-age, and the release can then no longer be read by tag")
          boolean tagPresent) {
    static ReleaseView of(Release release, boolean tagPresent) {
      return new ReleaseView(
          release.productId().toString(),
          release.version().toString(),
          "v" + release.version(),
          release.snapshotId(),
          release.rowCount(),
          release.contractVersion().toString(),
          release.qualityResults().orElse(null),
          timestamp(release.created().at()),
          release.created().by(),
          tagPresent);
    }
  }

  /** A page of releases, newest first. */
  public record ReleasePageView(List<ReleaseView> releases, String nextPageToken) {}

  /** RFC 3339 in UTC, seconds always shown. */
  private static String timestamp(OffsetDateTime at) {
    return DateTimeFormatter.ISO_INSTANT.format(at);
  }
}

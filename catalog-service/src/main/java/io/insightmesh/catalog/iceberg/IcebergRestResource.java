package io.insightmesh.catalog.iceberg;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.insightmesh.catalog.http.Idempotency;
import io.insightmesh.catalog.http.QueryNumbers;
import io.insightmesh.catalog.security.Authorizer;
import io.insightmesh.catalog.security.CallerContext;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.Encoded;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HEAD;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.EntityTag;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.OptionalInt;
import java.util.function.Supplier;
import org.apache.iceberg.catalog.Namespace;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.rest.RESTUtil;
import org.apache.iceberg.rest.requests.CommitTransactionRequest;
import org.apache.iceberg.rest.requests.CreateNamespaceRequest;
import org.apache.iceberg.rest.requests.CreateTableRequest;
import org.apache.iceberg.rest.requests.CreateViewRequest;
import org.apache.iceberg.rest.requests.RegisterTableRequest;
import org.apache.iceberg.rest.requests.RenameTableRequest;
import org.apache.iceberg.rest.requests.ReportMetricsRequest;
import org.apache.iceberg.rest.requests.UpdateNamespacePropertiesRequest;
import org.apache.iceberg.rest.requests.UpdateTableRequest;
import org.apache.iceberg.rest.responses.LoadTableResponse;
import org.jboss.resteasy.reactive.RestResponse;

/**
 * The Iceberg REST catalog over HTTP (spec as of Iceberg 1.10), at {@code /iceberg}. Only HTTP
 * concerns live here: paths, headers, ETags, idempotent replays; {@link IcebergCatalogService} does
 * the work.
 */
@Path("/iceberg/v1")
@Produces(MediaType.APPLICATION_JSON)
public class IcebergRestResource {
  private final IcebergCatalogService service;
  private final IcebergCatalogs catalogs;
  private final Idempotency idempotency;
  private final CallerContext context;
  private final Authorizer authorizer;
  // Within a sixteenth of the heap, beside the parsed metadata's eighth: a fixed 256 MB took half
  // of a 512 MB catalog by itself.
  private final Cache<String, LoadedTable> serialized =
      Caffeine.newBuilder()
          .maximumWeight(Runtime.getRuntime().maxMemory() / 16)
          .<String, LoadedTable>weigher((location, table) -> table.json().length)
          .expireAfterAccess(Duration.ofMinutes(30))
          .build();

  /**
   * A load-table answer as sent (UTF-8 JSON and its ETag), which depends only on the (immutable)
   * metadata file.
   */
  private record LoadedTable(byte[] json, EntityTag tag) {}

  public IcebergRestResource(
      IcebergCatalogService service,
      IcebergCatalogs catalogs,
      Idempotency idempotency,
      CallerContext context,
      Authorizer authorizer) {
    this.service = service;
    this.catalogs = catalogs;
    this.idempotency = idempotency;
    this.context = context;
    this.authorizer = authorizer;
  }

  @GET
  @Path("/config")
  public Response config(@QueryParam("warehouse") String warehouse) {
    context.caller();
    return json(service.config(warehouse));
  }

  // ---- namespaces

  @GET
  @Path("/{prefix}/namespaces")
  public Response listNamespaces(
      @PathParam("prefix") String prefix,
      @QueryParam("parent") @Encoded String parent,
      @QueryParam("pageToken") String pageToken,
      @QueryParam("pageSize") String pageSize) {
    checkPrefix(prefix);
    Namespace namespace = parent == null ? Namespace.empty() : RESTUtil.decodeNamespace(parent);
    return json(service.listNamespaces(namespace, pageToken, checkPageSize(pageSize)));
  }

  @POST
  @Path("/{prefix}/namespaces")
  public Response createNamespace(
      @PathParam("prefix") String prefix,
      @HeaderParam(Idempotency.HEADER) String key,
      String body) {
    checkPrefix(prefix);
    return mutation(
        key,
        "POST",
        "namespaces",
        body,
        () -> ok(service.createNamespace(IcebergJson.read(body, CreateNamespaceRequest.class))));
  }

  @GET
  @Path("/{prefix}/namespaces/{namespace}")
  public Response loadNamespace(
      @PathParam("prefix") String prefix, @PathParam("namespace") @Encoded String namespace) {
    checkPrefix(prefix);
    return json(service.loadNamespace(RESTUtil.decodeNamespace(namespace)));
  }

  @HEAD
  @Path("/{prefix}/namespaces/{namespace}")
  public Response namespaceExists(
      @PathParam("prefix") String prefix, @PathParam("namespace") @Encoded String namespace) {
    checkPrefix(prefix);
    service.namespaceExists(RESTUtil.decodeNamespace(namespace));
    return Response.noContent().build();
  }

  @DELETE
  @Path("/{prefix}/namespaces/{namespace}")
  public Response dropNamespace(
      @PathParam("prefix") String prefix,
      @PathParam("namespace") @Encoded String namespace,
      @HeaderParam(Idempotency.HEADER) String key) {
    checkPrefix(prefix);
    return mutation(
        key,
        "DELETE",
        "namespaces/" + namespace,
        null,
        () -> {
          service.dropNamespace(RESTUtil.decodeNamespace(namespace));
          return noContent();
        });
  }

  @POST
  @Path("/{prefix}/namespaces/{namespace}/properties")
  public Response updateNamespaceProperties(
      @PathParam("prefix") String prefix,
      @PathParam("namespace") @Encoded String namespace,
      @HeaderParam(Idempotency.HEADER) String key,
      String body) {
    checkPrefix(prefix);
    return mutation(
        key,
        "POST",
        "namespaces/" + namespace + "/properties",
        body,
        () ->
            ok(
                service.updateNamespaceProperties(
                    RESTUtil.decodeNamespace(namespace),
                    IcebergJson.read(body, UpdateNamespacePropertiesRequest.class))));
  }

  // ---- tables

  @GET
  @Path("/{prefix}/namespaces/{namespace}/tables")
  public Response listTables(
      @PathParam("prefix") String prefix,
      @PathParam("namespace") @Encoded String namespace,
      @QueryParam("pageToken") String pageToken,
      @QueryParam("pageSize") String pageSize) {
    checkPrefix(prefix);
    return json(
        service.listTables(
            RESTUtil.decodeNamespace(namespace), pageToken, checkPageSize(pageSize)));
  }

  @POST
  @Path("/{prefix}/namespaces/{namespace}/tables")
  public Response createTable(
      @PathParam("prefix") String prefix,
      @PathParam("namespace") @Encoded String namespace,
      @HeaderParam(Idempotency.HEADER) String key,
      String body) {
    checkPrefix(prefix);
    return mutation(
        key,
        "POST",
        "namespaces/" + namespace + "/tables",
        body,
        () ->
            ok(
                service.createTable(
                    RESTUtil.decodeNamespace(namespace),
                    IcebergJson.read(body, CreateTableRequest.class))));
  }

  @POST
  @Path("/{prefix}/namespaces/{namespace}/register")
  public Response registerTable(
      @PathParam("prefix") String prefix,
      @PathParam("namespace") @Encoded String namespace,
      @HeaderParam(Idempotency.HEADER) String key,
      String body) {
    checkPrefix(prefix);
    return mutation(
        key,
        "POST",
        "namespaces/" + namespace + "/register",
        body,
        () ->
            ok(
                service.registerTable(
                    RESTUtil.decodeNamespace(namespace),
                    IcebergJson.read(body, RegisterTableRequest.class))));
  }

  @GET
  @Path("/{prefix}/namespaces/{namespace}/tables/{table}")
  public Uni<RestResponse<byte[]>> loadTable(
      @PathParam("prefix") String prefix,
      @PathParam("namespace") @Encoded String namespace,
      @PathParam("table") @Encoded String table,
      @HeaderParam("If-None-Match") String ifNoneMatch) {
    checkPrefix(prefix);
    TableIdentifier identifier = identifier(namespace, table);
    // Trino loads the table for every query that reads it: a pointer read moments ago and its
    // answer, both in memory, are given on the event loop; anything else needs the store.
    LoadedTable known =
        service.recentTableLocation(identifier).map(serialized::getIfPresent).orElse(null);
    if (known != null) {
      return Uni.createFrom().item(answer(known, ifNoneMatch));
    }
    return Uni.createFrom()
        .item(
            () -> {
              LoadTableResponse response = service.loadTable(identifier);
              LoadedTable loaded =
                  response.metadataLocation() == null
                      ? loaded(response)
                      : serialized.get(response.metadataLocation(), location -> loaded(response));
              return answer(loaded, ifNoneMatch);
            })
        .runSubscriptionOn(Infrastructure.getDefaultWorkerPool());
  }

  private static LoadedTable loaded(LoadTableResponse response) {
    return new LoadedTable(
        IcebergJson.write(response).getBytes(StandardCharsets.UTF_8),
        etag(response.metadataLocation()));
  }

  // Typed, so that the body's writer is chosen once at build time, not looked up per answer.
  private static RestResponse<byte[]> answer(LoadedTable table, String ifNoneMatch) {
    if (ifNoneMatch != null && matches(ifNoneMatch, table.tag())) {
      return RestResponse.ResponseBuilder.<byte[]>notModified(table.tag()).build();
    }
    return RestResponse.ResponseBuilder.ok(table.json(), MediaType.APPLICATION_JSON_TYPE)
        .tag(table.tag())
        .build();
  }

  @HEAD
  @Path("/{prefix}/namespaces/{namespace}/tables/{table}")
  public Response tableExists(
      @PathParam("prefix") String prefix,
      @PathParam("namespace") @Encoded String namespace,
      @PathParam("table") @Encoded String table) {
    checkPrefix(prefix);
    service.tableExists(identifier(namespace, table));
    return Response.noContent().build();
  }

  @POST
  @Path("/{prefix}/namespaces/{namespace}/tables/{table}")
  public Response updateTable(
      @PathParam("prefix") String prefix,
      @PathParam("namespace") @Encoded String namespace,
      @PathParam("table") @Encoded String table,
      @HeaderParam(Idempotency.HEADER) String key,
      String body) {
    checkPrefix(prefix);
    return mutation(
        key,
        "POST",
        "namespaces/" + namespace + "/tables/" + table,
        body,
        () ->
            ok(
                service.updateTable(
                    identifier(namespace, table),
                    IcebergJson.read(body, UpdateTableRequest.class))));
  }

  @DELETE
  @Path("/{prefix}/namespaces/{namespace}/tables/{table}")
  public Response dropTable(
      @PathParam("prefix") String prefix,
      @PathParam("namespace") @Encoded String namespace,
      @PathParam("table") @Encoded String table,
      @QueryParam("purgeRequested") @DefaultValue("false") boolean purge,
      @HeaderParam(Idempotency.HEADER) String key) {
    checkPrefix(prefix);
    return mutation(
        key,
        "DELETE",
        "namespaces/" + namespace + "/tables/" + table + "?purge=" + purge,
        null,
        () -> {
          service.dropTable(identifier(namespace, table), purge);
          return noContent();
        });
  }

  @POST
  @Path("/{prefix}/tables/rename")
  public Response renameTable(
      @PathParam("prefix") String prefix,
      @HeaderParam(Idempotency.HEADER) String key,
      String body) {
    checkPrefix(prefix);
    return mutation(
        key,
        "POST",
        "tables/rename",
        body,
        () -> {
          service.renameTable(IcebergJson.read(body, RenameTableRequest.class));
          return noContent();
        });
  }

  @POST
  @Path("/{prefix}/namespaces/{namespace}/tables/{table}/metrics")
  public Uni<Response> reportMetrics(
      @PathParam("prefix") String prefix,
      @PathParam("namespace") @Encoded String namespace,
      @PathParam("table") @Encoded String table,
      String body) {
    checkPrefix(prefix);
    TableIdentifier identifier = identifier(namespace, table);
    ReportMetricsRequest report = IcebergJson.read(body, ReportMetricsRequest.class);
    // Trino waits for the answer after planning every scan, and recording a report only counts
    // it: answered on the event loop, unless a refusal has to be written to the audit log.
    if (authorizer.mayRead(context.caller())) {
      service.reportMetrics(identifier, report);
      return Uni.createFrom().item(Response.noContent().build());
    }
    return Uni.createFrom()
        .item(
            () -> {
              service.reportMetrics(identifier, report);
              return Response.noContent().build();
            })
        .runSubscriptionOn(Infrastructure.getDefaultWorkerPool());
  }

  @POST
  @Path("/{prefix}/transactions/commit")
  public Response commitTransaction(
      @PathParam("prefix") String prefix,
      @HeaderParam(Idempotency.HEADER) String key,
      String body) {
    checkPrefix(prefix);
    return mutation(
        key,
        "POST",
        "transactions/commit",
        body,
        () -> {
          service.commitTransaction(IcebergJson.read(body, CommitTransactionRequest.class));
          return noContent();
        });
  }

  // ---- views

  @GET
  @Path("/{prefix}/namespaces/{namespace}/views")
  public Response listViews(
      @PathParam("prefix") String prefix,
      @PathParam("namespace") @Encoded String namespace,
      @QueryParam("pageToken") String pageToken,
      @QueryParam("pageSize") String pageSize) {
    checkPrefix(prefix);
    return json(
        service.listViews(RESTUtil.decodeNamespace(namespace), pageToken, checkPageSize(pageSize)));
  }

  @POST
  @Path("/{prefix}/namespaces/{namespace}/views")
  public Response createView(
      @PathParam("prefix") String prefix,
      @PathParam("namespace") @Encoded String namespace,
      @HeaderParam(Idempotency.HEADER) String key,
      String body) {
    checkPrefix(prefix);
    return mutation(
        key,
        "POST",
        "namespaces/" + namespace + "/views",
        body,
        () ->
            ok(
                service.createView(
                    RESTUtil.decodeNamespace(namespace),
                    IcebergJson.read(body, CreateViewRequest.class))));
  }

  @GET
  @Path("/{prefix}/namespaces/{namespace}/views/{view}")
  public Uni<Response> loadView(
      @PathParam("prefix") String prefix,
      @PathParam("namespace") @Encoded String namespace,
      @PathParam("view") @Encoded String view) {
    checkPrefix(prefix);
    TableIdentifier identifier = identifier(namespace, view);
    // Trino asks for a view of the name before loading every table it reads: the store's "no
    // such view" of moments ago is given on the event loop.
    if (service.recentlyNoView(identifier)) {
      return Uni.createFrom().failure(IcebergCatalogService.noSuchView(identifier));
    }
    return Uni.createFrom()
        .item(() -> json(service.loadView(identifier)))
        .runSubscriptionOn(Infrastructure.getDefaultWorkerPool());
  }

  @HEAD
  @Path("/{prefix}/namespaces/{namespace}/views/{view}")
  public Response viewExists(
      @PathParam("prefix") String prefix,
      @PathParam("namespace") @Encoded String namespace,
      @PathParam("view") @Encoded String view) {
    checkPrefix(prefix);
    service.viewExists(identifier(namespace, view));
    return Response.noContent().build();
  }

  @POST
  @Path("/{prefix}/namespaces/{namespace}/views/{view}")
  public Response replaceView(
      @PathParam("prefix") String prefix,
      @PathParam("namespace") @Encoded String namespace,
      @PathParam("view") @Encoded String view,
      @HeaderParam(Idempotency.HEADER) String key,
      String body) {
    checkPrefix(prefix);
    return mutation(
        key,
        "POST",
        "namespaces/" + namespace + "/views/" + view,
        body,
        () ->
            ok(
                service.updateView(
                    identifier(namespace, view),
                    IcebergJson.read(body, UpdateTableRequest.class))));
  }

  @DELETE
  @Path("/{prefix}/namespaces/{namespace}/views/{view}")
  public Response dropView(
      @PathParam("prefix") String prefix,
      @PathParam("namespace") @Encoded String namespace,
      @PathParam("view") @Encoded String view,
      @HeaderParam(Idempotency.HEADER) String key) {
    checkPrefix(prefix);
    return mutation(
        key,
        "DELETE",
        "namespaces/" + namespace + "/views/" + view,
        null,
        () -> {
          service.dropView(identifier(namespace, view));
          return noContent();
        });
  }

  @POST
  @Path("/{prefix}/views/rename")
  public Response renameView(
      @PathParam("prefix") String prefix,
      @HeaderParam(Idempotency.HEADER) String key,
      String body) {
    checkPrefix(prefix);
    return mutation(
        key,
        "POST",
        "views/rename",
        body,
        () -> {
          service.renameView(IcebergJson.read(body, RenameTableRequest.class));
          return noContent();
        });
  }

  // ---- helpers

  private Response mutation(
      String key, String method, String path, String body, Supplier<Idempotency.Answer> action) {
    Idempotency.Answer answer =
        idempotency.execute(context.caller().principal(), key, method, path, body, action);
    return answer.body() == null
        ? Response.status(answer.status()).build()
        : Response.status(answer.status())
            .entity(answer.body())
            .type(MediaType.APPLICATION_JSON_TYPE)
            .build();
  }

  private static Idempotency.Answer ok(Object response) {
    return new Idempotency.Answer(200, IcebergJson.write(response));
  }

  private static Idempotency.Answer noContent() {
    return new Idempotency.Answer(204, null);
  }

  private static Response json(Object response) {
    return Response.ok(IcebergJson.write(response), MediaType.APPLICATION_JSON_TYPE).build();
  }

  private void checkPrefix(String prefix) {
    if (!catalogs.warehouseName().equals(prefix)) {
      throw new NotFoundException(
          "Unknown prefix '"
              + prefix
              + "': this catalog serves warehouse "
              + catalogs.warehouseName());
    }
  }

  // Read as text: a number that does not convert would otherwise be answered 404, which an Iceberg
  // client takes for a missing namespace.
  private static Integer checkPageSize(String pageSize) {
    OptionalInt size = QueryNumbers.bounded("pageSize", pageSize, 1000);
    return size.isPresent() ? size.getAsInt() : null;
  }

  private static TableIdentifier identifier(String namespace, String name) {
    return TableIdentifier.of(RESTUtil.decodeNamespace(namespace), RESTUtil.decodeString(name));
  }

  private static EntityTag etag(String metadataLocation) {
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256")
              .digest(String.valueOf(metadataLocation).getBytes(StandardCharsets.UTF_8));
      return new EntityTag(HexFormat.of().formatHex(digest, 0, 16));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static boolean matches(String ifNoneMatch, EntityTag tag) {
    for (String candidate : ifNoneMatch.split(",")) {
      String value = candidate.strip();
      if (value.startsWith("W/")) {
        value = value.substring(2);
      }
      if (value.equals("*") || value.equals("\"" + tag.getValue() + "\"")) {
        return true;
      }
    }
    return false;
  }
}

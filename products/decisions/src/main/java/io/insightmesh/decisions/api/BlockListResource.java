package io.insightmesh.decisions.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.insightmesh.decisions.admin.BlockList;
import io.insightmesh.decisions.admin.BlockListAdministration;
import io.insightmesh.decisions.admin.InvalidBlockListRequestException;
import io.insightmesh.decisions.service.Administration;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The block lists API: {@code bank-accounts}, {@code ninos} and {@code devices}. Reading is for
 * admins, analysts and case workers, but entries are personal data, so analysts get counts only,
 * and the others give a {@code reason} and are audited before they get entries; the history of
 * changes ({@code GET /{list}/changes}, newest first: who blocked and unblocked what, when and why)
 * is for case workers and admins alone, on the same terms; adding ({@code POST /{list} {"value":
 * ..., "reason": ...}}) and removing ({@code POST /{list}/removals} with the same body) are for
 * admins and analysts. A value only ever travels in a body: paths end up in access logs, proxies
 * and browser history. A change answers only once it is durable, and the next claim assessed sees
 * it. Errors name the list's format, never the value.
 */
@Path("/api/v1/blocklists")
@Produces(MediaType.APPLICATION_JSON)
public class BlockListResource {
  /** The most entries one page returns. */
  static final int MAX_LIMIT = 1_000;

  private static final Set<String> CHANGE_FIELDS = Set.of("value", "reason");

  private final BlockListAdministration blockLists;

  public BlockListResource(Administration administration) {
    this.blockLists = administration.blockLists();
  }

  @GET
  @RolesAllowed({"admin", "analyst", "case-worker"})
  public Map<String, Object> counts() {
    List<BlockListView> lists =
        List.of(BlockList.values()).stream()
            .map(
                list ->
                    new BlockListView(list.pathName(), blockLists.count(list), null, null, null))
            .toList();
    return Map.of("lists", lists);
  }

  @GET
  @Path("/{list}")
  @RolesAllowed({"admin", "analyst", "case-worker"})
  public BlockListView list(
      @PathParam("list") String name,
      @QueryParam("offset") String offsetParameter,
      @QueryParam("limit") String limitParameter,
      @QueryParam("reason") String reason,
      @Context SecurityContext security) {
    BlockList list = BlockList.named(name);
    int offset = integer(list, "offset", offsetParameter, 0, 0, Integer.MAX_VALUE);
    int limit = integer(list, "limit", limitParameter, 100, 1, MAX_LIMIT);
    // Analysts get the count alone, which discloses no one, so they need no reason.
    if (!security.isUserInRole("admin") && !security.isUserInRole("case-worker")) {
      return new BlockListView(list.pathName(), blockLists.count(list), null, null, null);
    }
    List<BlockListView.EntryView> entries =
        blockLists.entries(list, offset, limit, reason, RulesResource.principal(security)).stream()
            .map(BlockListView.EntryView::of)
            .toList();
    return new BlockListView(list.pathName(), blockLists.count(list), offset, limit, entries);
  }

  @GET
  @Path("/{list}/changes")
  @RolesAllowed({"admin", "case-worker"})
  public BlockListChangesView changes(
      @PathParam("list") String name,
      @QueryParam("offset") String offsetParameter,
      @QueryParam("limit") String limitParameter,
      @QueryParam("reason") String reason,
      @Context SecurityContext security) {
    BlockList list = BlockList.named(name);
    int offset = integer(list, "offset", offsetParameter, 0, 0, Integer.MAX_VALUE);
    int limit = integer(list, "limit", limitParameter, 100, 1, MAX_LIMIT);
    List<BlockListChangesView.ChangeView> changes =
        blockLists.changes(list, offset, limit, reason, RulesResource.principal(security)).stream()
            .map(BlockListChangesView.ChangeView::of)
            .toList();
    return new BlockListChangesView(
        list.pathName(), blockLists.changeCount(list), offset, limit, changes);
  }

  @POST
  @Path("/{list}")
  @Consumes(MediaType.APPLICATION_JSON)
  @RolesAllowed({"admin", "analyst"})
  public Response add(
      @PathParam("list") String name, JsonNode body, @Context SecurityContext security) {
    BlockList list = BlockList.named(name);
    checkFields(list, body);
    boolean added =
        blockLists.add(
            list,
            text(list, body, "value"),
            text(list, body, "reason"),
            RulesResource.principal(security));
    Map<String, Object> answer = new LinkedHashMap<>();
    answer.put("list", list.pathName());
    answer.put("added", added);
    answer.put("count", blockLists.count(list));
    return Response.status(added ? 201 : 200).entity(answer).build();
  }

  @POST
  @Path("/{list}/removals")
  @Consumes(MediaType.APPLICATION_JSON)
  @RolesAllowed({"admin", "analyst"})
  public Response remove(
      @PathParam("list") String name, JsonNode body, @Context SecurityContext security) {
    BlockList list = BlockList.named(name);
    checkFields(list, body);
    blockLists.remove(
        list,
        text(list, body, "value"),
        text(list, body, "reason"),
        RulesResource.principal(security));
    return Response.noContent().build();
  }

  private static void checkFields(BlockList list, JsonNode body) {
    if (body == null || !body.isObject()) {
      throw new InvalidBlockListRequestException(
          "Block list " + list.pathName() + ": the body must be {\"value\": ..., \"reason\": ...}");
    }
    for (Iterator<String> fields = body.fieldNames(); fields.hasNext(); ) {
      String field = fields.next();
      if (!CHANGE_FIELDS.contains(field)) {
        throw new InvalidBlockListRequestException(
            // The field's name is not echoed: a misplaced value could be in it.
            "Block list "
                + list.pathName()
                + ": the body has an unknown field; known fields are [reason, value]");
      }
    }
  }

  private static String text(BlockList list, JsonNode body, String field) {
    JsonNode value = body.get(field);
    if (value == null || value.isNull()) {
      throw new InvalidBlockListRequestException(
          "Block list " + list.pathName() + ": field " + field + " is required");
    }
    if (!value.isTextual()) {
      throw new InvalidBlockListRequestException(
          "Block list " + list.pathName() + ": field " + field + " must be text");
    }
    return value.asText();
  }

  private static int integer(
      BlockList list, String field, String parameter, int fallback, int min, int max) {
    if (parameter == null) {
      return fallback;
    }
    try {
      int value = Integer.parseInt(parameter);
      if (value >= min && value <= max) {
        return value;
      }
    } catch (NumberFormatException e) {
      // Answered below, like a value out of range.
    }
    throw new InvalidBlockListRequestException(
        "Block list "
            + list.pathName()
            + ": field "
            + field
            + " must be a whole number from "
            + min
            + " to "
            + max);
  }
}

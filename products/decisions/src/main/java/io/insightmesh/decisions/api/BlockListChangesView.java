package io.insightmesh.decisions.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.insightmesh.decisions.admin.BlockListChange;
import java.util.List;

/**
 * A page of one block list's changes as {@code GET /api/v1/blocklists/{list}/changes} answers it,
 * newest first. Personal data: only case workers and admins get it.
 *
 * @param total how many changes the list has had
 */
public record BlockListChangesView(
    @JsonProperty("list") String list,
    @JsonProperty("total") int total,
    @JsonProperty("offset") int offset,
    @JsonProperty("limit") int limit,
    @JsonProperty("changes") List<ChangeView> changes) {

  /** One change; a removal made before removals took a reason has none. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record ChangeView(
      @JsonProperty("op") String op,
      @JsonProperty("value") String value,
      @JsonProperty("reason") String reason,
      @JsonProperty("by") String by,
      @JsonProperty("at") String at) {
    static ChangeView of(BlockListChange change) {
      return new ChangeView(
          change.op().wire(), change.value(), change.reason(), change.by(), change.at().toString());
    }
  }
}

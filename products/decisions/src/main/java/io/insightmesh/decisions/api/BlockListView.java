package io.insightmesh.decisions.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.insightmesh.decisions.admin.BlockListEntry;
import java.util.List;

/**
 * One block list as {@code GET /api/v1/blocklists/{list}} answers it: its size for everyone allowed
 * to ask, its entries (personal data) only for case workers and admins.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record BlockListView(
    @JsonProperty("list") String list,
    @JsonProperty("count") int count,
    @JsonProperty("offset") Integer offset,
    @JsonProperty("limit") Integer limit,
    @JsonProperty("entries") List<EntryView> entries) {

  /** One entry. */
  public record EntryView(
      @JsonProperty("value") String value,
      @JsonProperty("reason") String reason,
      @JsonProperty("added_by") String addedBy,
      @JsonProperty("added_at") String addedAt) {
    static EntryView of(BlockListEntry entry) {
      return new EntryView(
          entry.value(), entry.reason(), entry.addedBy(), entry.addedAt().toString());
    }
  }
}

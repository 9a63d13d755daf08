package io.insightmesh.catalog.lineage;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonRawValue;
import java.util.List;

/**
 * A run of a job as its events left it: its state ({@code START}, {@code RUNNING}, {@code
 * COMPLETE}, {@code FAIL}, {@code ABORT}, or {@code OTHER} while only OTHER events arrived), times
 * (RFC 3339, UTC), the newest run facets and the datasets it read and wrote, by node id.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record LineageRun(
    String runId,
    String state,
    String stateAt,
    String startedAt,
    String endedAt,
    Long durationMs,
    @JsonRawValue String facets,
    List<String> inputs,
    List<String> outputs,
    String createdAt,
    String updatedAt) {}

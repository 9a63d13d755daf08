package io.insightmesh.sdk.publish;

import static java.util.Objects.requireNonNull;

import java.nio.file.Path;
import java.util.Map;

/** Where a pipeline reads from, in which format, and the release version it produces. */
public record PipelineInput(
    Path location, String format, String version, Map<String, String> options) {
  public PipelineInput {
    requireNonNull(location, "location is null");
    requireNonNull(format, "format is null");
    requireNonNull(version, "version is null");
    options = Map.copyOf(options);
  }
}

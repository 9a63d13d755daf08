package io.insightmesh.sdk.publish;

/** A release that is published: its tag points at {@code snapshotId} and the registry has it. */
public record PublishResult(
    String product,
    String version,
    String table,
    long snapshotId,
    long rowCount,
    boolean alreadyPublished,
    QualityReport quality) {}

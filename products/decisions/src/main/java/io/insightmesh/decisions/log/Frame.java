package io.insightmesh.decisions.log;

/**
 * A valid frame read from a segment.
 *
 * @param sequence the record's sequence
 * @param payload a copy of the payload, or null when the reader only verified the frame
 * @param nextPosition the offset just past this frame
 */
record Frame(long sequence, byte[] payload, long nextPosition) {}

package io.insightmesh.catalog.registry;

/** Whether a product holds personal data; a PII product's readers are checked by policy. */
public enum Classification {
  PII,
  NON_PII
}

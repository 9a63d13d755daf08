package io.insightmesh.sdk.contract;

import io.insightmesh.sdk.MeshException;

/**
 * A proposed release breaks the versioning rules of DESIGN.md §4, e.g. its version bump is smaller
 * than the change it carries; the message names the versions and every field that needs more.
 */
public class ContractViolationException extends MeshException {
  public ContractViolationException(String message) {
    super(message);
  }
}

package io.insightmesh.decisions.table;

/** The profile release asked for (or any release, when the latest is asked for) does not exist. */
public final class ProfileReleaseNotFoundException extends RuntimeException {
  ProfileReleaseNotFoundException(String message) {
    super(message);
  }
}

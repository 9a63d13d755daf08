package io.insightmesh.sdk.publish;

/**
 * The publishing commit failed in a way that does not say whether it landed (Iceberg's {@code
 * CommitStateUnknownException}, a timeout, a server error) and its tags are not visible: the
 * release may or may not be published. Nothing is discarded or retried; the same publish run again
 * finds the release if it landed, records it, and does not duplicate it.
 */
public class PublishOutcomeUnknownException extends PublishException {
  public PublishOutcomeUnknownException(String message, Throwable cause) {
    super(message, cause);
  }
}

package io.insightmesh.catalog.http;

import io.insightmesh.catalog.iceberg.ContractViolationException;
import io.insightmesh.catalog.lineage.InvalidLineageEventException;
import io.insightmesh.catalog.lineage.LineageConflictException;
import io.insightmesh.catalog.lineage.LineageEventTooLargeException;
import io.insightmesh.catalog.lineage.NoSuchLineageNodeException;
import io.insightmesh.catalog.registry.ContractConflictException;
import io.insightmesh.catalog.registry.NoSuchContractException;
import io.insightmesh.catalog.registry.NoSuchProductException;
import io.insightmesh.catalog.registry.ProductAlreadyExistsException;
import io.insightmesh.catalog.registry.ProductLifecycleException;
import io.insightmesh.catalog.registry.ReleaseConflictException;
import io.insightmesh.catalog.security.AccessDeniedException;
import io.insightmesh.catalog.security.NoSuchPrincipalException;
import io.insightmesh.catalog.security.NotAuthenticatedException;
import io.insightmesh.catalog.security.PrincipalAlreadyExistsException;
import io.insightmesh.catalog.security.SignInsThrottledException;
import io.insightmesh.catalog.store.StoreException;
import jakarta.ws.rs.WebApplicationException;
import java.util.List;
import org.apache.iceberg.exceptions.AlreadyExistsException;
import org.apache.iceberg.exceptions.BadRequestException;
import org.apache.iceberg.exceptions.CommitFailedException;
import org.apache.iceberg.exceptions.CommitStateUnknownException;
import org.apache.iceberg.exceptions.ForbiddenException;
import org.apache.iceberg.exceptions.NamespaceNotEmptyException;
import org.apache.iceberg.exceptions.NoSuchNamespaceException;
import org.apache.iceberg.exceptions.NoSuchTableException;
import org.apache.iceberg.exceptions.NoSuchViewException;
import org.apache.iceberg.exceptions.NotAuthorizedException;
import org.apache.iceberg.exceptions.ServiceUnavailableException;
import org.apache.iceberg.exceptions.ValidationException;

/**
 * The one table from failure condition to HTTP status and the error type clients see. Iceberg
 * clients act on the type names (a commit answered 500/503 is an unknown outcome, never retried
 * blindly); our own APIs use the same statuses.
 */
public enum ErrorCode {
  NOT_AUTHENTICATED(401, "NotAuthorizedException", NotAuthenticatedException.class),
  ICEBERG_NOT_AUTHORIZED(401, "NotAuthorizedException", NotAuthorizedException.class),
  ACCESS_DENIED(403, "ForbiddenException", AccessDeniedException.class),
  ICEBERG_FORBIDDEN(403, "ForbiddenException", ForbiddenException.class),
  NO_SUCH_NAMESPACE(404, "NoSuchNamespaceException", NoSuchNamespaceException.class),
  NO_SUCH_TABLE(404, "NoSuchTableException", NoSuchTableException.class),
  NO_SUCH_VIEW(404, "NoSuchViewException", NoSuchViewException.class),
  NO_SUCH_PRINCIPAL(404, "NoSuchPrincipalException", NoSuchPrincipalException.class),
  NO_SUCH_PRODUCT(404, "NoSuchProductException", NoSuchProductException.class),
  NO_SUCH_CONTRACT(404, "NoSuchContractException", NoSuchContractException.class),
  NO_SUCH_LINEAGE_NODE(404, "NoSuchLineageNodeException", NoSuchLineageNodeException.class),
  NAMESPACE_NOT_EMPTY(409, "NamespaceNotEmptyException", NamespaceNotEmptyException.class),
  ALREADY_EXISTS(409, "AlreadyExistsException", AlreadyExistsException.class),
  COMMIT_CONFLICT(409, "CommitFailedException", CommitFailedException.class),
  PRODUCT_ALREADY_EXISTS(409, "ProductAlreadyExistsException", ProductAlreadyExistsException.class),
  PRINCIPAL_ALREADY_EXISTS(
      409, "PrincipalAlreadyExistsException", PrincipalAlreadyExistsException.class),
  PRODUCT_LIFECYCLE_CONFLICT(409, "ProductLifecycleException", ProductLifecycleException.class),
  RELEASE_CONFLICT(409, "ReleaseConflictException", ReleaseConflictException.class),
  CONTRACT_CONFLICT(409, "ContractConflictException", ContractConflictException.class),
  LINEAGE_CONFLICT(409, "LineageConflictException", LineageConflictException.class),
  SIGN_INS_THROTTLED(429, "TooManyRequestsException", SignInsThrottledException.class),
  LINEAGE_EVENT_TOO_LARGE(
      413, "LineageEventTooLargeException", LineageEventTooLargeException.class),
  CONTRACT_VIOLATION(422, "ContractViolationException", ContractViolationException.class),
  COMMIT_STATE_UNKNOWN(500, "CommitStateUnknownException", CommitStateUnknownException.class),
  BAD_REQUEST(400, "BadRequestException", BadRequestException.class),
  INVALID_LINEAGE_EVENT(400, "InvalidLineageEventException", InvalidLineageEventException.class),
  VALIDATION(400, "ValidationException", ValidationException.class),
  ILLEGAL_ARGUMENT(400, "IllegalArgumentException", IllegalArgumentException.class),
  UNSUPPORTED(406, "UnsupportedOperationException", UnsupportedOperationException.class),
  STORE_UNAVAILABLE(503, "ServiceUnavailableException", StoreException.class),
  // An Iceberg client treats a commit answered 503 as of unknown outcome, and never re-applies it.
  IDEMPOTENT_REQUEST_UNANSWERED(
      503, "ServiceUnavailableException", Idempotency.OutcomeUnknownException.class),
  SERVICE_UNAVAILABLE(503, "ServiceUnavailableException", ServiceUnavailableException.class),
  INTERNAL(500, "InternalServerError", Throwable.class);

  private static final List<ErrorCode> MATCH_ORDER = List.of(values());

  private final int status;
  private final String type;
  private final Class<? extends Throwable> exception;

  ErrorCode(int status, String type, Class<? extends Throwable> exception) {
    this.status = status;
    this.type = type;
    this.exception = exception;
  }

  public int status() {
    return status;
  }

  public String type() {
    return type;
  }

  /** The first matching entry; more specific exceptions are listed before their supertypes. */
  public static ErrorCode of(Throwable failure) {
    for (ErrorCode code : MATCH_ORDER) {
      if (code.exception.isInstance(failure)) {
        return code;
      }
    }
    return INTERNAL;
  }

  /** The status of a JAX-RS exception that already carries one (404 route, 405, 413, 415). */
  static int statusOf(WebApplicationException failure) {
    return failure.getResponse().getStatus();
  }
}

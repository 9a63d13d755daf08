package io.insightmesh.catalog.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import io.insightmesh.catalog.iceberg.IcebergJson;
import io.insightmesh.catalog.security.CallerContext;
import io.insightmesh.catalog.security.SignInsThrottledException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.iceberg.rest.responses.ErrorResponse;
import org.jboss.logging.Logger;

/**
 * The one place failures become HTTP answers and are logged. Iceberg endpoints answer in the spec's
 * {@code ErrorResponse} shape; every other API in {@code {"error": {...}}}.
 */
@Provider
public class ApiExceptionMapper implements ExceptionMapper<Throwable> {
  private static final Logger LOG = Logger.getLogger(ApiExceptionMapper.class);

  private final UriInfo uri;
  private final CallerContext context;

  public ApiExceptionMapper(UriInfo uri, CallerContext context) {
    this.uri = uri;
    this.context = context;
  }

  @Override
  public Response toResponse(Throwable thrown) {
    Throwable failure = bodyFailure(thrown);
    ErrorCode code = ErrorCode.of(failure);
    int status = code.status();
    String type = code.type();
    String message = failure.getMessage();
    if (failure instanceof WebApplicationException web) {
      status = ErrorCode.statusOf(web);
      type = status == 404 ? "NotFoundException" : web.getClass().getSimpleName();
    }
    if (status >= 500) {
      if (code == ErrorCode.INTERNAL) {
        LOG.errorf(failure, "Request %s failed", context.requestId());
        message = "Internal error; see the service log for request " + context.requestId();
      } else {
        LOG.warnf(failure, "Request %s: %s", context.requestId(), type);
      }
    } else {
      LOG.debugf("Request %s refused (%d %s): %s", context.requestId(), status, type, message);
    }
    if (message == null) {
      message = type;
    }

    Response.ResponseBuilder response = Response.status(status);
    if (status == 401) {
      response.header(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"insight-mesh\"");
    }
    if (failure instanceof SignInsThrottledException throttled) {
      response.header(HttpHeaders.RETRY_AFTER, throttled.retryAfterSeconds());
    }
    String path = uri.getPath();
    if (path.startsWith("/iceberg")) {
      ErrorResponse error =
          ErrorResponse.builder().responseCode(status).withType(type).withMessage(message).build();
      return response.entity(IcebergJson.write(error)).type(MediaType.APPLICATION_JSON).build();
    }
    Map<String, Object> error = new LinkedHashMap<>();
    error.put("code", status);
    error.put("type", type);
    error.put("message", message);
    error.put("requestId", context.requestId());
    return response.entity(Map.of("error", error)).type(MediaType.APPLICATION_JSON).build();
  }

  /**
   * A body Quarkus could not bind to a resource's parameter, as the 400 naming the field that the
   * bodies resources parse themselves get. Quarkus hands over a value of the wrong shape as it is,
   * and JSON that does not parse wrapped in a bare 400.
   */
  private static Throwable bodyFailure(Throwable failure) {
    if (failure instanceof MismatchedInputException mismatched) {
      return JsonBodyFailures.invalid(mismatched);
    }
    if (failure instanceof WebApplicationException web
        && ErrorCode.statusOf(web) == 400
        && web.getCause() instanceof JsonProcessingException unreadable) {
      return JsonBodyFailures.invalid(unreadable);
    }
    return failure;
  }
}

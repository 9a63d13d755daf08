package io.insightmesh.catalog.http;

import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import io.insightmesh.catalog.security.CallerContext;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

/**
 * Quarkus maps a body of the wrong shape for a resource's parameter itself, with a bare 400 in
 * production and a body in no shape of ours in tests; it ranks its mapper below an application's,
 * so this one, as specific, takes those failures and hands them to {@link ApiExceptionMapper}.
 */
@Provider
public class JsonBindingExceptionMapper implements ExceptionMapper<MismatchedInputException> {
  private final ApiExceptionMapper mapper;

  public JsonBindingExceptionMapper(UriInfo uri, CallerContext context) {
    this.mapper = new ApiExceptionMapper(uri, context);
  }

  @Override
  public Response toResponse(MismatchedInputException failure) {
    return mapper.toResponse(failure);
  }
}

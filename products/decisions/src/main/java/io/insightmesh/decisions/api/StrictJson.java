package io.insightmesh.decisions.api;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.jackson.ObjectMapperCustomizer;
import jakarta.inject.Singleton;

/**
 * Request bodies the RESTEasy resources read (a batch, a block-list entry, an outcome) are refused
 * when they say two things at once, as the single claim's own reader refuses them: a field given
 * twice (Jackson keeps the last without a word) or content after the JSON value (Jackson reads the
 * first and drops the rest, so {@code [..] [..]} answered the first batch and lost the second).
 */
@Singleton
public class StrictJson implements ObjectMapperCustomizer {
  @Override
  public void customize(ObjectMapper mapper) {
    mapper.enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    mapper.enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
  }
}

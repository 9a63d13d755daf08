package io.insightmesh.sdk.launcher;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Predicate;

/** Asks a component whether it serves requests. */
public final class HealthProbe {
  /** What a readiness check found. */
  public enum Health {
    UP,
    DOWN
  }

  private static final Duration TIMEOUT = Duration.ofSeconds(2);

  private final HttpClient http;

  public HealthProbe(HttpClient http) {
    this.http = http;
  }

  public HealthProbe() {
    this(HttpClient.newBuilder().connectTimeout(TIMEOUT).build());
  }

  /** {@link Health#UP} if {@code readinessUri} answers 200, {@link Health#DOWN} otherwise. */
  public Health check(URI readinessUri) {
    return check(readinessUri, body -> true);
  }

  /** The body {@code uri} answers with 200, if it answers so. */
  public Optional<String> body(URI uri) {
    HttpRequest request = HttpRequest.newBuilder(uri).timeout(TIMEOUT).GET().build();
    try {
      HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
      return response.statusCode() == 200 ? Optional.of(response.body()) : Optional.empty();
    } catch (IOException notAnswering) {
      return Optional.empty();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Optional.empty();
    }
  }

  /**
   * {@link Health#UP} if {@code readinessUri} answers 200 with a body that {@code ready} accepts.
   */
  public Health check(URI readinessUri, Predicate<String> ready) {
    HttpRequest request = HttpRequest.newBuilder(readinessUri).timeout(TIMEOUT).GET().build();
    try {
      HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
      return response.statusCode() == 200 && ready.test(response.body()) ? Health.UP : Health.DOWN;
    } catch (IOException notAnswering) {
      return Health.DOWN;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Health.DOWN;
    }
  }
}

package io.insightmesh.catalog.usage;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.insightmesh.catalog.security.TokenIssuer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Learning a Trino query's user from its coordinator, against a stand-in coordinator answering
 * {@code GET /v1/query/<id>} in Trino's shape (the real one is exercised by TrinoUsageIT).
 */
class TrinoQueryUsersTest {
  private static final String QUERY = "20310201_120000_00001_abcde";

  private HttpServer coordinator;
  private final List<String> asked = new CopyOnWriteArrayList<>();
  private final List<String> askedAs = new CopyOnWriteArrayList<>();
  private final List<String> bearers = new CopyOnWriteArrayList<>();

  @BeforeEach
  void startCoordinator() throws IOException {
    coordinator = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    coordinator.createContext(
        "/v1/query/",
        exchange -> {
          asked.add(exchange.getRequestURI().toString());
          askedAs.add(exchange.getRequestHeaders().getFirst("X-Trino-User"));
          bearers.add(String.valueOf(exchange.getRequestHeaders().getFirst("Authorization")));
          boolean known = exchange.getRequestURI().getPath().endsWith(QUERY);
          byte[] body =
              (known
                      ? "{\"queryId\":\"" + QUERY + "\",\"session\":{\"user\":\"analyst\"}}"
                      : "{\"message\":\"Query not found\"}")
                  .getBytes(StandardCharsets.UTF_8);
          exchange.sendResponseHeaders(known ? 200 : 404, body.length);
          try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
          }
        });
    coordinator.start();
  }

  @AfterEach
  void stopCoordinator() {
    coordinator.stop(0);
  }

  private URI uri() {
    return URI.create("http://127.0.0.1:" + coordinator.getAddress().getPort());
  }

  private String namespace() {
    return "trino://127.0.0.1:" + coordinator.getAddress().getPort();
  }

  private static TrinoQueryUsers users(Optional<URI> uri) {
    return new TrinoQueryUsers(
        () ->
            new UsageConfig.Trino() {
              @Override
              public Optional<URI> uri() {
                return uri;
              }

              @Override
              public Optional<String> namespace() {
                return Optional.empty();
              }

              @Override
              public Optional<Path> certificate() {
                return Optional.empty();
              }

              @Override
              public String user() {
                return "insight-mesh-catalog";
              }

              @Override
              public Duration timeout() {
                // The stand-in answers at once, unless the machine is loaded; a timeout is not
                // what these tests are about (the product's default is UsageConfig's).
                return Duration.ofSeconds(60);
              }
            },
        user -> Optional.of(new TokenIssuer.IssuedToken("token-of-" + user, Duration.ofHours(1))));
  }

  @Test
  void asksTheConfiguredCoordinatorForTheQuerysUser() {
    assertThat(users(Optional.of(uri())).userOf(namespace(), QUERY)).contains("analyst");
    assertThat(asked).containsExactly("/v1/query/" + QUERY + "?pruned=true");
    assertThat(askedAs).containsExactly("insight-mesh-catalog");
    assertThat(bearers).as("no token over plain HTTP").containsExactly("null");
  }

  @Test
  void aQueryTheCoordinatorNoLongerKnowsHasNoUser() {
    assertThat(users(Optional.of(uri())).userOf(namespace(), "20310201_120000_00002_abcde"))
        .isEmpty();
  }

  @Test
  void neverAsksAnotherServerOrForSomethingThatIsNotAQueryId() {
    TrinoQueryUsers users = users(Optional.of(uri()));

    assertThat(users.userOf("trino://elsewhere:8080", QUERY)).isEmpty();
    assertThat(users.userOf(namespace(), "../../v1/node")).isEmpty();
    assertThat(users(Optional.empty()).userOf(namespace(), QUERY)).isEmpty();
    assertThat(asked).isEmpty();
  }

  @Test
  void anUnreachableCoordinatorHasNoUser() {
    URI gone = uri();
    coordinator.stop(0);

    assertThat(users(Optional.of(gone)).userOf(namespace(), QUERY)).isEmpty();
  }
}

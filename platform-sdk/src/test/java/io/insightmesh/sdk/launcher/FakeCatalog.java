package io.insightmesh.sdk.launcher;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * Stands in for the packaged catalog service in launcher tests: a separate JVM that reads its port
 * and data directory the way the real one does, seeds credentials, answers readiness and issues
 * tokens, and logs where it was told Trino's clients connect. Marker files in the data directory
 * make it fail in the ways a real one can.
 *
 * <p>Runs from a jar holding this one class, so it must stay free of nested classes.
 */
public final class FakeCatalog {
  /** Present in the data directory: exit while starting, as on a broken metadata store. */
  public static final String FAIL_ON_START = "fake-fail-on-start";

  /** Present in the data directory: run, but never report ready. */
  public static final String NEVER_READY = "fake-never-ready";

  private FakeCatalog() {}

  public static void main(String[] arguments) throws IOException {
    Path data = Path.of(System.getenv(PlatformLayout.DATA_DIRECTORY_VARIABLE));
    int port = Integer.getInteger("quarkus.http.port", 8181);
    if (Files.exists(data.resolve(FAIL_ON_START))) {
      System.out.println("fake catalog: cannot open the metadata store");
      System.exit(3);
    }
    Path credentials = Files.createDirectories(data.resolve("catalog").resolve("credentials"));
    Files.writeString(credentials.resolve("admin"), "admin-secret\n");
    Files.writeString(credentials.resolve("analyst"), "analyst-secret\n");
    Files.writeString(credentials.resolve("trino"), "trino-secret\n");
    boolean ready = !Files.exists(data.resolve(NEVER_READY));

    HttpServer server = HttpServer.create(new InetSocketAddress(port), 0);
    server.createContext(
        "/q/health/ready",
        exchange ->
            respond(
                exchange, ready ? 200 : 503, "{\"status\":\"" + (ready ? "UP" : "DOWN") + "\"}"));
    server.createContext(
        "/oauth/token",
        exchange -> {
          Map<String, String> form =
              form(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
          Path secret = credentials.resolve(form.getOrDefault("client_id", "-"));
          if (Files.exists(secret)
              && Files.readString(secret).strip().equals(form.get("client_secret"))) {
            respond(
                exchange,
                200,
                "{\"access_token\":\"token-for-"
                    + form.get("client_id")
                    + "\",\"token_type\":\"bearer\"}");
          } else {
            respond(
                exchange,
                401,
                "{\"error\":\"invalid_client\",\"error_description\":\"client authentication failed\"}");
          }
        });
    server.createContext(
        "/api/v1/admin/principals/trino/tokens",
        exchange -> respond(exchange, 200, "{\"accessToken\":\"service-token-for-trino\"}"));
    // Before start(): the port already accepts connections, so a readiness probe queued meanwhile
    // is answered at start(), and the launcher may read this log or stop this JVM straight after.
    Runtime.getRuntime()
        .addShutdownHook(new Thread(() -> System.out.println("fake catalog stopped")));
    System.out.println("fake catalog listening on port " + port);
    System.out.println(
        "fake catalog: Trino's clients connect to "
            + System.getProperty("mesh.catalog.usage.trino.uri"));
    server.start();
  }

  private static Map<String, String> form(String body) {
    Map<String, String> form = new HashMap<>();
    for (String pair : body.split("&")) {
      int equals = pair.indexOf('=');
      if (equals > 0) {
        form.put(
            URLDecoder.decode(pair.substring(0, equals), StandardCharsets.UTF_8),
            URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8));
      }
    }
    return form;
  }

  private static void respond(HttpExchange exchange, int status, String json) throws IOException {
    byte[] body = json.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", "application/json");
    exchange.sendResponseHeaders(status, body.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(body);
    }
  }
}

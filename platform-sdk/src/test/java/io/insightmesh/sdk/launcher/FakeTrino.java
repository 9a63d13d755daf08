package io.insightmesh.sdk.launcher;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.Reader;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;

/**
 * Stands in for the Trino server in launcher tests: started by the {@code bin/java} of a fake Java
 * 25 home ({@link TestCheckouts#withFakeTrino}) with the {@code config.properties} the launcher
 * wrote, it holds both ports that file names and answers {@code /v1/info} as a started Trino does.
 */
public final class FakeTrino {
  private FakeTrino() {}

  public static void main(String[] arguments) throws IOException {
    Properties config = new Properties();
    try (Reader reader = Files.newBufferedReader(Path.of(arguments[0]))) {
      config.load(reader);
    }
    int http = Integer.parseInt(config.getProperty("http-server.http.port"));
    int https = Integer.parseInt(config.getProperty("http-server.https.port"));
    // Held, not served: only the port matters to the launcher.
    ServerSocket clients = new ServerSocket();
    clients.bind(new InetSocketAddress(https));
    HttpServer server = HttpServer.create(new InetSocketAddress(http), 0);
    server.createContext(
        "/v1/info",
        exchange -> {
          byte[] body = "{\"starting\":false}".getBytes(StandardCharsets.UTF_8);
          exchange.sendResponseHeaders(200, body.length);
          try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
          }
        });
    // Before start(), as in FakeCatalog: once answered, the launcher may read the log at once.
    System.out.println("fake trino listening on ports " + http + " and " + https);
    server.start();
  }
}

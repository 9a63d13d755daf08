package io.insightmesh.it.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;

/**
 * A policy service in the shape of Trino's OPA access-control plugin that allows everything: the
 * query benchmark compares catalogs, and the catalog's own policy knows only the {@code mesh}
 * catalog, so the reference catalog would be refused. Only for the benchmark, on 127.0.0.1.
 */
final class AllowAllPolicy implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final HttpServer server;

  private AllowAllPolicy(HttpServer server) {
    this.server = server;
  }

  static AllowAllPolicy start() {
    try {
      HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
      server.createContext(
          "/",
          exchange -> {
            JsonNode input;
            try (InputStream in = exchange.getRequestBody()) {
              input = JSON.readTree(in);
            }
            String path = exchange.getRequestURI().getPath();
            ObjectNode answer = JSON.createObjectNode();
            if (path.endsWith("/batch")) {
              ArrayNode all = answer.putArray("result");
              int count = input.path("input").path("action").path("filterResources").size();
              for (int i = 0; i < count; i++) {
                all.add(i);
              }
            } else if (path.endsWith("/row-filters") || path.endsWith("/column-masks")) {
              answer.putArray("result");
            } else {
              answer.put("result", true);
            }
            byte[] body = JSON.writeValueAsBytes(answer);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
              out.write(body);
            }
          });
      server.start();
      return new AllowAllPolicy(server);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  URI uri() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/policy");
  }

  @Override
  public void close() {
    server.stop(0);
  }
}

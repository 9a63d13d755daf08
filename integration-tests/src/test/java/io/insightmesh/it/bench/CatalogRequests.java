package io.insightmesh.it.bench;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The catalog's own count of the requests it served and the time it spent on them, per endpoint
 * (Quarkus' {@code http_server_requests_seconds} at {@code /q/metrics}, whose {@code uri} label is
 * the path template, so the engine's credential in policy paths never shows): two snapshots around
 * a run say what the run cost the catalog, server side.
 */
final class CatalogRequests {
  private static final Pattern SERIES =
      Pattern.compile(
          // Label values are quoted and may hold braces: path templates do.
          "^http_server_requests_seconds_(count|sum)\\{((?:[^\"}]|\"[^\"]*\")*)\\}\\s+([0-9.eE+-]+)$",
          Pattern.MULTILINE);
  private static final Pattern LABEL = Pattern.compile("(\\w+)=\"([^\"]*)\"");

  /** Requests to one endpoint: how many, and the seconds the server spent on them. */
  record Endpoint(String method, String uri, double count, double seconds) {
    Endpoint {
      requireNonNull(method, "method is null");
      requireNonNull(uri, "uri is null");
    }

    /** {@code POST policy allow}, {@code GET iceberg …/tables/{table}}: what the report shows. */
    String label() {
      String path =
          uri.replace("/api/v1/policy/trino/{credential}/", "policy ")
              .replace("/iceberg/v1/{prefix}", "iceberg")
              .replace("/iceberg/v1", "iceberg");
      return method + " " + path;
    }

    boolean policy() {
      return uri.startsWith("/api/v1/policy/");
    }
  }

  private final Map<String, Endpoint> endpoints;

  private CatalogRequests(Map<String, Endpoint> endpoints) {
    this.endpoints = endpoints;
  }

  /** The catalog's counters now, read once as a {@link MetricsScraper} reads them. */
  static CatalogRequests scrape(URI catalog) {
    try {
      return parse(MetricsScraper.readOnce(catalog));
    } catch (IOException e) {
      throw new IllegalStateException("Cannot read the catalog's metrics at " + catalog, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** The catalog's counters in its Prometheus text, as a {@link MetricsScraper} reads it. */
  static CatalogRequests parse(String exposition) {
    Map<String, Endpoint> endpoints = new TreeMap<>();
    Matcher series = SERIES.matcher(exposition);
    while (series.find()) {
      String method = "";
      String uri = "";
      Matcher label = LABEL.matcher(series.group(2));
      while (label.find()) {
        if (label.group(1).equals("method")) {
          method = label.group(2);
        } else if (label.group(1).equals("uri")) {
          uri = label.group(2);
        }
      }
      double value = Double.parseDouble(series.group(3));
      boolean count = series.group(1).equals("count");
      // Outcomes and statuses are separate series of one endpoint: they add up.
      endpoints.merge(
          method + " " + uri,
          new Endpoint(method, uri, count ? value : 0, count ? 0 : value),
          (a, b) ->
              new Endpoint(a.method(), a.uri(), a.count() + b.count(), a.seconds() + b.seconds()));
    }
    return new CatalogRequests(endpoints);
  }

  /**
   * What was served between {@code earlier} and this snapshot, per endpoint that served anything
   * but the metrics themselves.
   */
  List<Endpoint> since(CatalogRequests earlier) {
    List<Endpoint> served = new ArrayList<>();
    for (Endpoint now : endpoints.values()) {
      Endpoint before = earlier.endpoints.get(now.method() + " " + now.uri());
      double count = now.count() - (before == null ? 0 : before.count());
      if (count <= 0 || now.uri().equals("/q/metrics")) {
        continue;
      }
      served.add(
          new Endpoint(
              now.method(),
              now.uri(),
              count,
              now.seconds() - (before == null ? 0 : before.seconds())));
    }
    return served;
  }
}

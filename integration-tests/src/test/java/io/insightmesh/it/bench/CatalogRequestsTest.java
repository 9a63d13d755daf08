package io.insightmesh.it.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class CatalogRequestsTest {
  private static String metrics(double commits, double commitSeconds, double scrapes) {
    return """
        # TYPE http_server_requests_seconds summary
        http_server_requests_seconds_count{method="POST",outcome="SUCCESS",status="200",\
        uri="/iceberg/v1/{prefix}/namespaces/{namespace}/tables/{table}"} %s
        http_server_requests_seconds_sum{method="POST",outcome="SUCCESS",status="200",\
        uri="/iceberg/v1/{prefix}/namespaces/{namespace}/tables/{table}"} %s
        http_server_requests_seconds_count{method="POST",outcome="CLIENT_ERROR",status="409",\
        uri="/iceberg/v1/{prefix}/namespaces/{namespace}/tables/{table}"} 1.0
        http_server_requests_seconds_sum{method="POST",outcome="CLIENT_ERROR",status="409",\
        uri="/iceberg/v1/{prefix}/namespaces/{namespace}/tables/{table}"} 0.5
        http_server_requests_seconds_count{method="GET",outcome="SUCCESS",status="200",\
        uri="/q/metrics"} %s
        http_server_requests_seconds_sum{method="GET",outcome="SUCCESS",status="200",\
        uri="/q/metrics"} 0.2
        http_server_requests_seconds_count{method="GET",outcome="SUCCESS",status="200",\
        uri="/api/v1/products"} 7.0
        jvm_threads_live_threads 40.0
        """
        .formatted(commits, commitSeconds, scrapes);
  }

  @Test
  void aWindowShowsWhatTheCatalogServedInItButNotItsOwnScrapes() {
    CatalogRequests before = CatalogRequests.parse(metrics(10, 2.0, 3));
    CatalogRequests after = CatalogRequests.parse(metrics(14, 3.0, 7));

    // Statuses of one endpoint add up; an endpoint that served nothing new and the scrapes that
    // read these counts are left out.
    assertThat(after.since(before))
        .containsExactly(
            new CatalogRequests.Endpoint(
                "POST", "/iceberg/v1/{prefix}/namespaces/{namespace}/tables/{table}", 4.0, 1.0));
    assertThat(after.since(before).get(0).label())
        .isEqualTo("POST iceberg/namespaces/{namespace}/tables/{table}");
  }
}

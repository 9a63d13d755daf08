package io.insightmesh.it.harness;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.awaitility.Awaitility;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * An S3-compatible object store as a real process: s3proxy on its filesystem backend, with one
 * access key, the way an operator's MinIO or Ceph gateway stands beside the platform. The platform
 * reaches it only through the S3 API; tests look into it the same way ({@link #keys}).
 */
public final class S3Server implements AutoCloseable {
  /** The region every client signs for; s3proxy accepts any. */
  public static final String REGION = "us-east-1";

  private static final String ACCESS_KEY = "mesh-it-access";
  private static final String SECRET_KEY = "mesh-it-secret-" + Long.toHexString(System.nanoTime());

  private final Path directory;
  private final int port;
  private final Process process;
  private final S3Client client;

  private S3Server(Path directory, int port, Process process) {
    this.directory = directory;
    this.port = port;
    this.process = process;
    this.client =
        S3Client.builder()
            .endpointOverride(endpoint())
            .region(Region.of(REGION))
            .forcePathStyle(true)
            .credentialsProvider(
                StaticCredentialsProvider.create(
                    AwsBasicCredentials.create(ACCESS_KEY, SECRET_KEY)))
            .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
            .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
            .httpClient(UrlConnectionHttpClient.create())
            .build();
  }

  /** Starts s3proxy on a free loopback port, storing objects below {@code directory}. */
  public static S3Server start(Path directory) {
    String jar = System.getProperty("mesh.s3proxy.jar");
    if (jar == null || !Files.exists(Path.of(jar))) {
      throw new IllegalStateException(
          "s3proxy is missing (" + jar + "); run the pre-integration-test phase");
    }
    int port = ServiceProcess.freePort();
    Path properties = directory.resolve("s3proxy.properties");
    Path log = directory.resolve("s3proxy.log");
    try {
      Files.createDirectories(directory.resolve("objects"));
      Files.write(
          properties,
          List.of(
              "s3proxy.endpoint=http://127.0.0.1:" + port,
              "s3proxy.authorization=aws-v2-or-v4",
              "s3proxy.identity=" + ACCESS_KEY,
              "s3proxy.credential=" + SECRET_KEY,
              "jclouds.provider=filesystem",
              "jclouds.filesystem.basedir=" + directory.resolve("objects")));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    Process process =
        ServiceProcess.start(
            List.of(
                ProcessHandle.current().info().command().orElse("java"),
                "-Xmx256m",
                "-jar",
                jar,
                "--properties",
                properties.toString()),
            Map.of(),
            log);
    HttpRequest root = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/")).build();
    Awaitility.await("s3proxy listening (log: " + log + ")")
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofMillis(200))
        .until(
            () -> {
              if (!process.isAlive()) {
                throw new IllegalStateException(
                    "s3proxy exited with " + process.exitValue() + "; see " + log);
              }
              try {
                // Any answer, 403 to an unsigned request included, means it serves the S3 API.
                ServiceProcess.HTTP.send(root, HttpResponse.BodyHandlers.discarding());
                return true;
              } catch (IOException notListeningYet) {
                return false;
              }
            });
    return new S3Server(directory, port, process);
  }

  public URI endpoint() {
    return URI.create("http://127.0.0.1:" + port);
  }

  /** The AWS SDK's standard variables with this store's access key, as an operator sets them. */
  public Map<String, String> credentialsEnvironment() {
    return Map.of("AWS_ACCESS_KEY_ID", ACCESS_KEY, "AWS_SECRET_ACCESS_KEY", SECRET_KEY);
  }

  /** The secret access key, to check that it appears nowhere it must not. */
  public String secretKey() {
    return SECRET_KEY;
  }

  public void createBucket(String bucket) {
    client.createBucket(request -> request.bucket(bucket));
  }

  /** Every object key below {@code prefix} in {@code bucket}, through the S3 API. */
  public List<String> keys(String bucket, String prefix) {
    return client
        .listObjectsV2Paginator(request -> request.bucket(bucket).prefix(prefix))
        .contents()
        .stream()
        .map(S3Object::key)
        .toList();
  }

  /** Where s3proxy keeps its files: nothing of the platform's must be written anywhere else. */
  public Path directory() {
    return directory;
  }

  @Override
  public void close() {
    client.close();
    ServiceProcess.stop(process, "s3proxy");
  }
}

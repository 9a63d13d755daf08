package io.insightmesh.it.harness;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Collectors;
import org.awaitility.Awaitility;

/**
 * A Spark standalone cluster on this machine, started once per test run: a master and one worker
 * (one core, 2 GB) as their own JVMs, started from the Spark jars on the test classpath as {@code
 * sbin/start-master.sh} and {@code sbin/start-worker.sh} start them from a Spark distribution.
 *
 * <p>The worker launches each application's executors as further JVMs. A distribution's worker puts
 * {@code $SPARK_HOME/jars/*} on their classpath; here there is no distribution, so {@code
 * SPARK_HOME} is an empty stand-in and {@link #executorSettings()} puts the test classpath there
 * instead: Spark, Iceberg and the pipelines' classes, which a real cluster gets from its own {@code
 * jars/} directory and {@code spark.jars}.
 */
public final class SparkStandaloneCluster implements AutoCloseable {
  private static final HttpClient HTTP =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(5))
          .build();
  private static final ObjectMapper JSON = new ObjectMapper();

  private static SparkStandaloneCluster shared;

  private final Path directory;
  private final Path classpath;
  private final int port = ServiceProcess.freePort();
  private final int webUiPort = ServiceProcess.freePort();
  private Process master;
  private Process worker;

  private SparkStandaloneCluster(Path directory) {
    this.directory = directory;
    this.classpath = directory.resolve("classpath.jar");
  }

  /** The shared cluster, started on first use and stopped when the test JVM exits. */
  public static synchronized SparkStandaloneCluster shared() {
    if (shared == null) {
      Path directory = Stores.workDirectory().resolve("spark-cluster");
      Stores.deleteRecursively(directory);
      shared = start(directory);
      Runtime.getRuntime().addShutdownHook(new Thread(shared::close));
    }
    return shared;
  }

  /** Starts a master and a worker with their logs and work directories under {@code directory}. */
  public static SparkStandaloneCluster start(Path directory) {
    SparkStandaloneCluster cluster = new SparkStandaloneCluster(directory);
    try {
      cluster.launch();
    } catch (RuntimeException e) {
      cluster.close();
      throw e;
    }
    return cluster;
  }

  private void launch() {
    try {
      Files.createDirectories(directory.resolve("spark-home/jars"));
      writeClasspathJar();
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot prepare the Spark cluster in " + directory, e);
    }
    master =
        startDaemon(
            "master",
            "org.apache.spark.deploy.master.Master",
            "--host",
            "127.0.0.1",
            "--port",
            String.valueOf(port),
            "--webui-port",
            String.valueOf(webUiPort));
    awaitUp(master, "master", () -> status() != null);
    worker =
        startDaemon(
            "worker",
            "org.apache.spark.deploy.worker.Worker",
            masterUrl(),
            "--host",
            "127.0.0.1",
            "--webui-port",
            String.valueOf(ServiceProcess.freePort()),
            "--cores",
            "1",
            "--memory",
            "2g",
            "--work-dir",
            directory.resolve("work").toString());
    awaitUp(
        worker,
        "worker",
        () -> {
          JsonNode status = status();
          return status != null && status.path("aliveworkers").asInt() >= 1;
        });
  }

  /** The URL drivers connect to, {@code spark://127.0.0.1:<port>}. */
  public String masterUrl() {
    return "spark://127.0.0.1:" + port;
  }

  /** Where the worker keeps each application's executor directories and logs. */
  public Path workDirectory() {
    return directory.resolve("work");
  }

  /**
   * A JAR whose manifest holds the test classpath: one short {@code -cp} for every JVM of the
   * cluster (master, worker, executors, and drivers), where the classpath itself would exceed
   * Linux's limit of 128 KiB per command-line argument as dependencies grow.
   */
  public Path classpath() {
    return classpath;
  }

  /** The JVM options of Spark's own launcher, as an argument file every Spark JVM here takes. */
  public static Path javaOptions() {
    return PostgresCluster.repositoryRoot().resolve("infra/spark/java-options");
  }

  /**
   * What a driver must set for its executors to run here: the classpath and JVM options of the
   * other Spark JVMs, and a heap that fits the worker's 2 GB. Less is not enough for the claims
   * product: Iceberg's writer keeps a Parquet file open per partition (day and scheme) that a task
   * holds, each with its page buffers and its claim_id bloom filter.
   */
  public Map<String, String> executorSettings() {
    return Map.of(
        "spark.executor.extraClassPath",
        classpath.toString(),
        "spark.executor.extraJavaOptions",
        "@" + javaOptions(),
        "spark.executor.memory",
        "1536m",
        "spark.executorEnv.SPARK_LOCAL_IP",
        "127.0.0.1");
  }

  /** The master's state as its web UI serves it at {@code /json/}, or null if it is not up. */
  public JsonNode status() {
    HttpRequest request =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + webUiPort + "/json/"))
            .timeout(Duration.ofSeconds(10))
            .build();
    try {
      HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
      return response.statusCode() == 200 ? JSON.readTree(response.body()) : null;
    } catch (IOException notListeningYet) {
      return null;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /**
   * The command line of a JVM with the cluster's classpath, Spark's JVM options and {@code
   * jvmOptions} (heap, system properties).
   */
  public List<String> javaCommand(List<String> jvmOptions, String mainClass, String... arguments) {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("@" + javaOptions());
    command.addAll(jvmOptions);
    command.add("-cp");
    command.add(classpath.toString());
    command.add(mainClass);
    command.addAll(List.of(arguments));
    return command;
  }

  /** A process builder for a JVM of this cluster, with the environment Spark's scripts set. */
  public ProcessBuilder processBuilder(List<String> command, Path log) {
    ProcessBuilder builder = new ProcessBuilder(command);
    Map<String, String> environment = builder.environment();
    environment.put("SPARK_LOCAL_IP", "127.0.0.1");
    environment.put("JAVA_HOME", System.getProperty("java.home"));
    // The worker builds executor command lines with Spark's launcher library, which insists on a
    // SPARK_HOME with a jars/ directory and, outside a distribution, on being told the Scala
    // version it would otherwise read from a source checkout's build directories.
    environment.put("SPARK_HOME", directory.resolve("spark-home").toString());
    environment.put("SPARK_SCALA_VERSION", "2.13");
    builder.redirectErrorStream(true);
    builder.redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
    return builder;
  }

  /** The log file of the master, the worker, or a driver, under this cluster's directory. */
  public Path log(String name) {
    return directory.resolve(name + ".log");
  }

  private Process startDaemon(String name, String mainClass, String... arguments) {
    try {
      return processBuilder(javaCommand(List.of("-Xmx256m"), mainClass, arguments), log(name))
          .start();
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot start the Spark " + name, e);
    }
  }

  private void awaitUp(Process process, String name, Callable<Boolean> up) {
    Awaitility.await("Spark " + name + " up (log: " + log(name) + ")")
        .atMost(Duration.ofSeconds(90))
        .pollInterval(Duration.ofMillis(250))
        .until(
            () -> {
              if (!process.isAlive()) {
                throw new IllegalStateException(
                    "Spark " + name + " exited with " + process.exitValue() + "; see " + log(name));
              }
              return up.call();
            });
  }

  private void writeClasspathJar() throws IOException {
    // Manifest class paths are URLs, relative to the JAR unless absolute; directories end in '/'.
    String entries =
        List.of(System.getProperty("java.class.path").split(File.pathSeparator)).stream()
            .filter(entry -> !entry.isBlank())
            .map(entry -> Path.of(entry).toAbsolutePath().toUri().toString())
            .collect(Collectors.joining(" "));
    Manifest manifest = new Manifest();
    manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
    manifest.getMainAttributes().put(Attributes.Name.CLASS_PATH, entries);
    try (OutputStream out = Files.newOutputStream(classpath);
        JarOutputStream jar = new JarOutputStream(out, manifest)) {
      jar.flush();
    }
  }

  /** Stops the worker (which stops its executors), then the master. */
  @Override
  public void close() {
    stop(worker);
    stop(master);
  }

  private static void stop(Process process) {
    if (process == null || !process.isAlive()) {
      return;
    }
    List<ProcessHandle> children = process.descendants().toList();
    process.destroy();
    try {
      // Half the patience each: the worker and the master stop one after the other, both inside
      // the time Surefire gives the shutdown hooks.
      if (!process.waitFor(ServiceProcess.STOP_PATIENCE.toSeconds() / 2, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        process.waitFor(2, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    // An executor the worker could not stop in time must not outlive the test run.
    children.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
  }
}

package io.insightmesh.sdk.launcher;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashSet;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

/** Checkouts for tests, whose "built" catalog service is the {@link FakeCatalog}. */
public final class TestCheckouts {
  private TestCheckouts() {}

  /** Makes {@code home} look like a built checkout; returns it. */
  public static Path withFakeCatalog(Path home) {
    Path jar = Component.CATALOG.artifact(new PlatformLayout(home, home.resolve("data")), Map.of());
    String entry = FakeCatalog.class.getName().replace('.', '/') + ".class";
    Manifest manifest = new Manifest();
    manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
    manifest.getMainAttributes().put(Attributes.Name.MAIN_CLASS, FakeCatalog.class.getName());
    try {
      Files.createDirectories(jar.getParent());
      try (OutputStream file = Files.newOutputStream(jar);
          JarOutputStream out = new JarOutputStream(file, manifest);
          InputStream classFile = FakeCatalog.class.getClassLoader().getResourceAsStream(entry)) {
        out.putNextEntry(new JarEntry(entry));
        classFile.transferTo(out);
        out.closeEntry();
      }
      return home;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Makes the built checkout at {@code home} ({@link #withFakeCatalog}) run the {@link FakeCatalog}
   * as its scoring engine too, which answers readiness the same way; returns {@code home}.
   */
  public static Path withFakeEngine(Path home) {
    PlatformLayout layout = new PlatformLayout(home, home.resolve("data"));
    Path engine = Component.ENGINE.artifact(layout, Map.of());
    Path directives = home.resolve("products/decisions/jvm/compiler-directives.json");
    try {
      Files.createDirectories(engine.getParent());
      Files.copy(Component.CATALOG.artifact(layout, Map.of()), engine);
      Files.createDirectories(directives.getParent());
      // The engine's JVM refuses to start on a directives file it cannot read, or an empty one.
      Files.writeString(
          directives, "[{ match: \"java/lang/Object.nothing\", c2: { Exclude: true } }]\n");
      return home;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Makes {@code directory} hold a Trino installation and a Java 25 home whose {@code bin/java}
   * runs the {@link FakeTrino} on the tests' own JDK; returns the variables that point {@code
   * ./mesh up} at them ({@code MESH_CACHE_DIR}, {@code MESH_TRINO_JAVA_HOME}).
   */
  public static Map<String, String> withFakeTrino(Path directory) {
    Path cache = directory.resolve("cache");
    Path javaHome = directory.resolve("fake-jdk-25");
    Map<String, String> environment =
        Map.of(
            "MESH_CACHE_DIR",
            cache.toString(),
            Component.TRINO_JAVA_HOME_VARIABLE,
            javaHome.toString());
    Path java = javaHome.resolve("bin").resolve("java");
    String classes;
    try {
      classes =
          Path.of(FakeTrino.class.getProtectionDomain().getCodeSource().getLocation().toURI())
              .toString();
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
    try {
      Path server = Component.TRINO.artifact(new PlatformLayout(directory, directory), environment);
      Files.createDirectories(server.getParent());
      Files.createFile(server);
      Files.createDirectories(java.getParent());
      // Trino's JVM options are Java 25's: pass on only the configuration file.
      Files.writeString(
          java,
          "#!/bin/sh\n"
              + "for argument in \"$@\"; do\n"
              + "  case $argument in -Dconfig=*) config=${argument#-Dconfig=} ;; esac\n"
              + "done\n"
              + "exec '"
              + Path.of(System.getProperty("java.home"), "bin", "java")
              + "' -cp '"
              + classes
              + "' "
              + FakeTrino.class.getName()
              + " \"$config\"\n");
      Files.setPosixFilePermissions(java, PosixFilePermissions.fromString("rwxr-xr-x"));
      return environment;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static final Set<Integer> HANDED_OUT = new HashSet<>();
  private static final int[] RANGE = portsOutsideTheEphemeralRange();
  private static int next = RANGE[0] + new Random().nextInt(RANGE[1] - RANGE[0]);

  /**
   * A port nothing listens on right now, never one this JVM handed out before. It is bound seconds
   * later by another JVM: one from the kernel's ephemeral range could meanwhile be given to any
   * socket on the host, so it comes from outside that range.
   */
  public static synchronized int freePort() {
    for (int tried = 0; tried < RANGE[1] - RANGE[0]; tried++) {
      int port = next;
      next = next + 1 < RANGE[1] ? next + 1 : RANGE[0];
      if (HANDED_OUT.add(port) && bindable(port)) {
        return port;
      }
    }
    throw new IllegalStateException("no free port in " + RANGE[0] + "-" + (RANGE[1] - 1));
  }

  private static boolean bindable(int port) {
    try (ServerSocket socket = new ServerSocket()) {
      socket.setReuseAddress(true);
      socket.bind(new InetSocketAddress(port));
      return true;
    } catch (IOException taken) {
      return false;
    }
  }

  // [from, to): 20000-29999 unless the ephemeral range reaches into it, else below it, else above.
  private static int[] portsOutsideTheEphemeralRange() {
    int ephemeralFrom = 32768;
    int ephemeralTo = 60999;
    try {
      // By lines: Files.readString reads a /proc file's reported size and gets one byte.
      String[] bounds =
          Files.readAllLines(Path.of("/proc/sys/net/ipv4/ip_local_port_range"))
              .get(0)
              .trim()
              .split("\\s+");
      ephemeralFrom = Integer.parseInt(bounds[0]);
      ephemeralTo = Integer.parseInt(bounds[1]);
    } catch (IOException | RuntimeException notLinux) {
      // Where it cannot be read, assume Linux's default.
    }
    if (ephemeralTo < 20000 || ephemeralFrom > 29999) {
      return new int[] {20000, 30000};
    }
    if (ephemeralFrom - 1024 >= 1000) {
      return new int[] {Math.max(1024, ephemeralFrom - 10000), ephemeralFrom};
    }
    if (65535 - ephemeralTo >= 1000) {
      return new int[] {ephemeralTo + 1, 65536};
    }
    throw new IllegalStateException(
        "the ephemeral port range " + ephemeralFrom + "-" + ephemeralTo + " leaves no room");
  }
}

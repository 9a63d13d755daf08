package io.insightmesh.sdk.launcher;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
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

  /** A port nothing listens on right now. */
  public static int freePort() {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}

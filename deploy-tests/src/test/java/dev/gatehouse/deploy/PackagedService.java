package dev.gatehouse.deploy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipInputStream;
import org.jspecify.annotations.Nullable;

/**
 * One service as it is shipped: its {@code -exec.jar} (Spring Boot's runnable jar, the one the
 * image runs), read for the service's configuration metadata, that of every library inside it, and
 * its {@code application.yml} / {@code application-prod.yml}.
 *
 * @param module the Maven module and image name ({@code gatehouse/<module>})
 */
record PackagedService(
    String module, ConfigurationMetadata metadata, ApplicationConfiguration configuration) {

  static final List<String> MODULES = List.of("gateway", "auth-service", "demo-backend");

  private static final String CLASSES = "BOOT-INF/classes/";
  private static final String METADATA = "META-INF/spring-configuration-metadata.json";
  private static final String ADDITIONAL_METADATA =
      "META-INF/additional-spring-configuration-metadata.json";
  private static final Map<String, PackagedService> LOADED = new ConcurrentHashMap<>();

  /** The packaged service, read once per test JVM. */
  static PackagedService named(String module) {
    return LOADED.computeIfAbsent(module, PackagedService::load);
  }

  /** The service whose image a container runs ({@code gatehouse/<module>[:tag]}), if any. */
  static @Nullable PackagedService forImage(String image) {
    String repository = image.replaceFirst("[:@].*$", "");
    return MODULES.stream()
        .filter(module -> repository.endsWith("gatehouse/" + module))
        .findFirst()
        .map(PackagedService::named)
        .orElse(null);
  }

  private static PackagedService load(String module) {
    String property = "gatehouse.deploy." + module + "-jar";
    String location = System.getProperty(property);
    if (location == null || !Files.isRegularFile(Path.of(location))) {
      throw new IllegalStateException(
          property
              + " = "
              + location
              + ": no such jar; run through Maven (failsafe, after package)");
    }
    try (ZipFile jar = new ZipFile(location)) {
      // Spring Boot's repackager moves the application's META-INF/ to the jar's root.
      ZipEntry ownMetadata = jar.getEntry(METADATA);
      if (ownMetadata == null) {
        ownMetadata = jar.getEntry(CLASSES + METADATA);
      }
      if (ownMetadata == null) {
        throw new IllegalStateException(
            module
                + " has no "
                + METADATA
                + ": is spring-boot-configuration-processor on its annotation processor path?");
      }
      List<InputStream> own = new ArrayList<>();
      own.add(read(jar, ownMetadata));
      List<InputStream> libraries = libraryMetadata(jar);
      ConfigurationMetadata metadata = ConfigurationMetadata.of(own, libraries);
      ApplicationConfiguration configuration =
          ApplicationConfiguration.of(
              readIfPresent(jar, CLASSES + "application.yml"),
              readIfPresent(jar, CLASSES + "application-prod.yml"),
              metadata);
      return new PackagedService(module, metadata, configuration);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + location, e);
    }
  }

  /** The metadata files of the jars in {@code BOOT-INF/lib/}, read from the nested jars. */
  private static List<InputStream> libraryMetadata(ZipFile jar) throws IOException {
    List<InputStream> found = new ArrayList<>();
    Enumeration<? extends ZipEntry> entries = jar.entries();
    while (entries.hasMoreElements()) {
      ZipEntry entry = entries.nextElement();
      if (!entry.getName().startsWith("BOOT-INF/lib/") || !entry.getName().endsWith(".jar")) {
        continue;
      }
      try (ZipInputStream nested = new ZipInputStream(jar.getInputStream(entry))) {
        for (ZipEntry inner; (inner = nested.getNextEntry()) != null; ) {
          if (inner.getName().equals(METADATA) || inner.getName().equals(ADDITIONAL_METADATA)) {
            found.add(new ByteArrayInputStream(nested.readAllBytes()));
          }
        }
      }
    }
    return found;
  }

  private static InputStream read(ZipFile jar, ZipEntry entry) throws IOException {
    try (InputStream in = jar.getInputStream(entry)) {
      return new ByteArrayInputStream(in.readAllBytes());
    }
  }

  private static @Nullable InputStream readIfPresent(ZipFile jar, String name) throws IOException {
    ZipEntry entry = jar.getEntry(name);
    return entry == null ? null : read(jar, entry);
  }
}

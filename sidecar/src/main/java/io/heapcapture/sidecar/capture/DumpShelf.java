package io.heapcapture.sidecar.capture;

import io.heapcapture.sidecar.api.CapturePhase;
import io.heapcapture.sidecar.api.CaptureState;
import io.heapcapture.sidecar.api.WireJson;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The dumps waiting on the dump volume, each with a manifest beside it ({@code <dump file>.json},
 * its {@link CaptureState}), so that they survive a restart of the sidecar. The application
 * container can write to the volume too: nothing here follows a symbolic link, and only regular
 * files count.
 */
public final class DumpShelf {
  private static final Logger LOG = LoggerFactory.getLogger(DumpShelf.class);
  private static final String MANIFEST = ".json";
  private static final String DUMP = ".hprof";
  private static final int MAX_MANIFEST_BYTES = 64 * 1024;
  // The JVM's own OutOfMemoryError dumps: left for the OutOfMemoryError watcher to take in.
  private static final Pattern JVM_OOM_DUMP = Pattern.compile("java_pid\\d+\\.hprof");

  private final Path dir;

  /** The shelf in {@code dir}, the dump volume as the sidecar sees it. */
  public DumpShelf(Path dir) {
    this.dir = dir;
  }

  public Path dir() {
    return dir;
  }

  /** A dump with its manifest, read back at start. */
  public record Shelved(CaptureState state, Path file) {}

  /** Writes the manifest of a dumped capture beside its file: a temporary file, then a rename. */
  public void put(CaptureState state, Path dump) throws IOException {
    Path manifest = manifestOf(dump);
    Path temporary = dump.resolveSibling("." + manifest.getFileName() + ".tmp");
    byte[] json = WireJson.mapper().writeValueAsBytes(state);
    try (FileChannel out =
        FileChannel.open(
            temporary,
            StandardOpenOption.CREATE,
            StandardOpenOption.TRUNCATE_EXISTING,
            StandardOpenOption.WRITE,
            LinkOption.NOFOLLOW_LINKS)) {
      out.write(java.nio.ByteBuffer.wrap(json));
      out.force(true);
    }
    Files.move(temporary, manifest, StandardCopyOption.ATOMIC_MOVE);
  }

  /** Deletes a dump and its manifest. */
  public void remove(Path dump) {
    for (Path file : List.of(manifestOf(dump), dump)) {
      try {
        Files.deleteIfExists(file);
      } catch (IOException e) {
        LOG.warn("could not delete {}: {}", file, e.toString());
      }
    }
  }

  /**
   * Reads back every dumped capture that has a manifest, and deletes the dump files that have none
   * (dumps cut short by a restart) and manifests whose dump is gone or does not match. A {@code
   * java_pid<pid>.hprof} without a manifest is the JVM's own OutOfMemoryError dump: it stays.
   */
  public List<Shelved> restore() throws IOException {
    List<Shelved> restored = new ArrayList<>();
    List<Path> kept = new ArrayList<>();
    try (DirectoryStream<Path> manifests = Files.newDirectoryStream(dir, "*" + MANIFEST)) {
      for (Path manifest : manifests) {
        Optional<Shelved> shelved = read(manifest);
        if (shelved.isPresent()) {
          restored.add(shelved.get());
          kept.add(shelved.get().file());
        } else {
          LOG.warn("dropping {}: no complete dump matches it", manifest.getFileName());
          remove(dumpOf(manifest));
        }
      }
    }
    try (DirectoryStream<Path> unfinished =
        Files.newDirectoryStream(dir, ".*" + MANIFEST + ".tmp")) {
      for (Path manifest : unfinished) {
        Files.deleteIfExists(manifest);
      }
    }
    try (DirectoryStream<Path> dumps = Files.newDirectoryStream(dir, "*" + DUMP)) {
      for (Path dump : dumps) {
        if (!kept.contains(dump)
            && !JVM_OOM_DUMP.matcher(dump.getFileName().toString()).matches()) {
          LOG.info("deleting {}: a dump without manifest was cut short", dump.getFileName());
          Files.deleteIfExists(dump);
        }
      }
    }
    return restored;
  }

  /** True for a regular file that is no symbolic link. */
  public static boolean isRegularFile(Path file) {
    try {
      return Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS)
          .isRegularFile();
    } catch (IOException e) {
      return false;
    }
  }

  private Optional<Shelved> read(Path manifest) {
    Path dump = dumpOf(manifest);
    try {
      if (!isRegularFile(manifest) || !isRegularFile(dump)) {
        return Optional.empty();
      }
      CaptureState state;
      try (InputStream in =
          Channels.newInputStream(
              FileChannel.open(manifest, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS))) {
        byte[] json = in.readNBytes(MAX_MANIFEST_BYTES);
        state = WireJson.mapper().readValue(json, CaptureState.class);
      }
      boolean matches =
          state.phase() == CapturePhase.DUMPED
              && DumpFiles.isValidId(state.id())
              && dump.getFileName().toString().startsWith(state.id() + ".")
              && state.rawBytes() != null
              && state.rawBytes() == Files.size(dump);
      return matches ? Optional.of(new Shelved(state, dump)) : Optional.empty();
    } catch (IOException | RuntimeException e) {
      LOG.warn("unreadable manifest {}: {}", manifest.getFileName(), e.toString());
      return Optional.empty();
    }
  }

  private static Path manifestOf(Path dump) {
    return dump.resolveSibling(dump.getFileName() + MANIFEST);
  }

  private static Path dumpOf(Path manifest) {
    String name = manifest.getFileName().toString();
    return manifest.resolveSibling(name.substring(0, name.length() - MANIFEST.length()));
  }
}

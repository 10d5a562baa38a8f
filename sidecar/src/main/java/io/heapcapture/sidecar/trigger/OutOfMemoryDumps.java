package io.heapcapture.sidecar.trigger;

import io.heapcapture.sidecar.CaptureException;
import io.heapcapture.sidecar.api.CaptureKind;
import io.heapcapture.sidecar.api.CaptureOrigin;
import io.heapcapture.sidecar.api.CapturePhase;
import io.heapcapture.sidecar.api.CaptureState;
import io.heapcapture.sidecar.capture.CaptureRegistry;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Takes in the dumps the JVM writes by itself on OutOfMemoryError ({@code
 * -XX:+HeapDumpOnOutOfMemoryError -XX:HeapDumpPath=<dump volume>}): any {@code *.hprof} on the
 * volume that no capture owns. Once no process holds it open and its size stayed the same between
 * two polls, it is renamed to a local id, so that a stale {@code java_pid<pid>.hprof} never makes
 * the JVM's next dump fail, and kept with a manifest until the operator adopts it.
 */
public final class OutOfMemoryDumps {
  private static final Logger LOG = LoggerFactory.getLogger(OutOfMemoryDumps.class);
  private static final Pattern JVM_NAME = Pattern.compile("java_pid(\\d+)\\.hprof");
  private static final String SUFFIX = ".hprof";

  private final Path dir;
  private final Path procRoot;
  private final CaptureRegistry captures;
  private final Supplier<Optional<String>> policy;
  private final Clock clock;
  private final Map<Path, Long> lastSizes = new HashMap<>();

  /**
   * @param dir the dump volume as the sidecar sees it
   * @param procRoot where the pod's processes are listed, to tell whether one still writes a dump
   * @param policy the armed policy that wants OutOfMemoryError dumps, if any
   */
  public OutOfMemoryDumps(
      Path dir,
      Path procRoot,
      CaptureRegistry captures,
      Supplier<Optional<String>> policy,
      Clock clock) {
    this.dir = dir;
    this.procRoot = procRoot;
    this.captures = captures;
    this.policy = policy;
    this.clock = clock;
  }

  /** Looks at the volume once; takes in every foreign dump that is complete. */
  public void poll() {
    Map<Path, Long> sizes = new HashMap<>();
    try (DirectoryStream<Path> dumps = Files.newDirectoryStream(dir, "*" + SUFFIX)) {
      for (Path dump : dumps) {
        BasicFileAttributes attributes = regularFile(dump);
        if (attributes == null || captures.owns(dump)) {
          continue;
        }
        sizes.put(dump, attributes.size());
        Long before = lastSizes.get(dump);
        if (before != null && before == attributes.size() && !isOpen(attributes.fileKey())) {
          takeIn(dump, attributes);
          sizes.remove(dump);
        }
      }
    } catch (IOException e) {
      LOG.warn("cannot list {}: {}", dir, e.toString());
    }
    lastSizes.clear();
    lastSizes.putAll(sizes);
  }

  private void takeIn(Path dump, BasicFileAttributes attributes) {
    Instant now = clock.instant();
    String id = LocalIds.outOfMemoryDump(now);
    while (Files.exists(dir.resolve(id + SUFFIX), LinkOption.NOFOLLOW_LINKS)
        || captures.state(id).isPresent()) {
      now = now.plusMillis(1);
      id = LocalIds.outOfMemoryDump(now);
    }
    Path renamed = dir.resolve(id + SUFFIX);
    try {
      // rename(2) moves a link itself, never its target; the check after it is what counts.
      Files.move(dump, renamed, StandardCopyOption.ATOMIC_MOVE);
      BasicFileAttributes moved = regularFile(renamed);
      if (moved == null || !Objects.equals(moved.fileKey(), attributes.fileKey())) {
        LOG.warn("{} changed while it was taken in; dropped", dump.getFileName());
        Files.deleteIfExists(renamed);
        return;
      }
      Matcher jvm = JVM_NAME.matcher(dump.getFileName().toString());
      Instant written = moved.lastModifiedTime().toInstant();
      CaptureState state =
          new CaptureState(
              id,
              CapturePhase.DUMPED,
              jvm.matches() ? Long.parseLong(jvm.group(1)) : null,
              written,
              written,
              null,
              moved.size(),
              null,
              null,
              CaptureOrigin.OUT_OF_MEMORY,
              policy.get().orElse(null),
              null,
              CaptureKind.HEAP_DUMP_ALL);
      captures.adopt(state, renamed);
      LOG.info(
          "OutOfMemoryError dump {} ({} bytes) kept as capture {}",
          dump.getFileName(),
          moved.size(),
          id);
    } catch (IOException | CaptureException e) {
      LOG.warn("cannot take in {}: {}", dump.getFileName(), e.toString());
    }
  }

  /** Whether any process of the pod has the file open, per {@code /proc/<pid>/fd}. */
  private boolean isOpen(Object fileKey) {
    if (fileKey == null) {
      return true;
    }
    try (DirectoryStream<Path> pids = Files.newDirectoryStream(procRoot, "[0-9]*")) {
      for (Path pid : pids) {
        if (holds(pid.resolve("fd"), fileKey)) {
          return true;
        }
      }
    } catch (IOException e) {
      LOG.warn("cannot list {}: {}", procRoot, e.toString());
      return true;
    }
    return false;
  }

  private static boolean holds(Path fds, Object fileKey) {
    try (Stream<Path> open = Files.list(fds)) {
      // Following /proc/<pid>/fd/<n> reaches the open file itself, whatever its path there.
      return open.anyMatch(fd -> fileKey.equals(fileKeyOf(fd)));
    } catch (IOException | RuntimeException e) {
      // A process that ended, or one the sidecar may not look into, holds nothing it could see.
      return false;
    }
  }

  private static Object fileKeyOf(Path fd) {
    try {
      return Files.readAttributes(fd, BasicFileAttributes.class).fileKey();
    } catch (IOException e) {
      return null;
    }
  }

  private static BasicFileAttributes regularFile(Path file) {
    try {
      BasicFileAttributes attributes =
          Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
      return attributes.isRegularFile() ? attributes : null;
    } catch (IOException e) {
      return null;
    }
  }
}

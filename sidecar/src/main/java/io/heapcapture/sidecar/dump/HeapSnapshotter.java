package io.heapcapture.sidecar.dump;

import io.heapcapture.sidecar.CaptureException;
import io.heapcapture.sidecar.api.FailureReason;
import io.heapcapture.sidecar.process.KillProgram;
import io.heapcapture.sidecar.process.NodeProcess;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.Channels;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.Arrays;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Takes a V8 heap snapshot of a Node.js process started with {@code --heapsnapshot-signal=SIGUSR2}:
 * sends the signal, waits for the {@code .heapsnapshot} file Node writes into its working directory
 * or {@code --diagnostic-dir}, and moves it into the capture's file, so that it is uploaded like a
 * JVM's dump and does not pile up beside the application.
 */
public final class HeapSnapshotter {
  private static final Logger LOG = LoggerFactory.getLogger(HeapSnapshotter.class);

  /**
   * Default time for the snapshot file to appear. Node writes it from its event loop, so a loop
   * that is busy for longer delays it.
   */
  public static final Duration DEFAULT_START_TIMEOUT = Duration.ofMinutes(1);

  private static final long FIRST_POLL_MILLIS = 20;
  private static final long MAX_POLL_MILLIS = 500;
  private static final byte[] HEADER = "{\"snapshot\"".getBytes(StandardCharsets.US_ASCII);

  private final KillProgram kill;
  private final Duration startTimeout;
  private final Duration writeTimeout;

  /** A snapshotter with the default time limits ({@link HeapDumper#DEFAULT_DUMP_TIMEOUT}). */
  public HeapSnapshotter(KillProgram kill) {
    this(kill, DEFAULT_START_TIMEOUT, HeapDumper.DEFAULT_DUMP_TIMEOUT);
  }

  /**
   * A snapshotter that gives up when no snapshot appears within {@code startTimeout} of the signal,
   * or when it is not complete within {@code writeTimeout} of the signal.
   */
  public HeapSnapshotter(KillProgram kill, Duration startTimeout, Duration writeTimeout) {
    this.kill = kill;
    this.startTimeout = startTimeout;
    this.writeTimeout = writeTimeout;
  }

  /**
   * Has {@code node} write a heap snapshot, which the sidecar finds in {@code snapshotDir}, and
   * moves it to {@code destination} (which must not exist). The pause is the wall time from the
   * signal until the file is complete: an upper bound of the time Node's main thread stood still.
   */
  public HeapDump snapshot(NodeProcess node, Path snapshotDir, Path destination)
      throws CaptureException {
    refuseUnlessSafe(node, snapshotDir);
    if (Files.exists(destination, LinkOption.NOFOLLOW_LINKS)) {
      // An earlier dump waiting for upload: never overwrite it.
      throw new CaptureException(
          FailureReason.DUMP_FAILED, "the capture's file " + destination + " exists already");
    }
    SnapshotWatch watch;
    try {
      watch = SnapshotWatch.start(snapshotDir, node.nsPid(), node.procDir().resolve("fd"));
    } catch (IOException e) {
      throw new CaptureException(
          FailureReason.DUMP_FAILED,
          "cannot list " + snapshotDir + " for heap snapshots: " + e.getMessage(),
          e);
    }
    long start = System.nanoTime();
    kill.send("USR2", node.pid(), FailureReason.DUMP_FAILED);
    Path written = awaitAppearance(node, watch, start);
    try {
      awaitCompletion(node, watch, written, start);
      Duration pause = Duration.ofNanos(System.nanoTime() - start);
      long bytes = requireSnapshot(written);
      moveInto(written, destination, bytes);
      return new HeapDump(destination, bytes, pause);
    } finally {
      // Whether moved, or failed: no snapshot of ours stays in the application's folder.
      deleteQuietly(written);
    }
  }

  // An unhandled SIGUSR2 kills Node; a handler that is not Node's own snapshot handler does
  // something else; and Node's handler throws, killing the process, when it cannot create the
  // file. So every doubt refuses before signalling.
  private static void refuseUnlessSafe(NodeProcess node, Path snapshotDir) throws CaptureException {
    if (!node.catchesSigusr2()) {
      throw new CaptureException(
          FailureReason.DUMP_FAILED,
          "process "
              + node.pid()
              + " does not handle SIGUSR2 (start node with --heapsnapshot-signal=SIGUSR2);"
              + " signalling it would kill it");
    }
    if (!node.snapshotsOnSigusr2()) {
      throw new CaptureException(
          FailureReason.DUMP_FAILED,
          "process "
              + node.pid()
              + " handles SIGUSR2 but neither its command line nor NODE_OPTIONS has"
              + " --heapsnapshot-signal=SIGUSR2; signalling it would run the application's own"
              + " handler");
    }
    if (!Files.isDirectory(snapshotDir) || !Files.isWritable(snapshotDir)) {
      throw new CaptureException(
          FailureReason.DUMP_FAILED,
          "process "
              + node.pid()
              + " cannot write a heap snapshot into "
              + describe(node)
              + " (missing, read-only or not writable), and Node exits when it cannot; start"
              + " node with --diagnostic-dir=<the dump volume>");
    }
    OptionalLong rss = residentBytes(node);
    long usable = snapshotDir.toFile().getUsableSpace();
    if (rss.isPresent() && usable < rss.getAsLong()) {
      throw new CaptureException(
          FailureReason.INSUFFICIENT_DISK,
          describe(node)
              + " of process "
              + node.pid()
              + " has "
              + usable
              + " bytes free but a snapshot may need about its resident size, "
              + rss.getAsLong()
              + " bytes, and Node exits when the disk fills; start node with"
              + " --diagnostic-dir=<the dump volume>");
    }
  }

  private Path awaitAppearance(NodeProcess node, SnapshotWatch watch, long start)
      throws CaptureException {
    Poll poll = new Poll(start, startTimeout);
    while (true) {
      Optional<Path> appeared;
      try {
        appeared = watch.appeared();
      } catch (IOException e) {
        throw new CaptureException(
            FailureReason.DUMP_FAILED, "cannot list the heap snapshots: " + e.getMessage(), e);
      }
      if (appeared.isPresent()) {
        return appeared.get();
      }
      requireAlive(node);
      if (poll.expired()) {
        throw new CaptureException(
            FailureReason.DUMP_FAILED,
            "process "
                + node.pid()
                + " wrote no heap snapshot into "
                + describe(node)
                + " within "
                + startTimeout.toSeconds()
                + " s of SIGUSR2; Node writes it from its event loop: is the loop blocked?");
      }
      poll.sleep();
    }
  }

  private void awaitCompletion(NodeProcess node, SnapshotWatch watch, Path written, long start)
      throws CaptureException {
    Poll poll = new Poll(start, writeTimeout);
    while (true) {
      requireAlive(node);
      try {
        if (watch.complete(written)) {
          return;
        }
      } catch (IOException e) {
        throw new CaptureException(
            FailureReason.DUMP_FAILED,
            "the heap snapshot " + written.getFileName() + " vanished: " + e.getMessage(),
            e);
      }
      if (poll.expired()) {
        throw new CaptureException(
            FailureReason.DUMP_FAILED,
            "the heap snapshot of process "
                + node.pid()
                + " was not complete within "
                + writeTimeout.toSeconds()
                + " s");
      }
      poll.sleep();
    }
  }

  private static void requireAlive(NodeProcess node) throws CaptureException {
    if (!Files.exists(node.procDir())) {
      throw new CaptureException(
          FailureReason.DUMP_FAILED,
          "process "
              + node.pid()
              + " exited before its heap snapshot was complete (out of memory while writing"
              + " it?)");
    }
  }

  /** The size of a complete V8 heap snapshot; refuses anything else, such as a link. */
  private static long requireSnapshot(Path file) throws CaptureException {
    try {
      BasicFileAttributes attributes =
          Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
      if (!attributes.isRegularFile()) {
        throw new CaptureException(
            FailureReason.DUMP_FAILED, file.getFileName() + " is not a regular file");
      }
      byte[] start;
      try (InputStream in =
          Channels.newInputStream(
              Files.newByteChannel(file, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS))) {
        start = in.readNBytes(HEADER.length);
      }
      if (!Arrays.equals(start, HEADER)) {
        throw new CaptureException(
            FailureReason.DUMP_FAILED, file.getFileName() + " is not a V8 heap snapshot");
      }
      return attributes.size();
    } catch (IOException e) {
      throw new CaptureException(
          FailureReason.DUMP_FAILED,
          "cannot read the heap snapshot " + file.getFileName() + ": " + e.getMessage(),
          e);
    }
  }

  // A rename when the snapshot already lies on the dump volume (--diagnostic-dir); else a copy,
  // after checking the volume's free space as for a JVM's dump.
  private static void moveInto(Path snapshot, Path destination, long bytes)
      throws CaptureException {
    try {
      try {
        Files.move(snapshot, destination, StandardCopyOption.ATOMIC_MOVE);
      } catch (AtomicMoveNotSupportedException e) {
        DiskBudget.require(destination.toAbsolutePath().getParent(), bytes);
        Files.copy(snapshot, destination, LinkOption.NOFOLLOW_LINKS);
      }
      // The application can write where the snapshot was: accept only what was checked.
      BasicFileAttributes moved =
          Files.readAttributes(destination, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
      if (!moved.isRegularFile() || moved.size() != bytes) {
        deleteQuietly(destination);
        throw new CaptureException(
            FailureReason.DUMP_FAILED,
            "the heap snapshot changed while it was moved to " + destination);
      }
    } catch (IOException e) {
      deleteQuietly(destination);
      throw new CaptureException(
          FailureReason.DUMP_FAILED,
          "cannot move the heap snapshot to " + destination + ": " + e.getMessage(),
          e);
    }
  }

  private static String describe(NodeProcess node) {
    return node.options()
        .diagnosticDir()
        .map(dir -> "--diagnostic-dir " + dir)
        .orElse("its working directory");
  }

  /** The process's resident memory (VmRSS), if its status shows it. */
  static OptionalLong residentBytes(NodeProcess node) {
    try {
      return Files.readString(node.procDir().resolve("status"))
          .lines()
          .filter(line -> line.startsWith("VmRSS:"))
          .map(line -> line.substring("VmRSS:".length()).strip().split("\\s+")[0])
          .mapToLong(kilobytes -> Long.parseLong(kilobytes) * 1024)
          .findFirst();
    } catch (IOException | RuntimeException e) {
      return OptionalLong.empty();
    }
  }

  private static void deleteQuietly(Path file) {
    try {
      Files.deleteIfExists(file);
    } catch (IOException e) {
      LOG.warn("Cannot delete {}: {}", file, e.toString());
    }
  }

  /** Polls with a growing pause until a deadline. */
  private static final class Poll {
    private final long deadline;
    private long pause = FIRST_POLL_MILLIS;

    Poll(long startNanos, Duration limit) {
      this.deadline = startNanos + limit.toNanos();
    }

    boolean expired() {
      return System.nanoTime() - deadline >= 0;
    }

    void sleep() throws CaptureException {
      long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
      try {
        Thread.sleep(Math.max(1, Math.min(pause, left)));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new CaptureException(
            FailureReason.INTERNAL, "interrupted while waiting for a heap snapshot", e);
      }
      pause = Math.min(pause * 2, MAX_POLL_MILLIS);
    }
  }
}

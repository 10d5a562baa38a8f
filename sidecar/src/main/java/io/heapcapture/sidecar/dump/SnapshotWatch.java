package io.heapcapture.sidecar.dump;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Watches a folder for the heap snapshot one Node.js process writes after the signal: {@code
 * Heap.<yyyymmdd>.<hhmmss>.<pid>.<tid>.<seq>.heapsnapshot}, named with the pid the process sees for
 * itself. Snapshots that were there before the signal (an earlier one, another process's) are never
 * taken. Not thread-safe: one capture polls it.
 */
final class SnapshotWatch {
  private static final Pattern NAME =
      Pattern.compile("Heap\\.\\d{8}\\.\\d{6}\\.(\\d+)\\.\\d+\\.\\d+\\.heapsnapshot");

  private final Path dir;
  private final long nsPid;
  private final Path fdDir;
  private final Set<String> before;
  private long lastSize = -1;

  private SnapshotWatch(Path dir, long nsPid, Path fdDir, Set<String> before) {
    this.dir = dir;
    this.nsPid = nsPid;
    this.fdDir = fdDir;
    this.before = before;
  }

  /**
   * Starts watching {@code dir} for a snapshot of the process whose own pid is {@code nsPid} and
   * whose open files are listed in {@code fdDir}; call before signalling.
   */
  static SnapshotWatch start(Path dir, long nsPid, Path fdDir) throws IOException {
    return new SnapshotWatch(dir, nsPid, fdDir, snapshots(dir, nsPid));
  }

  /** The snapshot that appeared since {@link #start}, if any; the newest if several did. */
  Optional<Path> appeared() throws IOException {
    Set<String> now = snapshots(dir, nsPid);
    now.removeAll(before);
    // yyyymmdd.hhmmss and a zero-padded sequence number: the names sort by time.
    return now.stream().max(String::compareTo).map(dir::resolve);
  }

  /**
   * Whether {@code snapshot} is written: the process no longer holds it open and its size did not
   * change since the previous call. So the first call is never true.
   */
  boolean complete(Path snapshot) throws IOException {
    long size = sizeOf(snapshot);
    boolean stable = size == lastSize && size > 0;
    lastSize = size;
    return stable && !heldOpen(snapshot.getFileName().toString());
  }

  /** Whether a name is a snapshot file of the process whose own pid is {@code nsPid}. */
  static boolean isSnapshotOf(String name, long nsPid) {
    Matcher matcher = NAME.matcher(name);
    return matcher.matches() && matcher.group(1).equals(Long.toString(nsPid));
  }

  // The links in /proc/<pid>/fd name files as the process sees them; the snapshot's name is
  // unique enough (pid, time and sequence number) to recognise it by.
  private boolean heldOpen(String name) throws IOException {
    try (DirectoryStream<Path> fds = Files.newDirectoryStream(fdDir)) {
      for (Path fd : fds) {
        try {
          String target = Files.readSymbolicLink(fd).toString();
          if (target.equals(name) || target.endsWith("/" + name)) {
            return true;
          }
        } catch (NoSuchFileException e) {
          // closed while we listed
        }
      }
    }
    return false;
  }

  private static long sizeOf(Path file) throws IOException {
    return Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS).size();
  }

  private static Set<String> snapshots(Path dir, long nsPid) throws IOException {
    Set<String> names = new HashSet<>();
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir, "Heap.*.heapsnapshot")) {
      for (Path entry : entries) {
        String name = entry.getFileName().toString();
        if (isSnapshotOf(name, nsPid)) {
          names.add(name);
        }
      }
    }
    return names;
  }
}

package io.heapcapture.demo.intruder;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Everything an application process can read of its pod through {@code /proc}: every visible
 * process's environment and command line, the files it has open, its working directory, and (when
 * asked) its whole root file system. Reads stop at a size bound per file; unreadable files are
 * skipped, as an intruder would skip them.
 */
final class ReachableFiles {
  private static final int MAX_BYTES = 1 << 20;
  private static final int MAX_DEPTH = 6;
  private static final int MAX_FILES = 20_000;
  private static final List<String> PSEUDO_FILE_SYSTEMS = List.of("proc", "sys", "dev");

  private final Path proc;
  private final Map<String, byte[]> contents = new LinkedHashMap<>();

  ReachableFiles(Path proc) {
    this.proc = proc;
  }

  /** What was read, by where it was read from. */
  Map<String, byte[]> contents() {
    return contents;
  }

  /** Reads what every visible process exposes; {@code roots}: also walk each /proc/PID/root. */
  ReachableFiles readProcesses(boolean roots) {
    String self = Long.toString(ProcessHandle.current().pid());
    for (Path process : processes()) {
      if (process.getFileName().toString().equals(self)) {
        continue;
      }
      read(process.resolve("environ"));
      read(process.resolve("cmdline"));
      try (Stream<Path> fds = Files.list(process.resolve("fd"))) {
        // Regular files only: reading a pipe or a socket would wait for its writer forever.
        fds.filter(Files::isRegularFile).forEach(this::read);
      } catch (IOException | SecurityException e) {
        // Not ours to read.
      }
      walk(process.resolve("cwd"));
      if (roots) {
        walk(process.resolve("root"));
      }
    }
    return this;
  }

  /** Reads every file under {@code dir} too (a mounted volume, say). */
  ReachableFiles readTree(Path dir) {
    walk(dir);
    return this;
  }

  private List<Path> processes() {
    List<Path> pids = new ArrayList<>();
    try (Stream<Path> entries = Files.list(proc)) {
      entries
          .filter(p -> p.getFileName().toString().chars().allMatch(Character::isDigit))
          .forEach(pids::add);
    } catch (IOException e) {
      throw new IllegalStateException("cannot list " + proc, e);
    }
    return pids;
  }

  private void walk(Path link) {
    // A walk does not enter the bare link (a symbolic link); through "/." the kernel enters the
    // process's own directory, whatever mount namespace it lives in.
    Path dir = link.resolve(".");
    try (Stream<Path> files = Files.walk(dir, MAX_DEPTH)) {
      files
          .filter(f -> !underPseudoFileSystem(dir, f))
          .filter(f -> Files.isRegularFile(f, LinkOption.NOFOLLOW_LINKS))
          // Kernel files (such as /proc/kmsg) claim size 0 and may block a reader.
          .filter(ReachableFiles::notEmpty)
          .limit(MAX_FILES)
          .forEach(this::read);
    } catch (IOException | RuntimeException e) {
      // Part of the tree is unreadable or vanished while we walked it: keep what we have.
    }
  }

  /** Under proc, sys or dev of a walked root: kernel state, no file anyone stored. */
  private static boolean underPseudoFileSystem(Path dir, Path file) {
    Path relative = dir.relativize(file);
    return relative.getNameCount() > 0
        && PSEUDO_FILE_SYSTEMS.contains(relative.getName(0).toString());
  }

  private static boolean notEmpty(Path file) {
    try {
      return Files.size(file) > 0;
    } catch (IOException e) {
      return false;
    }
  }

  private void read(Path file) {
    if (contents.size() >= MAX_FILES || contents.containsKey(file.toString())) {
      return;
    }
    try (InputStream in = Files.newInputStream(file)) {
      contents.put(file.toString(), in.readNBytes(MAX_BYTES));
    } catch (IOException | RuntimeException e) {
      // Not readable for us (or a socket, a pipe): an intruder moves on.
    }
  }
}

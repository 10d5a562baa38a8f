package io.heapcapture.sidecar.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Builds a fake {@code /proc} tree in a directory, one process at a time. */
public final class FakeProc {
  /**
   * Above the kernel's largest pid_max (2^22), so no fake pid is ever the test JVM's own, which the
   * process table skips.
   */
  public static final long FIRST_PID = 5_000_000;

  private final Path root;

  public FakeProc(Path root) {
    this.root = root;
  }

  /** The directory to hand to the code under test as its proc root. */
  public Path root() {
    return root;
  }

  /** A process with the usual files; change them with the returned builder. */
  public Entry process(long pid) {
    return new Entry(root.resolve(Long.toString(pid)), pid);
  }

  /** One fake {@code /proc/<pid>} directory. */
  public static final class Entry {
    private final Path dir;

    private Entry(Path dir, long pid) {
      this.dir = dir;
      write("status", statusText(pid, pid, 1000, 1000, "0000000000000004"));
      write("comm", "java\n");
      write("cgroup", "0::/\n");
      write("environ", "");
      argv("/usr/bin/java", "-jar", "app.jar");
      mkdirs("root/tmp");
      mkdirs("cwd");
    }

    public Entry argv(String... args) {
      return write("cmdline", String.join("\0", args) + "\0");
    }

    public Entry environ(String... entries) {
      return write("environ", String.join("\0", List.of(entries)) + "\0");
    }

    public Entry comm(String comm) {
      return write("comm", comm + "\n");
    }

    public Entry cgroup(String text) {
      return write("cgroup", text);
    }

    public Entry status(String text) {
      return write("status", text);
    }

    public Entry file(String relative, String text) {
      Path parent = Path.of(relative).getParent();
      if (parent != null) {
        mkdirs(parent.toString());
      }
      return write(relative, text);
    }

    public Entry delete(String relative) {
      try {
        Files.delete(dir.resolve(relative));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      return this;
    }

    private Entry write(String name, String text) {
      try {
        Files.createDirectories(dir);
        Files.writeString(dir.resolve(name), text, StandardCharsets.UTF_8);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      return this;
    }

    private void mkdirs(String relative) {
      try {
        Files.createDirectories(dir.resolve(relative));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }

  /** A status file as the kernel writes it, reduced to the lines that matter plus some noise. */
  public static String statusText(long pid, long nsPid, int uid, int gid, String sigCgt) {
    return String.join(
        "\n",
        "Name:\tjava",
        "State:\tS (sleeping)",
        "Tgid:\t" + pid,
        "Pid:\t" + pid,
        "Uid:\t0\t" + uid + "\t" + uid + "\t" + uid,
        "Gid:\t0\t" + gid + "\t" + gid + "\t" + gid,
        "NSpid:\t" + (pid == nsPid ? Long.toString(pid) : pid + "\t" + nsPid),
        "SigBlk:\t0000000000000000",
        "SigIgn:\t0000000000000000",
        "SigCgt:\t" + sigCgt,
        "");
  }
}

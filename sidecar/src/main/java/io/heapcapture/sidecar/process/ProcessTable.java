package io.heapcapture.sidecar.process;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.LongFunction;
import java.util.stream.Stream;

/** The JVM and Node.js processes visible in a proc file system. */
public final class ProcessTable {
  private final Path procRoot;
  private final long ownPid = ProcessHandle.current().pid();

  /** The table of the sidecar's own {@code /proc}. */
  public ProcessTable() {
    this(Path.of("/proc"));
  }

  /** The table of the proc file system mounted at {@code procRoot}. */
  public ProcessTable(Path procRoot) {
    this.procRoot = procRoot;
  }

  /** The JVMs visible now, except the sidecar itself, in pid order. */
  public List<JvmProcess> jvms() {
    return scan(this::byPid);
  }

  /** The Node.js processes visible now, in pid order. */
  public List<NodeProcess> nodes() {
    return scan(this::nodeByPid);
  }

  /** The process {@code pid} if it exists, is readable and is a JVM. */
  public Optional<JvmProcess> byPid(long pid) {
    Optional<Entry> read = read(pid);
    if (read.isEmpty()) {
      return Optional.empty();
    }
    Entry entry = read.get();
    JvmProcess jvm =
        new JvmProcess(
            pid,
            entry.status().nsPid(),
            entry.status().uid(),
            entry.status().gid(),
            entry.commandLine(),
            entry.status().sigCgt(),
            entry.cgroup(),
            JvmOptions.of(entry.argv(), entry.environment()),
            procRoot);
    String comm = readOrEmpty(jvm.procDir().resolve("comm")).strip();
    return isJvm(jvm, entry.argv(), comm) ? Optional.of(jvm) : Optional.empty();
  }

  /** The process {@code pid} if it exists, is readable and runs Node.js. */
  public Optional<NodeProcess> nodeByPid(long pid) {
    return read(pid)
        .filter(entry -> isNode(procRoot.resolve(Long.toString(pid)), entry.argv()))
        .map(
            entry ->
                new NodeProcess(
                    pid,
                    entry.status().nsPid(),
                    entry.status().uid(),
                    entry.status().gid(),
                    entry.commandLine(),
                    entry.status().sigCgt(),
                    entry.cgroup(),
                    NodeOptions.of(entry.argv(), entry.environment()),
                    procRoot));
  }

  private <T> List<T> scan(LongFunction<Optional<T>> byPid) {
    List<T> found = new ArrayList<>();
    try (Stream<Path> entries = Files.list(procRoot)) {
      entries
          .map(entry -> entry.getFileName().toString())
          .filter(name -> name.chars().allMatch(Character::isDigit))
          .mapToLong(Long::parseLong)
          .filter(pid -> pid != ownPid)
          .sorted()
          .forEach(pid -> byPid.apply(pid).ifPresent(found::add));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + procRoot, e);
    }
    return found;
  }

  /** What {@code /proc/<pid>} tells about any process. */
  private record Entry(
      List<String> argv, ProcStatus status, String cgroup, Map<String, String> environment) {
    String commandLine() {
      return String.join(" ", argv);
    }
  }

  private Optional<Entry> read(long pid) {
    Path dir = procRoot.resolve(Long.toString(pid));
    try {
      List<String> argv = nulSeparated(Files.readAllBytes(dir.resolve("cmdline")));
      if (argv.isEmpty()) {
        return Optional.empty(); // kernel thread or zombie
      }
      return Optional.of(
          new Entry(
              argv,
              ProcStatus.parse(pid, Files.readString(dir.resolve("status"))),
              readOrEmpty(dir.resolve("cgroup")).strip(),
              environment(dir.resolve("environ"))));
    } catch (IOException | RuntimeException e) {
      // The process exited while we read it, or belongs to someone we may not inspect.
      return Optional.empty();
    }
  }

  private static boolean isJvm(JvmProcess process, List<String> argv, String comm) {
    String argv0 = argv.get(0);
    return comm.equals("java")
        || argv0.equals("java")
        || argv0.endsWith("/java")
        || hasPerfData(process);
  }

  // The executable's link is the reliable sign: process.title rewrites both comm and cmdline.
  // Reading it needs the rights the sidecar has anyway (same uid); cmdline is the fallback.
  private static boolean isNode(Path dir, List<String> argv) {
    try {
      if (isNodeBinary(Files.readSymbolicLink(dir.resolve("exe")).toString())) {
        return true;
      }
    } catch (IOException | UnsupportedOperationException e) {
      // fall through to the command line
    }
    return isNodeBinary(argv.get(0));
  }

  private static boolean isNodeBinary(String path) {
    String name = path.substring(path.lastIndexOf('/') + 1);
    return name.equals("node") || name.equals("nodejs");
  }

  // Catches JVMs started by a custom launcher; absent with -XX:-UsePerfData.
  private static boolean hasPerfData(JvmProcess process) {
    try (DirectoryStream<Path> dirs =
        Files.newDirectoryStream(process.root().resolve("tmp"), "hsperfdata_*")) {
      for (Path dir : dirs) {
        if (Files.exists(dir.resolve(Long.toString(process.nsPid())))) {
          return true;
        }
      }
      return false;
    } catch (IOException e) {
      return false;
    }
  }

  // Needs the same rights as attaching; if we lack them the attach fails anyway, with its own
  // message.
  private static Map<String, String> environment(Path environ) {
    Map<String, String> environment = new HashMap<>();
    try {
      for (String entry : nulSeparated(Files.readAllBytes(environ))) {
        int equals = entry.indexOf('=');
        if (equals > 0) {
          environment.put(entry.substring(0, equals), entry.substring(equals + 1));
        }
      }
    } catch (IOException e) {
      return Map.of();
    }
    return environment;
  }

  private static List<String> nulSeparated(byte[] bytes) {
    String text = new String(bytes, StandardCharsets.UTF_8);
    if (text.endsWith("\0")) {
      text = text.substring(0, text.length() - 1);
    }
    if (text.isEmpty()) {
      return List.of();
    }
    return Arrays.asList(text.split("\0", -1));
  }

  private static String readOrEmpty(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      return "";
    }
  }
}

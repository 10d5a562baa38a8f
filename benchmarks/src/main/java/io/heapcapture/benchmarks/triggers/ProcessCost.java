package io.heapcapture.benchmarks.triggers;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/** What a process cost so far, from {@code /proc/<pid>/stat} and {@code /proc/<pid>/status}. */
final class ProcessCost {
  private ProcessCost() {}

  /**
   * CPU time in clock ticks, user plus system; with {@code children}, also that of the children it
   * waited for (a shell's commands).
   */
  static long cpuTicks(long pid, boolean children) throws IOException {
    return cpuTicks(Files.readString(Path.of("/proc", Long.toString(pid), "stat")), children);
  }

  static long cpuTicks(String stat, boolean children) {
    // The command name may hold spaces and parentheses: fields are counted after the last ')'.
    String[] fields = stat.substring(stat.lastIndexOf(')') + 2).trim().split(" ");
    // fields[0] is field 3 (state): utime is field 14, stime 15, cutime 16, cstime 17.
    long ticks = Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
    if (children) {
      ticks += Long.parseLong(fields[13]) + Long.parseLong(fields[14]);
    }
    return ticks;
  }

  /**
   * CPU ticks so far of each thread of {@code pid}, by thread name and id (for a breakdown: which
   * thread spent the process's time).
   */
  static Map<String, Long> threadTicks(long pid) throws IOException {
    Map<String, Long> ticks = new TreeMap<>();
    try (Stream<Path> tasks = Files.list(Path.of("/proc", Long.toString(pid), "task"))) {
      for (Path task : tasks.toList()) {
        try {
          String name = Files.readString(task.resolve("comm")).trim();
          ticks.put(
              name + "/" + task.getFileName(),
              cpuTicks(Files.readString(task.resolve("stat")), false));
        } catch (NoSuchFileException e) {
          // the thread ended meanwhile
        }
      }
    }
    return ticks;
  }

  /** The resident set in KiB ({@code VmRSS}). */
  static long rssKib(long pid) throws IOException {
    return Files.readAllLines(Path.of("/proc", Long.toString(pid), "status")).stream()
        .filter(line -> line.startsWith("VmRSS:"))
        .map(line -> Long.parseLong(line.replaceAll("[^0-9]", "")))
        .findFirst()
        .orElseThrow(() -> new IOException("no VmRSS for pid " + pid));
  }

  /** Clock ticks per second ({@code getconf CLK_TCK}; 100 on Linux when that fails). */
  static long ticksPerSecond() {
    try {
      Process getconf = new ProcessBuilder("getconf", "CLK_TCK").start();
      String out = new String(getconf.getInputStream().readAllBytes()).trim();
      return getconf.waitFor() == 0 ? Long.parseLong(out) : 100;
    } catch (IOException | NumberFormatException e) {
      return 100;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return 100;
    }
  }
}

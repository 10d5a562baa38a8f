package io.heapcapture.sidecar.memory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * A process's container memory as the kubelet counts it: the working set (usage minus inactive file
 * cache) against the memory limit, read from the target container's own cgroup filesystem through
 * {@code /proc/<pid>/root/sys/fs/cgroup}, so it works without the host's cgroupfs. Handles cgroup
 * v2 ({@code memory.current}, {@code memory.max}, {@code inactive_file}) and v1 ({@code
 * memory.usage_in_bytes}, {@code memory.limit_in_bytes}, {@code total_inactive_file}).
 */
final class CgroupMemory {
  // cgroup v1 shows "no limit" as PAGE_COUNTER_MAX pages, just under 2^63 bytes.
  private static final long V1_UNLIMITED = 1L << 62;

  private final Path procRoot;
  private final ProcText text = new ProcText();
  private final Map<Long, MemoryCgroup> cgroups = new HashMap<>();

  /** Where a process's memory cgroup is, found once per process: processes rarely move. */
  private record MemoryCgroup(Path dir, boolean v1) {}

  CgroupMemory(Path procRoot) {
    this.procRoot = procRoot;
  }

  /** The working set of {@code pid}'s cgroup, percent of its memory limit. */
  double workingSetPercent(long pid) throws UnavailableException {
    MemoryCgroup cgroup = cgroups.get(pid);
    try {
      if (cgroup == null) {
        cgroup = find(pid);
        cgroups.put(pid, cgroup);
      }
      return cgroup.v1() ? v1Percent(cgroup.dir()) : v2Percent(cgroup.dir());
    } catch (NoSuchFileException e) {
      // Gone, or moved to another cgroup: look again next time.
      cgroups.remove(pid);
      throw new UnavailableException(
          "container memory unavailable: " + e.getFile() + " vanished (process gone?)");
    } catch (IOException e) {
      cgroups.remove(pid);
      throw new UnavailableException("container memory unavailable: " + e);
    }
  }

  /** Forgets where {@code pid}'s cgroup is. */
  void forget(long pid) {
    cgroups.remove(pid);
  }

  private MemoryCgroup find(long pid) throws IOException, UnavailableException {
    Path process = procRoot.resolve(Long.toString(pid));
    String membership = membership(process, pid);
    Path cgroupfs = process.resolve("root/sys/fs/cgroup");
    String v1 = path(membership, true);
    if (v1 != null) {
      return new MemoryCgroup(
          directory(cgroupfs.resolve("memory"), v1, "memory.usage_in_bytes"), true);
    }
    String v2 = path(membership, false);
    if (v2 != null) {
      return new MemoryCgroup(directory(cgroupfs, v2, "memory.current"), false);
    }
    throw new UnavailableException(
        "container memory unavailable: process " + pid + " is in no memory cgroup");
  }

  private double v1Percent(Path dir) throws IOException, UnavailableException {
    long usage = text.load(dir.resolve("memory.usage_in_bytes")).single();
    long limit = text.load(dir.resolve("memory.limit_in_bytes")).single();
    text.load(dir.resolve("memory.stat"));
    long inactive = text.field("total_inactive_file ");
    if (limit >= V1_UNLIMITED) {
      // The container may be unlimited inside a limited pod: memory.stat knows the nearest limit.
      limit = text.field("hierarchical_memory_limit ");
    }
    return percent(usage, inactive, limit);
  }

  private double v2Percent(Path dir) throws IOException, UnavailableException {
    Path max = dir.resolve("memory.max");
    if (!Files.exists(max)) {
      throw new UnavailableException("no memory limit: the process is in the root cgroup");
    }
    long usage = text.load(dir.resolve("memory.current")).single();
    long limit = text.load(max).single(); // "max" reads as ABSENT
    long inactive = text.load(dir.resolve("memory.stat")).field("inactive_file ");
    return percent(usage, inactive, limit);
  }

  private static double percent(long usage, long inactive, long limit) throws UnavailableException {
    if (limit <= 0 || limit >= V1_UNLIMITED) {
      throw new UnavailableException("no memory limit: the container's cgroup is unlimited");
    }
    if (usage < 0) {
      throw new UnavailableException("container memory unavailable: no usage in the cgroup");
    }
    // As the kubelet (cadvisor) does: inactive file pages are the first the kernel reclaims.
    long workingSet = inactive > 0 && inactive < usage ? usage - inactive : usage;
    return 100.0 * workingSet / limit;
  }

  /**
   * The cgroup directory as mounted in the target's filesystem. Without a cgroup namespace (cgroup
   * v1, or v2 with the host's namespace) the mount shows the whole hierarchy and the process's path
   * leads to its cgroup; inside a container's own cgroup namespace (and v1 containers, whose
   * runtime bind-mounts the container's cgroup) the mount's root is the container's cgroup itself.
   */
  private static Path directory(Path mount, String path, String probe) throws NoSuchFileException {
    if (!path.contains("..")) {
      Path full = mount.resolve(path.substring(1));
      if (Files.exists(full.resolve(probe))) {
        return full;
      }
    }
    if (Files.exists(mount.resolve(probe)) || Files.exists(mount.resolve("memory.stat"))) {
      return mount;
    }
    throw new NoSuchFileException(mount.resolve(probe).toString());
  }

  private String membership(Path process, long pid) throws IOException, UnavailableException {
    try {
      return text.load(process.resolve("cgroup")).text();
    } catch (NoSuchFileException e) {
      throw new UnavailableException("container memory unavailable: process " + pid + " is gone");
    }
  }

  /**
   * The process's cgroup path from {@code /proc/<pid>/cgroup}: of the v1 hierarchy with the memory
   * controller, or of the v2 unified hierarchy ({@code 0::}).
   */
  private static String path(String membership, boolean v1) {
    for (String line : membership.split("\n")) {
      int first = line.indexOf(':');
      int second = line.indexOf(':', first + 1);
      if (first < 0 || second < 0) {
        continue;
      }
      String controllers = line.substring(first + 1, second);
      String path = line.substring(second + 1);
      if (v1 && (",".concat(controllers).concat(",")).contains(",memory,")) {
        return path;
      }
      if (!v1 && line.startsWith("0::")) {
        return path;
      }
    }
    return null;
  }
}

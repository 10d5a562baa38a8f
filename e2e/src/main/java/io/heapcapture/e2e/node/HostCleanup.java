package io.heapcapture.e2e.node;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Takes off the host what a node put there: its processes (by the ids it recorded), the containers'
 * processes (by their kubepods cgroups), mounts, network namespaces, the bridge, the {@code KUBE-}
 * and {@code CNI-} iptables chains, the kubepods cgroups and the changed sysctls. The same steps
 * serve a clean stop and a run that finds the leftovers of a killed one; each step goes on when an
 * earlier one failed.
 */
final class HostCleanup {
  private static final Logger log = LoggerFactory.getLogger(HostCleanup.class);
  private static final Path CGROUPS = Path.of("/sys/fs/cgroup");
  private static final List<String> IPTABLES = List.of("iptables", "ip6tables");
  private static final List<String> TABLES = List.of("filter", "nat", "mangle", "raw");

  /** A leftover process gets this long after SIGTERM: kube-apiserver alone drains for longer. */
  private static final Duration PROCESS_GRACE = Duration.ofSeconds(3);

  /** The CNI network's name: its IP allocations live under /var/lib/cni/networks/<name>. */
  static final String NETWORK_NAME = "heapcapture-pods";

  private HostCleanup() {}

  /** What on this host looks like a node's leftover; empty when there is none. */
  static List<String> leftovers() {
    List<String> found = new ArrayList<>();
    if (Files.exists(NodeLayout.PROCESSES)) {
      found.add("the process record " + NodeLayout.PROCESSES);
    }
    if (Files.exists(NodeLayout.HOST_STATE)) {
      found.add("unrestored host state in " + NodeLayout.HOST_STATE);
    }
    if (Files.exists(Path.of("/sys/class/net", NodeLayout.BRIDGE))) {
      found.add("the bridge " + NodeLayout.BRIDGE);
    }
    List<String> mounts = nodeMounts();
    if (!mounts.isEmpty()) {
      found.add(mounts.size() + " mounts, e.g. " + mounts.get(0));
    }
    List<Path> cgroups = kubepodsCgroups();
    if (!cgroups.isEmpty()) {
      found.add("kubepods cgroups, e.g. " + cgroups.get(0));
    }
    for (String iptables : IPTABLES) {
      String saved = HostCommand.run(iptables + "-save").output();
      if (saved.contains(":KUBE-") || saved.contains(":CNI-")) {
        found.add(iptables + " chains KUBE-* or CNI-*");
      }
    }
    return found;
  }

  /**
   * Runs every step and returns what could not be cleaned. {@code shim} is the shim binary whose
   * processes go too.
   */
  static List<String> clean(Path shim) {
    List<String> problems = new ArrayList<>();
    step(problems, "stopping the node's processes", HostCleanup::stopRecordedProcesses);
    step(problems, "stopping containerd's shims", () -> killByExecutable(shim));
    step(problems, "stopping the containers' processes", HostCleanup::killPodProcesses);
    step(problems, "unmounting", HostCleanup::unmountAll);
    step(problems, "removing network namespaces", HostCleanup::removeNetworkNamespaces);
    step(problems, "removing the bridge", HostCleanup::removeBridge);
    step(problems, "removing iptables chains", HostCleanup::removeChains);
    step(problems, "removing kubepods cgroups", HostCleanup::removeCgroups);
    step(problems, "removing the node's files", HostCleanup::removeFiles);
    step(problems, "restoring the host's settings", () -> problems.addAll(HostState.restore()));
    return problems;
  }

  private interface Step {
    void run() throws Exception;
  }

  private static void step(List<String> problems, String what, Step step) {
    try {
      step.run();
    } catch (Exception e) {
      log.warn("{} failed", what, e);
      problems.add(what + ": " + e);
    }
  }

  /** Records a process of the node, so that a later run can stop it if this one is killed. */
  static synchronized void record(long pid, Path executable) {
    try {
      Files.createDirectories(NodeLayout.HOME);
      Files.writeString(
          NodeLayout.PROCESSES,
          pid + " " + executable + "\n",
          StandardCharsets.UTF_8,
          StandardOpenOption.CREATE,
          StandardOpenOption.APPEND);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot record pid " + pid, e);
    }
  }

  /** SIGTERM to each recorded process that still runs its recorded executable, then SIGKILL. */
  private static void stopRecordedProcesses() throws IOException {
    if (!Files.exists(NodeLayout.PROCESSES)) {
      return;
    }
    List<ProcessHandle> stopping = new ArrayList<>();
    for (String line : Files.readAllLines(NodeLayout.PROCESSES, StandardCharsets.UTF_8)) {
      String[] fields = line.strip().split(" ", 2);
      if (fields.length < 2) {
        continue;
      }
      long pid = Long.parseLong(fields[0]);
      // A recycled pid runs another program: only a match on the executable is ours.
      if (executableOf(pid).map(Path.of(fields[1])::equals).orElse(false)) {
        ProcessHandle.of(pid)
            .ifPresent(
                process -> {
                  log.info("stopping {} (pid {}) left by an earlier run", fields[1], pid);
                  process.destroy();
                  stopping.add(process);
                });
      }
    }
    awaitOrKill(stopping);
  }

  private static void killByExecutable(Path executable) {
    List<ProcessHandle> found =
        ProcessHandle.allProcesses()
            .filter(p -> executableOf(p.pid()).map(executable::equals).orElse(false))
            .toList();
    found.forEach(ProcessHandle::destroyForcibly);
    awaitOrKill(found);
  }

  private static void awaitOrKill(List<ProcessHandle> processes) {
    long deadline = System.nanoTime() + PROCESS_GRACE.toNanos();
    for (ProcessHandle process : processes) {
      while (process.isAlive() && System.nanoTime() < deadline) {
        sleep(100);
      }
      if (process.isAlive()) {
        log.warn("pid {} ignored SIGTERM; killing it", process.pid());
        process.destroyForcibly();
      }
    }
  }

  static Optional<Path> executableOf(long pid) {
    try {
      String target =
          Files.readSymbolicLink(Path.of("/proc", Long.toString(pid), "exe")).toString();
      // A replaced binary reads "<path> (deleted)".
      return Optional.of(Path.of(target.replace(" (deleted)", "")));
    } catch (IOException | UnsupportedOperationException e) {
      return Optional.empty();
    }
  }

  /** SIGKILL to every process in a kubepods cgroup: they belong to the node's pods. */
  private static void killPodProcesses() throws IOException {
    for (int attempt = 0; attempt < 50; attempt++) {
      Set<Long> pids = new LinkedHashSet<>();
      for (Path cgroup : kubepodsCgroups()) {
        Path procs = cgroup.resolve("cgroup.procs");
        if (Files.exists(procs)) {
          for (String line : Files.readAllLines(procs)) {
            if (!line.isBlank()) {
              pids.add(Long.parseLong(line.strip()));
            }
          }
        }
      }
      if (pids.isEmpty()) {
        return;
      }
      if (attempt == 0) {
        log.info("killing {} processes left in kubepods cgroups", pids.size());
      }
      pids.forEach(pid -> ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly));
      sleep(100);
    }
    throw new IllegalStateException("processes stay in the kubepods cgroups");
  }

  /** Every kubepods cgroup folder of every hierarchy, children before their parents. */
  static List<Path> kubepodsCgroups() {
    List<Path> found = new ArrayList<>();
    // cgroup v1 has a hierarchy per controller (/sys/fs/cgroup/memory/kubepods); v2 has one.
    List<Path> hierarchies = new ArrayList<>(List.of(CGROUPS));
    try (DirectoryStream<Path> dirs = Files.newDirectoryStream(CGROUPS)) {
      dirs.forEach(hierarchies::add);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + CGROUPS, e);
    }
    try {
      for (Path hierarchy : hierarchies) {
        Path kubepods = hierarchy.resolve("kubepods");
        if (Files.isDirectory(kubepods, LinkOption.NOFOLLOW_LINKS)) {
          try (Stream<Path> walk = Files.walk(kubepods)) {
            walk.filter(p -> Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS))
                .sorted(Comparator.comparingInt(Path::getNameCount).reversed())
                .forEach(found::add);
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + CGROUPS, e);
    }
    return found;
  }

  private static void removeCgroups() {
    for (int attempt = 0; attempt < 50; attempt++) {
      List<Path> left = kubepodsCgroups();
      if (left.isEmpty()) {
        return;
      }
      for (Path cgroup : left) {
        // A cgroup folder goes with rmdir only: its files are the kernel's.
        HostCommand.run("rmdir", cgroup.toString());
      }
      sleep(100);
    }
    throw new IllegalStateException("cannot remove " + kubepodsCgroups());
  }

  /** Mount points under the node's folders, deepest first. */
  static List<String> nodeMounts() {
    List<String> mounts = new ArrayList<>();
    try {
      for (String line : Files.readAllLines(Path.of("/proc/self/mountinfo"))) {
        String mountPoint = unescape(line.split(" ")[4]);
        String withSlash = mountPoint.endsWith("/") ? mountPoint : mountPoint + "/";
        if (NodeLayout.MOUNT_PREFIXES.stream()
            .anyMatch(p -> mountPoint.startsWith(p) || withSlash.equals(p))) {
          mounts.add(mountPoint);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read /proc/self/mountinfo", e);
    }
    mounts.sort(Comparator.comparingInt(String::length).reversed());
    return mounts;
  }

  private static String unescape(String field) {
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < field.length(); i++) {
      char c = field.charAt(i);
      if (c == '\\' && i + 3 < field.length()) {
        out.append((char) Integer.parseInt(field.substring(i + 1, i + 4), 8));
        i += 3;
      } else {
        out.append(c);
      }
    }
    return out.toString();
  }

  private static void unmountAll() {
    for (int attempt = 0; attempt < 5; attempt++) {
      List<String> mounts = nodeMounts();
      if (mounts.isEmpty()) {
        return;
      }
      for (String mount : mounts) {
        if (!HostCommand.run("umount", mount).succeeded()) {
          // Busy: detach it now, the kernel frees it when its last user goes.
          HostCommand.run("umount", "-l", mount);
        }
      }
    }
    List<String> left = nodeMounts();
    if (!left.isEmpty()) {
      throw new IllegalStateException("still mounted: " + left);
    }
  }

  private static void removeNetworkNamespaces() throws IOException {
    Path netns = Path.of("/run/netns");
    if (!Files.isDirectory(netns)) {
      return;
    }
    try (DirectoryStream<Path> files = Files.newDirectoryStream(netns, "cni-*")) {
      for (Path file : files) {
        Files.deleteIfExists(file);
      }
    }
  }

  private static void removeBridge() {
    if (Files.exists(Path.of("/sys/class/net", NodeLayout.BRIDGE))) {
      HostCommand.run("ip", "link", "delete", NodeLayout.BRIDGE).orThrow();
    }
  }

  /** Deletes the rules that jump to KUBE-/CNI- chains, then flushes and deletes those chains. */
  private static void removeChains() {
    for (String iptables : IPTABLES) {
      for (String table : TABLES) {
        String saved = HostCommand.run(iptables + "-save", "-t", table).output();
        String script = chainRemoval(table, saved);
        if (script != null) {
          HostCommand.run(script, List.of(iptables + "-restore", "--noflush")).orThrow();
        }
      }
    }
  }

  /** The iptables-restore input that removes the node's chains from one table, or null. */
  static String chainRemoval(String table, String saved) {
    List<String> ownChains = new ArrayList<>();
    List<String> jumps = new ArrayList<>();
    for (String line : saved.split("\n")) {
      if (line.startsWith(":")) {
        String chain = line.substring(1).split(" ")[0];
        if (isOwn(chain)) {
          ownChains.add(chain);
        }
      } else if (line.startsWith("-A ")) {
        String chain = line.split(" ")[1];
        if (!isOwn(chain) && (line.matches(".* -[jg] (KUBE|CNI)-\\S+.*"))) {
          jumps.add("-D" + line.substring(2));
        }
      }
    }
    if (ownChains.isEmpty() && jumps.isEmpty()) {
      return null;
    }
    StringBuilder script = new StringBuilder("*").append(table).append('\n');
    jumps.forEach(rule -> script.append(rule).append('\n'));
    ownChains.forEach(chain -> script.append("-F ").append(chain).append('\n'));
    ownChains.forEach(chain -> script.append("-X ").append(chain).append('\n'));
    return script.append("COMMIT\n").toString();
  }

  private static boolean isOwn(String chain) {
    return chain.startsWith("KUBE-") || chain.startsWith("CNI-");
  }

  /**
   * Removes kubelet's root, the pod logs, containerd's state, the CNI network's IP allocations, and
   * containerd's image store unless the last stop left it clean.
   */
  private static void removeFiles() throws IOException {
    HostState.deleteTree(NodeLayout.KUBELET_ROOT);
    HostState.deleteTree(NodeLayout.POD_LOGS);
    HostState.deleteTree(NodeLayout.VOLUME_PLUGINS);
    HostState.deleteTree(NodeLayout.RUN);
    HostState.deleteTree(Path.of("/var/lib/cni/networks", NETWORK_NAME));
    HostState.deleteTree(Path.of("/var/lib/kubelet/device-plugins"));
    HostState.deleteTree(Path.of("/run/containerd/s"));
    HostState.deleteTree(Path.of("/run/containerd/runc"));
    Path results = Path.of("/var/lib/cni/results");
    if (Files.isDirectory(results)) {
      try (DirectoryStream<Path> files = Files.newDirectoryStream(results, NETWORK_NAME + "-*")) {
        for (Path file : files) {
          Files.deleteIfExists(file);
        }
      }
    }
    Path containers = Path.of("/var/log/containers");
    if (Files.isDirectory(containers)) {
      try (DirectoryStream<Path> links = Files.newDirectoryStream(containers)) {
        for (Path link : links) {
          if (Files.isSymbolicLink(link)
              && Files.readSymbolicLink(link).startsWith(NodeLayout.POD_LOGS)) {
            Files.delete(link);
          }
        }
      }
    }
    if (!ContainerdStore.stoppedClean()) {
      log.info("containerd's store was not left clean: removing it (images are imported again)");
      HostState.deleteTree(NodeLayout.CONTAINERD_ROOT);
    }
    Files.deleteIfExists(NodeLayout.PROCESSES);
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }
}

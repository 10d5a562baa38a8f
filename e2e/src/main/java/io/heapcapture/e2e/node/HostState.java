package io.heapcapture.e2e.node;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The host settings a node changes: the sysctls kubelet, kube-proxy and the bridge plugin set, and
 * the fixed folders they create. Recorded once before a node starts, into a file that survives a
 * killed run, so a later run restores the values from before the first, not the node's.
 */
final class HostState {
  /** Sysctls that kubelet (kernel tunables), kube-proxy and the CNI bridge plugin write. */
  static final List<String> SYSCTLS =
      List.of(
          "vm.overcommit_memory",
          "vm.panic_on_oom",
          "kernel.panic",
          "kernel.panic_on_oops",
          "kernel.keys.root_maxkeys",
          "kernel.keys.root_maxbytes",
          "net.ipv4.ip_forward",
          "net.ipv4.conf.all.route_localnet",
          "net.ipv6.conf.all.forwarding",
          "net.bridge.bridge-nf-call-iptables",
          "net.bridge.bridge-nf-call-ip6tables",
          "net.netfilter.nf_conntrack_max");

  private static final Logger log = LoggerFactory.getLogger(HostState.class);
  private static final String SYSCTL = "sysctl.";
  private static final String EXISTED = "existed.";
  private static final String NFT_TABLES = "nft.tables";

  /** The tables iptables-nft creates on first use, and leaves behind when emptied. */
  private static final List<String> IPTABLES_TABLES =
      List.of("filter", "nat", "mangle", "raw").stream()
          .flatMap(t -> Stream.of("ip " + t, "ip6 " + t))
          .toList();

  private HostState() {}

  /** Records the host's values, unless a run that did not restore them recorded them already. */
  static void recordOnce() {
    if (Files.exists(NodeLayout.HOST_STATE)) {
      log.info("keeping the host state recorded by an earlier run: {}", NodeLayout.HOST_STATE);
      return;
    }
    Properties state = new Properties();
    for (String name : SYSCTLS) {
      read(name).ifPresent(value -> state.setProperty(SYSCTL + name, value));
    }
    for (Path fixed : NodeLayout.FIXED) {
      state.setProperty(EXISTED + fixed, Boolean.toString(Files.exists(fixed)));
    }
    state.setProperty(NFT_TABLES, String.join(",", nftTables()));
    try {
      Files.createDirectories(NodeLayout.HOME);
      Path temp = NodeLayout.HOST_STATE.resolveSibling("host-state.tmp");
      try (Writer out = Files.newBufferedWriter(temp, StandardCharsets.UTF_8)) {
        state.store(out, "the host before a heapcapture node changed it");
      }
      Files.move(temp, NodeLayout.HOST_STATE);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot record the host state in " + NodeLayout.HOST_STATE, e);
    }
  }

  /**
   * Writes back the recorded sysctls, removes the fixed folders that did not exist before, and then
   * the record; returns what it could not restore.
   */
  static List<String> restore() {
    List<String> problems = new ArrayList<>();
    if (!Files.exists(NodeLayout.HOST_STATE)) {
      return problems;
    }
    Properties state = new Properties();
    try (Reader in = Files.newBufferedReader(NodeLayout.HOST_STATE, StandardCharsets.UTF_8)) {
      state.load(in);
    } catch (IOException e) {
      problems.add("cannot read " + NodeLayout.HOST_STATE + ": " + e);
      return problems;
    }
    for (String key : state.stringPropertyNames()) {
      String value = state.getProperty(key);
      if (key.startsWith(SYSCTL)) {
        String name = key.substring(SYSCTL.length());
        if (!read(name).map(value::equals).orElse(true)) {
          try {
            Files.writeString(procPath(name), value);
            log.info("restored sysctl {} = {}", name, value);
          } catch (IOException e) {
            problems.add("cannot restore sysctl " + name + "=" + value + ": " + e);
          }
        }
      } else if (key.equals(NFT_TABLES)) {
        List<String> before = List.of(value.split(","));
        for (String table : nftTables()) {
          if (IPTABLES_TABLES.contains(table) && !before.contains(table)) {
            HostCommand.Result deleted =
                HostCommand.run("nft", "delete", "table", table.split(" ")[0], table.split(" ")[1]);
            if (!deleted.succeeded()) {
              problems.add("cannot delete nft table " + table + ": " + deleted.output().strip());
            }
          }
        }
      } else if (key.startsWith(EXISTED) && "false".equals(value)) {
        Path fixed = Path.of(key.substring(EXISTED.length()));
        try {
          deleteTree(fixed);
        } catch (IOException | UncheckedIOException e) {
          problems.add("cannot remove " + fixed + ": " + e);
        }
      }
    }
    if (problems.isEmpty()) {
      try {
        Files.delete(NodeLayout.HOST_STATE);
      } catch (IOException e) {
        problems.add("cannot remove " + NodeLayout.HOST_STATE + ": " + e);
      }
    }
    return problems;
  }

  /** "ip filter", "ip6 nat", ...: the nftables tables on the host. */
  static List<String> nftTables() {
    HostCommand.Result listed = HostCommand.run("nft", "list", "tables");
    if (!listed.succeeded()) {
      throw new IllegalStateException(
          "nft list tables failed (install nftables: dev/build-test-binaries.sh node): "
              + listed.output().strip());
    }
    List<String> tables = new ArrayList<>();
    for (String line : listed.output().split("\n")) {
      if (line.startsWith("table ")) {
        tables.add(line.substring("table ".length()).strip());
      }
    }
    return tables;
  }

  static Optional<String> read(String sysctl) {
    Path path = procPath(sysctl);
    if (!Files.exists(path)) {
      return Optional.empty();
    }
    try {
      // Not Files.readString: it trusts the size a /proc file reports (0) and stops early.
      try (var in = Files.newInputStream(path)) {
        return Optional.of(new String(in.readAllBytes(), StandardCharsets.UTF_8).strip());
      }
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  private static Path procPath(String sysctl) {
    return Path.of("/proc/sys", sysctl.replace('.', '/'));
  }

  /** Deletes a folder tree; the caller has unmounted what was mounted in it. */
  static void deleteTree(Path root) throws IOException {
    if (!Files.exists(root, LinkOption.NOFOLLOW_LINKS)) {
      return;
    }
    try (Stream<Path> walk = Files.walk(root)) {
      for (Path path : walk.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(path);
      }
    }
  }
}

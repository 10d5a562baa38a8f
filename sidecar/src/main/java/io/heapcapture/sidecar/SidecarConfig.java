package io.heapcapture.sidecar;

import io.heapcapture.sidecar.api.SidecarApi;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.Map;

/**
 * The sidecar's settings, from its environment.
 *
 * @param listen address of the HTTP API ({@code HEAPCAPTURE_LISTEN}, host:port, default
 *     0.0.0.0:8086)
 * @param clientCaPem PEM text of the CA certificate(s) whose client certificates may command this
 *     sidecar ({@code HEAPCAPTURE_CLIENT_CA}, required)
 * @param uploadEndpoints the pinned endpoints uploads may go to ({@code
 *     HEAPCAPTURE_UPLOAD_ENDPOINTS}, comma-separated {@code scheme://host[:port]}; empty refuses
 *     every upload)
 * @param dumpDir the dump volume as the sidecar sees it ({@code HEAPCAPTURE_DUMP_DIR})
 * @param targetDumpDir the same volume as the application container sees it ({@code
 *     HEAPCAPTURE_TARGET_DUMP_DIR}, default: dumpDir)
 * @param procRoot where process information lives ({@code HEAPCAPTURE_PROC}, default /proc)
 * @param dumpInTarget when set, there is no shared dump volume: the JVM writes its dump into this
 *     folder of its own file system, read through {@code /proc/<pid>/root} ({@code
 *     HEAPCAPTURE_DUMP_IN_TARGET}; an ephemeral container's way)
 * @param oneShot exit once the capture is discarded, or after an hour ({@code
 *     HEAPCAPTURE_ONE_SHOT}; an ephemeral container's way)
 * @param diskBudgetBytes how many bytes of dumps the dump volume may hold, usually its size limit
 *     ({@code HEAPCAPTURE_DISK_BUDGET_BYTES}; default 0: only its free space limits it). The
 *     kubelet evicts a pod whose emptyDir outgrows its sizeLimit, which free space does not show.
 */
public record SidecarConfig(
    InetSocketAddress listen,
    String clientCaPem,
    String uploadEndpoints,
    Path dumpDir,
    Path targetDumpDir,
    Path procRoot,
    Path dumpInTarget,
    boolean oneShot,
    long diskBudgetBytes) {

  public static SidecarConfig fromEnvironment(Map<String, String> env) {
    String listen = env.getOrDefault("HEAPCAPTURE_LISTEN", "0.0.0.0:" + SidecarApi.DEFAULT_PORT);
    int colon = listen.lastIndexOf(':');
    if (colon < 0) {
      throw new IllegalArgumentException("HEAPCAPTURE_LISTEN must be host:port, got " + listen);
    }
    String clientCa = env.get("HEAPCAPTURE_CLIENT_CA");
    if (clientCa == null || clientCa.isBlank()) {
      throw new IllegalArgumentException(
          "HEAPCAPTURE_CLIENT_CA must hold the PEM of the operator's client CA");
    }
    Path dumpDir = Path.of(env.getOrDefault("HEAPCAPTURE_DUMP_DIR", "/heapcapture/dumps"));
    return new SidecarConfig(
        new InetSocketAddress(
            listen.substring(0, colon), Integer.parseInt(listen.substring(colon + 1))),
        clientCa,
        env.getOrDefault("HEAPCAPTURE_UPLOAD_ENDPOINTS", ""),
        dumpDir,
        Path.of(env.getOrDefault("HEAPCAPTURE_TARGET_DUMP_DIR", dumpDir.toString())),
        Path.of(env.getOrDefault("HEAPCAPTURE_PROC", "/proc")),
        dumpInTarget(env.get("HEAPCAPTURE_DUMP_IN_TARGET")),
        Boolean.parseBoolean(env.getOrDefault("HEAPCAPTURE_ONE_SHOT", "false")),
        diskBudget(env.getOrDefault("HEAPCAPTURE_DISK_BUDGET_BYTES", "0")));
  }

  private static long diskBudget(String value) {
    try {
      long bytes = Long.parseLong(value.strip());
      if (bytes >= 0) {
        return bytes;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new IllegalArgumentException(
        "HEAPCAPTURE_DISK_BUDGET_BYTES must be a number of bytes, got " + value);
  }

  private static Path dumpInTarget(String value) {
    if (value == null || value.isBlank()) {
      return null;
    }
    Path dir = Path.of(value.strip());
    if (!dir.isAbsolute()) {
      throw new IllegalArgumentException(
          "HEAPCAPTURE_DUMP_IN_TARGET must be an absolute path, got " + value);
    }
    return dir;
  }
}

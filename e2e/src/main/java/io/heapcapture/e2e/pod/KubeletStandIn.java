package io.heapcapture.e2e.pod;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.heapcapture.e2e.cluster.LocalProcess;
import io.heapcapture.e2e.cluster.Testbed;
import io.heapcapture.sidecar.api.SidecarApi;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Plays the kubelet for the tests and the demo: creates a Pod object, starts its "containers" as
 * local processes, and reports it Running and Ready with a loopback pod IP.
 *
 * <p>Each pod's processes run under {@code unshare --pid --mount-proc} with its own /tmp bind
 * mounted, so the sidecar sees only its pod's processes (with namespaced pids, as in a pod with a
 * shared process namespace) and attach files of two pods never collide. Needs root, which this
 * machine's sessions and CI have.
 */
public final class KubeletStandIn {
  private static final AtomicInteger NEXT_IP = new AtomicInteger(10);
  private static final Duration START_TIMEOUT = Duration.ofSeconds(60);
  // An empty folder on the host; each pod's private mount namespace binds the host's /tmp here.
  static final String HOST_TMP = "/run/heapcapture-testbed/host-tmp";

  private final KubernetesClient client;
  private final SidecarEnvironment sidecar;
  // A kubelet's HTTPS probe does not verify the server's certificate; neither does this one.
  private final HttpClient http = UnverifiedTls.httpClient();

  /** {@code sidecar}: what every sidecar is told (the operator's CA, the pinned endpoints). */
  public KubeletStandIn(KubernetesClient client, SidecarEnvironment sidecar) {
    this.client = client;
    this.sidecar = sidecar;
  }

  /** Starts a pod with the demo app and, if asked, the heapcapture sidecar. */
  public LocalPod start(
      String namespace, String name, Map<String, String> labels, AppSpec app, boolean withSidecar) {
    String ip = "127.0.0." + NEXT_IP.getAndIncrement();
    Path dir = Testbed.newRunDir("pod-" + name);
    try {
      Files.createDirectories(dir.resolve("tmp"));
      Files.createDirectories(dir.resolve("dumps"));
      Files.createDirectories(Path.of(HOST_TMP));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    Pod created =
        client
            .pods()
            .inNamespace(namespace)
            .resource(PodTemplate.pod(namespace, name, labels, withSidecar))
            .create();
    LocalProcess processes =
        LocalProcess.start(
            "pod " + name,
            new ProcessBuilder(
                "unshare",
                "--pid",
                "--fork",
                "--mount-proc",
                "--kill-child",
                "bash",
                "-c",
                script(dir, ip, app, withSidecar ? sidecar : null)),
            dir.resolve("pod.log"));
    LocalPod pod = new LocalPod(client, created, processes, dir);
    try {
      awaitLine(pod.appLog(), "leaky-demo ready", processes);
      if (withSidecar) {
        awaitHealthy(ip, processes, pod.sidecarLog());
      }
    } catch (RuntimeException e) {
      pod.close();
      throw e;
    }
    created.setStatus(PodTemplate.running(created, ip));
    Pod running = client.pods().inNamespace(namespace).resource(created).updateStatus();
    return new LocalPod(client, running, processes, dir);
  }

  /** {@code sidecar}: null for a pod without the sidecar. */
  private static String script(Path dir, String ip, AppSpec app, SidecarEnvironment sidecar) {
    String java = quote(Artifacts.java().toString());
    List<String> lines = new ArrayList<>();
    lines.add("set -e");
    // A container has its own /tmp: the attach socket and hsperfdata live there.
    // The host's /tmp stays reachable at HOST_TMP: the repository (jars, this pod's folder) may
    // itself live under /tmp, which the pod's own /tmp is about to hide.
    lines.add("mount --bind /tmp " + HOST_TMP);
    lines.add("mount --bind " + quote(dir.resolve("tmp").toString()) + " /tmp");
    lines.add("cd " + quote(seenFromPod(dir)));
    StringBuilder appCommand = new StringBuilder(java);
    app.jvmOptions().forEach(o -> appCommand.append(' ').append(quote(o)));
    appCommand
        .append(" -jar ")
        .append(quote(seenFromPod(Artifacts.demoAppJar())))
        .append(' ')
        .append(app.leakKilobytesPerSecond());
    lines.add(appCommand + " > app.log 2>&1 &");
    if (sidecar != null) {
      // The environment a webhook would give the sidecar; no file holds anything secret.
      lines.add(
          "HEAPCAPTURE_LISTEN="
              + ip
              + ":"
              + SidecarApi.DEFAULT_PORT
              + " HEAPCAPTURE_CLIENT_CA="
              + quote(sidecar.clientCaPem())
              + " HEAPCAPTURE_UPLOAD_ENDPOINTS="
              + quote(sidecar.uploadEndpoints())
              + " HEAPCAPTURE_DUMP_DIR="
              + quote(seenFromPod(dir.resolve("dumps")))
              + " "
              + java
              + " -Xmx128m -jar "
              + quote(seenFromPod(Artifacts.sidecarJar()))
              + " > sidecar.log 2>&1 &");
    }
    lines.add("wait");
    return String.join("\n", lines);
  }

  /** A host path as the pod's processes see it: paths under /tmp move to {@link #HOST_TMP}. */
  static String seenFromPod(Path hostPath) {
    Path absolute = hostPath.toAbsolutePath().normalize();
    Path tmp = Path.of("/tmp");
    return absolute.startsWith(tmp)
        ? Path.of(HOST_TMP).resolve(tmp.relativize(absolute)).toString()
        : absolute.toString();
  }

  private static String quote(String s) {
    return "'" + s.replace("'", "'\\''") + "'";
  }

  private static void awaitLine(Path log, String line, LocalProcess processes) {
    Instant deadline = Instant.now().plus(START_TIMEOUT);
    while (Instant.now().isBefore(deadline)) {
      try {
        if (Files.exists(log) && Files.readString(log).contains(line)) {
          return;
        }
      } catch (IOException e) {
        // not written yet
      }
      if (!processes.isAlive()) {
        throw new IllegalStateException("pod processes exited: " + processes.logTail(20));
      }
      pause();
    }
    throw new IllegalStateException("no '" + line + "' in " + log + " within " + START_TIMEOUT);
  }

  private void awaitHealthy(String ip, LocalProcess processes, Path sidecarLog) {
    URI health = URI.create("https://" + ip + ":" + SidecarApi.DEFAULT_PORT + SidecarApi.HEALTH);
    Instant deadline = Instant.now().plus(START_TIMEOUT);
    while (Instant.now().isBefore(deadline)) {
      try {
        HttpResponse<Void> response =
            http.send(
                HttpRequest.newBuilder(health).timeout(Duration.ofSeconds(2)).build(),
                HttpResponse.BodyHandlers.discarding());
        if (response.statusCode() == 200) {
          return;
        }
      } catch (IOException e) {
        // not listening yet
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
      if (!processes.isAlive()) {
        throw new IllegalStateException("pod processes exited; sidecar log: " + sidecarLog);
      }
      pause();
    }
    throw new IllegalStateException(
        "sidecar at " + health + " not healthy within " + START_TIMEOUT + "; log: " + sidecarLog);
  }

  private static void pause() {
    try {
      Thread.sleep(100);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}

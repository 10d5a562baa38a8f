package io.heapcapture.sidecar;

import io.heapcapture.sidecar.attach.AttachClient;
import io.heapcapture.sidecar.capture.CaptureRegistry;
import io.heapcapture.sidecar.capture.DumpFiles;
import io.heapcapture.sidecar.capture.JvmDumpTaker;
import io.heapcapture.sidecar.capture.KindDumpTaker;
import io.heapcapture.sidecar.capture.NodeSnapshotTaker;
import io.heapcapture.sidecar.dump.HeapDumper;
import io.heapcapture.sidecar.dump.HeapSnapshotter;
import io.heapcapture.sidecar.process.JvmSelector;
import io.heapcapture.sidecar.process.KillProgram;
import io.heapcapture.sidecar.process.NodeSelector;
import io.heapcapture.sidecar.process.ProcessTable;
import io.heapcapture.sidecar.server.SidecarServer;
import io.heapcapture.sidecar.tls.SidecarTls;
import io.heapcapture.sidecar.tls.TrustedClients;
import io.heapcapture.sidecar.upload.DumpUploader;
import io.heapcapture.sidecar.upload.PresignedPartPublisher;
import io.heapcapture.sidecar.upload.UploadEndpoints;
import java.io.IOException;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Starts the capture sidecar; see {@link SidecarConfig} for its settings. */
public final class SidecarMain {
  private static final Logger LOG = LoggerFactory.getLogger(SidecarMain.class);
  private static final Duration ONE_SHOT_LIMIT = Duration.ofHours(1);

  private SidecarMain() {}

  public static void main(String[] args) throws IOException, InterruptedException {
    SidecarConfig config;
    TrustedClients clients;
    UploadEndpoints endpoints;
    try {
      config = SidecarConfig.fromEnvironment(System.getenv());
      clients = TrustedClients.fromPem(config.clientCaPem());
      endpoints = UploadEndpoints.parse(config.uploadEndpoints());
    } catch (IllegalArgumentException e) {
      System.err.println("heapcapture sidecar: " + e.getMessage());
      System.exit(2);
      return;
    }
    DumpFiles files;
    if (config.dumpInTarget() != null) {
      files = DumpFiles.insideTarget(config.dumpInTarget());
    } else {
      Files.createDirectories(config.dumpDir());
      files = DumpFiles.sharedVolume(config.dumpDir(), config.targetDumpDir());
    }
    // The registry lives in memory: dumps left by an earlier run have no owner any more.
    int stale = files.deleteUntracked();
    if (stale > 0) {
      LOG.info("deleted {} dump(s) left by an earlier run", stale);
    }
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    ExecutorService workers = Executors.newCachedThreadPool();
    ProcessTable processes = new ProcessTable(config.procRoot());
    CaptureRegistry registry =
        new CaptureRegistry(
            new KindDumpTaker(
                new JvmDumpTaker(
                    new JvmSelector(processes), new HeapDumper(new AttachClient()), files),
                new NodeSnapshotTaker(
                    new NodeSelector(processes),
                    new HeapSnapshotter(KillProgram.standard()),
                    files)),
            new DumpUploader(),
            instruction ->
                new PresignedPartPublisher(http, instruction.partUrls(), Duration.ofMinutes(5)),
            endpoints,
            workers,
            Clock.systemUTC());
    LOG.info("uploads allowed to {}", endpoints);
    SidecarServer server =
        new SidecarServer(
            config.listen(),
            registry,
            SidecarTls.serverContext(clients, Clock.systemUTC().instant()),
            clients);
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  server.close();
                  workers.shutdownNow();
                  stopped.countDown();
                }));
    server.start();
    if (config.oneShot()) {
      // An ephemeral container serves one capture. The operator's discard settles it; the hour
      // bounds an agent whose operator never comes back.
      registry.whenDiscarded(stopped::countDown);
      LOG.info("one-shot agent: exits after its capture is settled, or in {}", ONE_SHOT_LIMIT);
      if (!stopped.await(ONE_SHOT_LIMIT.toMillis(), TimeUnit.MILLISECONDS)) {
        LOG.warn("one-shot agent: no capture settled within {}; exiting", ONE_SHOT_LIMIT);
      }
      // Let the answer to the discard reach the operator before the server goes.
      Thread.sleep(1000);
      server.close();
      workers.shutdownNow();
      System.exit(0);
    }
    stopped.await();
  }
}

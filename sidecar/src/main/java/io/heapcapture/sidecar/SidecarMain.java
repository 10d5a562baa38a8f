package io.heapcapture.sidecar;

import io.heapcapture.sidecar.attach.AttachClient;
import io.heapcapture.sidecar.capture.CaptureRegistry;
import io.heapcapture.sidecar.capture.DumpFiles;
import io.heapcapture.sidecar.capture.DumpShelf;
import io.heapcapture.sidecar.capture.JvmDumpTaker;
import io.heapcapture.sidecar.capture.KindDumpTaker;
import io.heapcapture.sidecar.capture.NodeSnapshotTaker;
import io.heapcapture.sidecar.dump.HeapDumper;
import io.heapcapture.sidecar.dump.HeapSnapshotter;
import io.heapcapture.sidecar.memory.ProcMemoryProbe;
import io.heapcapture.sidecar.process.JvmSelector;
import io.heapcapture.sidecar.process.KillProgram;
import io.heapcapture.sidecar.process.NodeSelector;
import io.heapcapture.sidecar.process.ProcessTable;
import io.heapcapture.sidecar.server.SidecarServer;
import io.heapcapture.sidecar.tls.SidecarTls;
import io.heapcapture.sidecar.tls.TrustedClients;
import io.heapcapture.sidecar.trigger.DumpRoom;
import io.heapcapture.sidecar.trigger.OutOfMemoryDumps;
import io.heapcapture.sidecar.trigger.RuleEngine;
import io.heapcapture.sidecar.trigger.TriggerLoop;
import io.heapcapture.sidecar.upload.DumpUploader;
import io.heapcapture.sidecar.upload.PresignedPartPublisher;
import io.heapcapture.sidecar.upload.UploadEndpoints;
import java.io.IOException;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
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
    DumpShelf shelf = null;
    if (config.dumpInTarget() != null) {
      files = DumpFiles.insideTarget(config.dumpInTarget());
    } else {
      Files.createDirectories(config.dumpDir());
      files = DumpFiles.sharedVolume(config.dumpDir(), config.targetDumpDir());
      shelf = new DumpShelf(config.dumpDir());
    }
    Clock clock = Clock.systemUTC();
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    ExecutorService workers = Executors.newCachedThreadPool();
    ProcessTable processes = new ProcessTable(config.procRoot());
    KindDumpTaker dumps =
        new KindDumpTaker(
            new JvmDumpTaker(new JvmSelector(processes), new HeapDumper(new AttachClient()), files),
            new NodeSnapshotTaker(
                new NodeSelector(processes), new HeapSnapshotter(KillProgram.standard()), files));
    CaptureRegistry registry =
        new CaptureRegistry(
            dumps,
            new DumpUploader(),
            instruction ->
                new PresignedPartPublisher(http, instruction.partUrls(), Duration.ofMinutes(5)),
            endpoints,
            workers,
            clock,
            shelf);
    // Dumps with a manifest wait for their upload; the others were cut short by the restart.
    int restored = registry.restore();
    if (restored > 0) {
      LOG.info("{} dump(s) of an earlier run wait for their upload", restored);
    }
    LOG.info("uploads allowed to {}", endpoints);
    RuleEngine rules = null;
    TriggerLoop triggers = null;
    if (!config.oneShot() && shelf != null) {
      rules =
          new RuleEngine(
              dumps,
              new ProcMemoryProbe(config.procRoot()),
              registry,
              new DumpRoom(config.dumpDir(), config.diskBudgetBytes()),
              clock);
      OutOfMemoryDumps outOfMemory =
          new OutOfMemoryDumps(
              config.dumpDir(), config.procRoot(), registry, rules::outOfMemoryPolicy, clock);
      triggers = new TriggerLoop(List.of(rules::evaluate, outOfMemory::poll));
    }
    SidecarServer server =
        new SidecarServer(
            config.listen(),
            registry,
            rules,
            SidecarTls.serverContext(clients, clock.instant()),
            clients);
    CountDownLatch stopped = new CountDownLatch(1);
    TriggerLoop loop = triggers;
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  if (loop != null) {
                    loop.close();
                  }
                  server.close();
                  workers.shutdownNow();
                  stopped.countDown();
                }));
    server.start();
    if (triggers != null) {
      triggers.start();
    }
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

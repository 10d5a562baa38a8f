package io.heapcapture.benchmarks.triggers;

import io.heapcapture.sidecar.CaptureException;
import io.heapcapture.sidecar.api.CaptureOrigin;
import io.heapcapture.sidecar.api.CaptureState;
import io.heapcapture.sidecar.api.RuleSet;
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
import io.heapcapture.sidecar.trigger.DumpRoom;
import io.heapcapture.sidecar.trigger.OutOfMemoryDumps;
import io.heapcapture.sidecar.trigger.RuleEngine;
import io.heapcapture.sidecar.trigger.TriggerLoop;
import io.heapcapture.sidecar.upload.DumpUploader;
import io.heapcapture.sidecar.upload.PresignedPartPublisher;
import io.heapcapture.sidecar.upload.UploadEndpoints;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The sidecar's trigger path in this JVM, wired as {@code SidecarMain} wires it: the rule engine
 * with the real {@code /proc} probe, the trigger loop (rules, then the OutOfMemoryError watch), the
 * capture registry and the JVM dump through the attach client. Only the HTTPS server is left out:
 * rules are armed by a direct call, and the reaction does not go through the server.
 */
final class InProcessSidecar implements AutoCloseable {
  private final ExecutorService workers = Executors.newCachedThreadPool();
  private final CaptureRegistry registry;
  private final RuleEngine rules;
  private final TriggerLoop loop;

  InProcessSidecar(Path dumpDir) {
    Path proc = Path.of("/proc");
    Clock clock = Clock.systemUTC();
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    DumpFiles files = DumpFiles.sharedVolume(dumpDir, dumpDir);
    ProcessTable processes = new ProcessTable(proc);
    KindDumpTaker dumps =
        new KindDumpTaker(
            new JvmDumpTaker(new JvmSelector(processes), new HeapDumper(new AttachClient()), files),
            new NodeSnapshotTaker(
                new NodeSelector(processes), new HeapSnapshotter(KillProgram.standard()), files));
    registry =
        new CaptureRegistry(
            dumps,
            new DumpUploader(),
            instruction ->
                new PresignedPartPublisher(http, instruction.partUrls(), Duration.ofMinutes(5)),
            UploadEndpoints.parse(""),
            workers,
            clock,
            new DumpShelf(dumpDir));
    rules =
        new RuleEngine(dumps, new ProcMemoryProbe(proc), registry, new DumpRoom(dumpDir, 0), clock);
    OutOfMemoryDumps outOfMemory =
        new OutOfMemoryDumps(dumpDir, proc, registry, rules::outOfMemoryPolicy, clock);
    loop = new TriggerLoop(List.of(rules::evaluate, outOfMemory::poll));
    loop.start();
  }

  void arm(RuleSet ruleSet) throws CaptureException {
    rules.arm(ruleSet);
  }

  /** The first capture a rule started, if any. */
  Optional<CaptureState> ruleCapture() {
    return registry.list().stream()
        .filter(state -> state.origin() == CaptureOrigin.RULE)
        .findFirst();
  }

  @Override
  public void close() {
    loop.close();
    workers.shutdownNow();
  }
}

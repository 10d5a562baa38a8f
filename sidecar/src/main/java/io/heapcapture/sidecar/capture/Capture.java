package io.heapcapture.sidecar.capture;

import io.heapcapture.sidecar.CaptureException;
import io.heapcapture.sidecar.api.CaptureKind;
import io.heapcapture.sidecar.api.CaptureOrigin;
import io.heapcapture.sidecar.api.CapturePhase;
import io.heapcapture.sidecar.api.CaptureRequest;
import io.heapcapture.sidecar.api.CaptureState;
import io.heapcapture.sidecar.api.Failure;
import io.heapcapture.sidecar.api.FailureReason;
import io.heapcapture.sidecar.api.UploadResult;
import io.heapcapture.sidecar.dump.HeapDump;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;

/** One capture's state. Transitions are synchronized; readers get an immutable snapshot. */
final class Capture {
  private final CaptureRequest request;
  private final Origin origin;
  private final Clock clock;
  private CapturePhase phase = CapturePhase.DUMPING;
  private Long pid;
  private Instant startedAt;
  private Instant dumpedAt;
  private Long pauseMillis;
  private Long rawBytes;
  private Path file;
  private UploadResult upload;
  private Failure failure;

  Capture(CaptureRequest request, Origin origin, Clock clock) {
    this.request = request;
    this.origin = origin;
    this.clock = clock;
    this.startedAt = clock.instant();
  }

  /** A dump already on the volume (from an earlier run, or the JVM's own): waits for upload. */
  static Capture waiting(CaptureState state, Path file, Clock clock) {
    CaptureRequest request =
        new CaptureRequest(
            state.id(),
            null,
            null,
            null,
            state.kind() == null ? CaptureKind.HEAP_DUMP_ALL : state.kind());
    Capture capture =
        new Capture(request, new Origin(state.origin(), state.policy(), state.rule()), clock);
    capture.phase = CapturePhase.DUMPED;
    capture.pid = state.pid();
    capture.startedAt = state.startedAt();
    capture.dumpedAt = state.dumpedAt();
    capture.pauseMillis = state.pauseMillis();
    capture.rawBytes = state.rawBytes();
    capture.file = file;
    return capture;
  }

  CaptureRequest request() {
    return request;
  }

  synchronized CapturePhase phase() {
    return phase;
  }

  synchronized Path file() {
    return file;
  }

  synchronized void selected(long pid) {
    this.pid = pid;
    this.startedAt = clock.instant();
  }

  synchronized void dumped(HeapDump dump) {
    this.file = dump.file();
    this.rawBytes = dump.bytes();
    this.pauseMillis = dump.pause().toMillis();
    this.dumpedAt = clock.instant();
    this.phase = CapturePhase.DUMPED;
  }

  /** Moves DUMPED to UPLOADING; false when the capture is not waiting for an upload. */
  synchronized boolean beginUpload() {
    if (phase != CapturePhase.DUMPED) {
      return false;
    }
    phase = CapturePhase.UPLOADING;
    return true;
  }

  /** Fails a capture that waits for its upload; false when it is not waiting (left as it is). */
  synchronized boolean refuseUpload(CaptureException e) {
    if (phase != CapturePhase.DUMPED) {
      return false;
    }
    failed(e);
    return true;
  }

  synchronized void uploaded(UploadResult result) {
    this.upload = result;
    this.phase = CapturePhase.UPLOADED;
  }

  synchronized void failed(CaptureException e) {
    failed(e.reason(), e.getMessage());
  }

  synchronized void failed(FailureReason reason, String message) {
    this.failure = new Failure(reason, message);
    this.phase = CapturePhase.FAILED;
  }

  /** Bytes this capture holds on the dump volume (0 once settled or while unknown). */
  synchronized long pendingBytes() {
    return phase == CapturePhase.DUMPED || phase == CapturePhase.UPLOADING
        ? (rawBytes == null ? 0 : rawBytes)
        : 0;
  }

  synchronized CaptureState snapshot() {
    return new CaptureState(
        request.id(),
        phase,
        pid,
        startedAt,
        dumpedAt,
        pauseMillis,
        rawBytes,
        upload,
        failure,
        origin.origin(),
        origin.policy(),
        origin.rule(),
        request.kind());
  }

  /**
   * Who started a capture.
   *
   * @param policy the policy of a local capture, else null
   * @param rule the rule that fired, else null
   */
  record Origin(CaptureOrigin origin, String policy, String rule) {
    static final Origin OPERATOR = new Origin(CaptureOrigin.OPERATOR, null, null);

    Origin {
      origin = origin == null ? CaptureOrigin.OPERATOR : origin;
    }
  }
}

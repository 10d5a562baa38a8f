package io.heapcapture.operator.capture;

import io.fabric8.kubernetes.api.model.ContainerState;
import io.fabric8.kubernetes.api.model.ContainerStateTerminated;
import io.heapcapture.api.v1alpha1.CaptureKind;
import io.heapcapture.api.v1alpha1.CaptureMode;
import io.heapcapture.api.v1alpha1.ProcessSpec;
import io.heapcapture.api.v1alpha1.TargetPhase;
import io.heapcapture.api.v1alpha1.TargetStatus;
import io.heapcapture.operator.sidecar.SidecarClient;
import io.heapcapture.operator.sidecar.SidecarEndpoint;
import io.heapcapture.operator.sidecar.SidecarException;
import io.heapcapture.operator.storage.CompletedPart;
import io.heapcapture.operator.storage.ObjectLocation;
import io.heapcapture.operator.storage.PartAuthorization;
import io.heapcapture.operator.storage.StorageException;
import io.heapcapture.sidecar.api.CaptureRequest;
import io.heapcapture.sidecar.api.CaptureState;
import io.heapcapture.sidecar.api.UploadInstruction;
import io.heapcapture.sidecar.api.UploadResult;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Moves one target one step: Pending → Dumping → Uploading → Succeeded, or to Failed. Each step is
 * safe to repeat: the sidecar deduplicates by capture id and leftover uploads of the target's key
 * are aborted before a new one is opened, so a step whose status write was lost does no harm when
 * it runs again.
 */
public final class TargetStepper {
  private static final Logger LOG = LoggerFactory.getLogger(TargetStepper.class);
  static final String CONTENT_TYPE = StorageLayout.HPROF_CONTENT_TYPE;

  private final PodLookup pods;
  private final SidecarClient sidecars;
  private final EphemeralContainers ephemeralContainers;
  private final Optional<EphemeralAgent> ephemeralAgent;
  private final Clock clock;

  /**
   * @param ephemeralAgent how to run the sidecar's image as an ephemeral container; empty when the
   *     operator has no sidecar image, so that mode fails with a clear reason
   */
  public TargetStepper(
      PodLookup pods,
      SidecarClient sidecars,
      EphemeralContainers ephemeralContainers,
      Optional<EphemeralAgent> ephemeralAgent,
      Clock clock) {
    this.pods = pods;
    this.sidecars = sidecars;
    this.ephemeralContainers = ephemeralContainers;
    this.ephemeralAgent = ephemeralAgent;
    this.clock = clock;
  }

  /** Advances {@code target} in place. {@code mayStart}: a concurrency slot is free. */
  public void advance(CaptureContext ctx, TargetStatus target, boolean mayStart) {
    try {
      switch (target.getPhase()) {
        case Pending -> {
          if (mayStart) {
            start(ctx, target);
          }
        }
        case Dumping, Uploading -> follow(ctx, target);
        case Succeeded, Failed -> releaseUpload(ctx, target);
      }
    } catch (StorageException e) {
      LOG.warn("capture {}: {}", target.getId(), e.getMessage());
      fail(ctx, target, Reason.of(e.failure()), e.getMessage());
    } catch (SidecarException e) {
      onSidecarTrouble(ctx, target, e);
    }
  }

  /** Gives up on a target that is still in progress, e.g. at the capture's deadline. */
  public void abandon(CaptureContext ctx, TargetStatus target, Reason reason, String message) {
    if (target.getPhase().isTerminal()) {
      return;
    }
    fail(ctx, target, reason, message);
    endpoint(ctx, target).ifPresent(sidecar -> discard(ctx, target, sidecar));
  }

  private void start(CaptureContext ctx, TargetStatus target)
      throws StorageException, SidecarException {
    SidecarEndpoint sidecar =
        target.getMode() == CaptureMode.EphemeralContainer
            ? ephemeralAgentReady(ctx, target)
            : requireEndpoint(ctx, target);
    if (sidecar == null) {
      return;
    }
    ObjectLocation dump = StorageLayout.dump(ctx.capture(), target);
    // Open the upload before pausing the JVM: a store that is down must cost no dump.
    int leftovers = ctx.store().abortUploads(dump);
    if (leftovers > 0) {
      LOG.info("capture {}: aborted {} leftover upload(s) of {}", target.getId(), leftovers, dump);
    }
    target.setUploadId(ctx.store().createUpload(dump, StorageLayout.contentType(ctx.capture())));
    target.setObjectUri(dump.uri());
    ProcessSpec process = ctx.capture().getSpec().getTarget().getProcess();
    CaptureRequest request =
        new CaptureRequest(
            target.getId(),
            target.getContainer(),
            pods.byName(ctx.namespace(), target.getPod())
                .flatMap(p -> p.containerId(target.getContainer()))
                .orElse(null),
            process == null ? null : process.getCommandPattern(),
            kindOf(ctx.capture().getSpec().getCapture().getKind()));
    CaptureState state = sidecars.startCapture(sidecar, request);
    target.setPhase(TargetPhase.Dumping);
    target.setStartedAt(now());
    target.setReason(null);
    target.setMessage(null);
    record(target, state);
  }

  /**
   * Adds the ephemeral agent to the pod once, then waits until it runs. Returns where it listens,
   * or null while it starts or after failing the target.
   */
  private SidecarEndpoint ephemeralAgentReady(CaptureContext ctx, TargetStatus target) {
    Optional<TargetPod> pod =
        pods.byName(ctx.namespace(), target.getPod())
            .filter(p -> p.uid().equals(target.getPodUid()));
    if (pod.isEmpty()) {
      fail(ctx, target, Reason.PodGone, "pod " + target.getPod() + " was deleted or replaced");
      return null;
    }
    if (ephemeralAgent.isEmpty()) {
      fail(
          ctx,
          target,
          Reason.EphemeralContainerRefused,
          "the operator has no sidecar image configured, so it cannot add an ephemeral container");
      return null;
    }
    String name = EphemeralAgent.nameFor(target);
    target.setEphemeralContainer(name);
    if (!pod.get().hasEphemeralContainer(name)) {
      try {
        ephemeralContainers.add(
            ctx.namespace(), target.getPod(), ephemeralAgent.get().containerFor(pod.get(), target));
      } catch (EphemeralContainers.EphemeralContainerRefused e) {
        fail(ctx, target, Reason.EphemeralContainerRefused, e.getMessage());
        return null;
      }
      waiting(target, "added the ephemeral container " + name + "; waiting for it to run");
      return null;
    }
    Optional<ContainerState> state = pod.get().ephemeralState(name);
    if (state.isPresent() && state.get().getTerminated() != null) {
      ContainerStateTerminated ended = state.get().getTerminated();
      fail(
          ctx,
          target,
          Reason.EphemeralContainerFailed,
          "the ephemeral container "
              + name
              + " ended before the capture (exit code "
              + ended.getExitCode()
              + (ended.getReason() == null ? "" : ", " + ended.getReason())
              + ")");
      return null;
    }
    if (state.isEmpty() || state.get().getRunning() == null) {
      String why =
          state.map(ContainerState::getWaiting).map(w -> w.getReason()).orElse("not started");
      waiting(target, "waiting for the ephemeral container " + name + " to run (" + why + ")");
      return null;
    }
    return pod.get().ephemeralEndpoint(name).orElse(null);
  }

  private static void waiting(TargetStatus target, String message) {
    target.setReason(Reason.WaitingForEphemeralContainer.name());
    target.setMessage(message);
  }

  /**
   * Polls the sidecar and acts on what it reports. Dumping and Uploading share this: when a status
   * write was lost, the target's phase may lag behind the sidecar's, and the sidecar's word wins.
   */
  private void follow(CaptureContext ctx, TargetStatus target)
      throws StorageException, SidecarException {
    SidecarEndpoint sidecar = requireEndpoint(ctx, target);
    if (sidecar == null) {
      return;
    }
    CaptureState state = sidecars.captureState(sidecar, target.getId());
    record(target, state);
    switch (state.phase()) {
      case DUMPING -> {}
      case DUMPED -> authorizeUpload(ctx, target, state, sidecar);
      case UPLOADING -> target.setPhase(TargetPhase.Uploading);
      case UPLOADED -> complete(ctx, target, state.upload(), sidecar);
      case FAILED -> failFromSidecar(ctx, target, state, sidecar);
    }
  }

  /** Presigns enough parts for the dump and hands them to the sidecar, which starts uploading. */
  private void authorizeUpload(
      CaptureContext ctx, TargetStatus target, CaptureState state, SidecarEndpoint sidecar)
      throws StorageException, SidecarException {
    ObjectLocation dump = StorageLayout.dump(ctx.capture(), target);
    PartSizing sizing = PartSizing.forRawBytes(state.rawBytes());
    PartAuthorization parts =
        ctx.store()
            .authorizeParts(
                dump, target.getUploadId(), sizing.parts(), sizing.partSize(), ctx.urlTtl());
    sidecars.startUpload(
        sidecar, target.getId(), new UploadInstruction(parts.partSize(), parts.partUrls()));
    target.setPhase(TargetPhase.Uploading);
  }

  private void complete(
      CaptureContext ctx, TargetStatus target, UploadResult upload, SidecarEndpoint sidecar)
      throws StorageException {
    ObjectLocation dump = StorageLayout.dump(ctx.capture(), target);
    long stored =
        ctx.store()
            .completeUpload(
                dump,
                target.getUploadId(),
                upload.parts().stream()
                    .map(p -> new CompletedPart(p.partNumber(), p.etag()))
                    .toList());
    target.setUploadId(null);
    if (stored != upload.storedBytes()) {
      fail(
          ctx,
          target,
          Reason.SizeMismatch,
          "the store holds " + stored + " bytes but the sidecar sent " + upload.storedBytes());
      deleteQuietly(ctx, dump);
      discard(ctx, target, sidecar);
      return;
    }
    target.setStoredBytes(stored);
    target.setSha256(upload.sha256());
    target.setObjectUri(dump.uri());
    target.setFinishedAt(now());
    target.setPhase(TargetPhase.Succeeded);
    ctx.store()
        .putSmallObject(
            StorageLayout.manifest(dump),
            "application/json",
            CaptureManifest.of(ctx.capture(), target, upload.contentEncoding()));
    discard(ctx, target, sidecar);
  }

  private void failFromSidecar(
      CaptureContext ctx, TargetStatus target, CaptureState state, SidecarEndpoint sidecar) {
    Reason reason =
        state.failure() == null ? Reason.SidecarInternalError : Reason.of(state.failure().reason());
    String message =
        state.failure() == null ? "the sidecar reported a failure" : state.failure().message();
    fail(ctx, target, reason, message);
    discard(ctx, target, sidecar);
  }

  private void onSidecarTrouble(CaptureContext ctx, TargetStatus target, SidecarException e) {
    switch (e.kind()) {
      case UNREACHABLE -> {
        // Transient: a sidecar restarting or a slow network. The capture deadline bounds this.
        target.setReason(Reason.SidecarUnreachable.name());
        target.setMessage(e.getMessage());
      }
      case UNAUTHORIZED ->
          fail(
              ctx,
              target,
              Reason.SidecarUnauthorized,
              "the sidecar refused the operator's client certificate (is its"
                  + " HEAPCAPTURE_CLIENT_CA the operator's sidecar CA?)");
      case NOT_FOUND ->
          fail(
              ctx,
              target,
              Reason.SidecarLostCapture,
              "the sidecar no longer knows this capture (it restarted?)");
      case REJECTED ->
          fail(
              ctx,
              target,
              e.sidecarReason().map(Reason::of).orElse(Reason.SidecarRejected),
              e.getMessage());
    }
  }

  /** Marks the target failed and aborts its upload, keeping the upload id if the abort failed. */
  private void fail(CaptureContext ctx, TargetStatus target, Reason reason, String message) {
    target.setPhase(TargetPhase.Failed);
    target.setReason(reason.name());
    target.setMessage(message);
    if (target.getFinishedAt() == null) {
      target.setFinishedAt(now());
    }
    target.setStoredBytes(null);
    target.setSha256(null);
    target.setObjectUri(null);
    releaseUpload(ctx, target);
  }

  /** Aborts a failed target's open upload; retried on later passes until the store answers. */
  private void releaseUpload(CaptureContext ctx, TargetStatus target) {
    if (target.getUploadId() == null || target.getPhase() != TargetPhase.Failed) {
      return;
    }
    try {
      ctx.store().abortUpload(StorageLayout.dump(ctx.capture(), target), target.getUploadId());
      target.setUploadId(null);
    } catch (StorageException e) {
      LOG.warn("capture {}: abort failed, will retry: {}", target.getId(), e.getMessage());
    }
  }

  /** Removes an object that must not be mistaken for a good dump; the failure is already told. */
  private static void deleteQuietly(CaptureContext ctx, ObjectLocation object) {
    try {
      ctx.store().deleteObject(object);
    } catch (StorageException e) {
      LOG.warn("could not delete {}: {}", object, e.getMessage());
    }
  }

  private void discard(CaptureContext ctx, TargetStatus target, SidecarEndpoint sidecar) {
    try {
      sidecars.discardCapture(sidecar, target.getId());
    } catch (SidecarException e) {
      LOG.info(
          "capture {}: could not tell the sidecar to discard it: {}",
          target.getId(),
          e.getMessage());
    }
  }

  /** The target pod's sidecar, or null after failing the target when the pod is gone. */
  private SidecarEndpoint requireEndpoint(CaptureContext ctx, TargetStatus target) {
    Optional<SidecarEndpoint> endpoint = endpoint(ctx, target);
    if (endpoint.isEmpty()) {
      fail(ctx, target, Reason.PodGone, "pod " + target.getPod() + " was deleted or replaced");
      return null;
    }
    return endpoint.get();
  }

  private Optional<SidecarEndpoint> endpoint(CaptureContext ctx, TargetStatus target) {
    return pods.byName(ctx.namespace(), target.getPod())
        .filter(p -> p.uid().equals(target.getPodUid()))
        .filter(p -> p.pod().getStatus() != null && p.pod().getStatus().getPodIP() != null)
        .flatMap(
            p ->
                target.getMode() == CaptureMode.EphemeralContainer
                    ? p.ephemeralEndpoint(EphemeralAgent.nameFor(target))
                    : Optional.of(p.sidecarEndpoint()));
  }

  private static void record(TargetStatus target, CaptureState state) {
    if (state.pid() != null) {
      target.setPid(state.pid());
    }
    if (state.pauseMillis() != null) {
      target.setPauseMillis(state.pauseMillis());
    }
    if (state.rawBytes() != null) {
      target.setRawBytes(state.rawBytes());
    }
  }

  /** The wire kind of a capture kind; absent means a heap dump of live objects. */
  public static io.heapcapture.sidecar.api.CaptureKind kindOf(CaptureKind kind) {
    if (kind == null) {
      return io.heapcapture.sidecar.api.CaptureKind.HEAP_DUMP_LIVE;
    }
    return switch (kind) {
      case HeapDumpLive -> io.heapcapture.sidecar.api.CaptureKind.HEAP_DUMP_LIVE;
      case HeapDumpAll -> io.heapcapture.sidecar.api.CaptureKind.HEAP_DUMP_ALL;
      case HeapSnapshot -> io.heapcapture.sidecar.api.CaptureKind.HEAP_SNAPSHOT;
    };
  }

  private String now() {
    return Instant.now(clock).truncatedTo(ChronoUnit.SECONDS).toString();
  }
}

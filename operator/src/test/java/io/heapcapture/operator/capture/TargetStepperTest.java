package io.heapcapture.operator.capture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyInt;
import static org.mockito.ArgumentMatchers.anyLong;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.argThat;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.doThrow;
import static org.mockito.Mockito.inOrder;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.mockito.Mockito.when;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.EphemeralContainer;
import io.fabric8.kubernetes.api.model.EphemeralContainerBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.heapcapture.api.v1alpha1.CaptureMode;
import io.heapcapture.api.v1alpha1.TargetPhase;
import io.heapcapture.api.v1alpha1.TargetStatus;
import io.heapcapture.operator.sidecar.SidecarClient;
import io.heapcapture.operator.sidecar.SidecarEndpoint;
import io.heapcapture.operator.sidecar.SidecarException;
import io.heapcapture.operator.storage.CompletedPart;
import io.heapcapture.operator.storage.ObjectLocation;
import io.heapcapture.operator.storage.ObjectStore;
import io.heapcapture.operator.storage.PartAuthorization;
import io.heapcapture.operator.storage.StorageException;
import io.heapcapture.operator.storage.StorageFailure;
import io.heapcapture.sidecar.api.CaptureKind;
import io.heapcapture.sidecar.api.CapturePhase;
import io.heapcapture.sidecar.api.CaptureRequest;
import io.heapcapture.sidecar.api.CaptureState;
import io.heapcapture.sidecar.api.Failure;
import io.heapcapture.sidecar.api.FailureReason;
import io.heapcapture.sidecar.api.UploadInstruction;
import io.heapcapture.sidecar.api.UploadResult;
import io.heapcapture.sidecar.api.UploadedPart;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.mockito.ArgumentCaptor;
import org.mockito.InOrder;
import org.mockito.Mock;
import org.mockito.junit.jupiter.MockitoExtension;

@ExtendWith(MockitoExtension.class)
class TargetStepperTest {
  private static final Instant NOW = Instant.parse("2025-03-01T10:15:30Z");
  private static final String ID = "hc-1";
  private static final String UPLOAD_ID = "upload-1";
  private static final ObjectLocation DUMP =
      new ObjectLocation("dumps", "prod/shop/orders-leak/orders-1-hc-1.hprof.zst");
  private static final SidecarEndpoint SIDECAR = new SidecarEndpoint("10.0.0.11", 8086);

  @Mock private SidecarClient sidecars;
  @Mock private EphemeralContainers ephemeral;
  @Mock private ObjectStore store;

  private final FakePods pods = new FakePods(TestPods.ready("orders-1"));
  private TargetStepper stepper;
  private CaptureContext ctx;

  @BeforeEach
  void setUp() {
    stepper =
        new TargetStepper(
            pods, sidecars, ephemeral, Optional.empty(), Clock.fixed(NOW, ZoneOffset.UTC));
    ctx = new CaptureContext(TestCaptures.bySelector(), store, Duration.ofMinutes(35));
  }

  /** A target past Pending: its upload is open. */
  private static TargetStatus started(TargetPhase phase) {
    TargetStatus target = TestCaptures.target(ID, "orders-1", phase);
    target.setUploadId(UPLOAD_ID);
    target.setObjectUri(DUMP.uri());
    target.setStartedAt("2025-03-01T10:00:00Z");
    return target;
  }

  @Test
  void startOpensTheUploadBeforeAskingTheSidecar() throws Exception {
    TargetStatus target = TestCaptures.target(ID, "orders-1", TargetPhase.Pending);
    when(store.createUpload(DUMP, TargetStepper.CONTENT_TYPE)).thenReturn(UPLOAD_ID);
    when(sidecars.startCapture(eq(SIDECAR), any())).thenReturn(state(CapturePhase.DUMPING));

    stepper.advance(ctx, target, true);

    InOrder order = inOrder(store, sidecars);
    order.verify(store).abortUploads(DUMP);
    order.verify(store).createUpload(DUMP, TargetStepper.CONTENT_TYPE);
    ArgumentCaptor<CaptureRequest> request = ArgumentCaptor.forClass(CaptureRequest.class);
    order.verify(sidecars).startCapture(eq(SIDECAR), request.capture());
    assertThat(request.getValue())
        .isEqualTo(
            new CaptureRequest(ID, "app", "app-uid-orders-1", null, CaptureKind.HEAP_DUMP_LIVE));
    assertThat(target.getPhase()).isEqualTo(TargetPhase.Dumping);
    assertThat(target.getUploadId()).isEqualTo(UPLOAD_ID);
    assertThat(target.getObjectUri()).isEqualTo(DUMP.uri());
    assertThat(target.getStartedAt()).isEqualTo("2025-03-01T10:15:30Z");
  }

  @Test
  void withoutAFreeSlotAPendingTargetWaits() {
    TargetStatus target = TestCaptures.target(ID, "orders-1", TargetPhase.Pending);

    stepper.advance(ctx, target, false);

    assertThat(target.getPhase()).isEqualTo(TargetPhase.Pending);
    verifyNoInteractions(store, sidecars);
  }

  @Test
  void aStoreThatIsDownAtStartCostsNoDump() throws Exception {
    TargetStatus target = TestCaptures.target(ID, "orders-1", TargetPhase.Pending);
    when(store.createUpload(DUMP, TargetStepper.CONTENT_TYPE))
        .thenThrow(
            new StorageException(
                StorageFailure.StorageUnavailable, "could not open an upload", null));

    stepper.advance(ctx, target, true);

    assertThat(target.getPhase()).isEqualTo(TargetPhase.Failed);
    assertThat(target.getReason()).isEqualTo(Reason.StorageUnavailable.name());
    assertThat(target.getUploadId()).isNull();
    verifyNoInteractions(sidecars);
  }

  @Test
  void aWrittenDumpGetsPartUrlsSizedForItsRawSize() throws Exception {
    long rawBytes = 3L * 1024 * 1024 * 1024;
    PartSizing sizing = PartSizing.forRawBytes(rawBytes);
    List<String> urls =
        IntStream.rangeClosed(1, sizing.parts()).mapToObj(n -> "https://s3/part/" + n).toList();
    TargetStatus target = started(TargetPhase.Dumping);
    when(sidecars.captureState(SIDECAR, ID)).thenReturn(dumped(rawBytes));
    when(store.authorizeParts(
            DUMP, UPLOAD_ID, sizing.parts(), sizing.partSize(), Duration.ofMinutes(35)))
        .thenReturn(new PartAuthorization(sizing.partSize(), urls));
    when(sidecars.startUpload(eq(SIDECAR), eq(ID), any()))
        .thenReturn(state(CapturePhase.UPLOADING));

    stepper.advance(ctx, target, false);

    ArgumentCaptor<UploadInstruction> instruction =
        ArgumentCaptor.forClass(UploadInstruction.class);
    verify(sidecars).startUpload(eq(SIDECAR), eq(ID), instruction.capture());
    assertThat(instruction.getValue()).isEqualTo(new UploadInstruction(sizing.partSize(), urls));
    assertThat(target.getPhase()).isEqualTo(TargetPhase.Uploading);
    assertThat(target.getRawBytes()).isEqualTo(rawBytes);
    assertThat(target.getPid()).isEqualTo(42L);
    assertThat(target.getPauseMillis()).isEqualTo(850L);
  }

  @Test
  void anUploadRefusedForItsEndpointFailsTheTargetWithThatReason() throws Exception {
    TargetStatus target = started(TargetPhase.Dumping);
    when(sidecars.captureState(SIDECAR, ID)).thenReturn(dumped(64L * 1024 * 1024));
    when(store.authorizeParts(eq(DUMP), eq(UPLOAD_ID), anyInt(), anyLong(), any()))
        .thenReturn(
            new PartAuthorization(UploadInstruction.MIN_PART_SIZE, List.of("https://s3/part/1")));
    when(sidecars.startUpload(eq(SIDECAR), eq(ID), any()))
        .thenThrow(
            new SidecarException(
                SidecarException.Kind.REJECTED,
                "the sidecar answered HTTP 403: upload to https://s3:443 refused",
                FailureReason.ENDPOINT_NOT_ALLOWED,
                null));

    stepper.advance(ctx, target, false);

    assertThat(target.getPhase()).isEqualTo(TargetPhase.Failed);
    assertThat(target.getReason()).isEqualTo(Reason.EndpointNotAllowed.name());
    assertThat(target.getMessage()).contains("https://s3:443");
    assertThat(target.getUploadId()).isNull();
    verify(store).abortUpload(DUMP, UPLOAD_ID);
  }

  @Test
  void aSidecarFailureFailsTheTargetWithItsReasonAndAbortsTheUpload() throws Exception {
    TargetStatus target = started(TargetPhase.Dumping);
    when(sidecars.captureState(SIDECAR, ID))
        .thenReturn(failed(FailureReason.ATTACH_DISABLED, "-XX:+DisableAttachMechanism is set"));

    stepper.advance(ctx, target, false);

    assertThat(target.getPhase()).isEqualTo(TargetPhase.Failed);
    assertThat(target.getReason()).isEqualTo(Reason.AttachDisabled.name());
    assertThat(target.getMessage()).isEqualTo("-XX:+DisableAttachMechanism is set");
    assertThat(target.getUploadId()).isNull();
    verify(store).abortUpload(DUMP, UPLOAD_ID);
    verify(sidecars).discardCapture(SIDECAR, ID);
  }

  @Test
  void aFailedAbortKeepsTheUploadIdAndIsRetriedOnTheNextPass() throws Exception {
    TargetStatus target = started(TargetPhase.Dumping);
    when(sidecars.captureState(SIDECAR, ID))
        .thenReturn(failed(FailureReason.ATTACH_DISABLED, "attach is disabled"));
    doThrow(new StorageException(StorageFailure.StorageUnavailable, "store down", null))
        .doNothing()
        .when(store)
        .abortUpload(DUMP, UPLOAD_ID);

    stepper.advance(ctx, target, false);

    assertThat(target.getPhase()).isEqualTo(TargetPhase.Failed);
    assertThat(target.getUploadId()).isEqualTo(UPLOAD_ID);

    stepper.advance(ctx, target, false);

    assertThat(target.getUploadId()).isNull();
    assertThat(target.getReason()).isEqualTo(Reason.AttachDisabled.name());
    verify(store, times(2)).abortUpload(DUMP, UPLOAD_ID);
    verify(sidecars, times(1)).captureState(any(), anyString());
  }

  @Test
  void anUploadedDumpIsCompletedRecordedWithAManifestAndDiscarded() throws Exception {
    TargetStatus target = started(TargetPhase.Uploading);
    UploadResult upload =
        new UploadResult(
            17_000_000L,
            "c0ffee",
            "zstd",
            List.of(
                new UploadedPart(1, "\"etag-1\"", 16_777_216L),
                new UploadedPart(2, "\"etag-2\"", 222_784L)));
    when(sidecars.captureState(SIDECAR, ID)).thenReturn(uploaded(upload));
    when(store.completeUpload(
            DUMP,
            UPLOAD_ID,
            List.of(new CompletedPart(1, "\"etag-1\""), new CompletedPart(2, "\"etag-2\""))))
        .thenReturn(17_000_000L);

    stepper.advance(ctx, target, false);

    assertThat(target.getPhase()).isEqualTo(TargetPhase.Succeeded);
    assertThat(target.getSha256()).isEqualTo("c0ffee");
    assertThat(target.getStoredBytes()).isEqualTo(17_000_000L);
    assertThat(target.getObjectUri())
        .isEqualTo("s3://dumps/prod/shop/orders-leak/orders-1-hc-1.hprof.zst");
    assertThat(target.getUploadId()).isNull();
    assertThat(target.getFinishedAt()).isEqualTo("2025-03-01T10:15:30Z");
    InOrder order = inOrder(store, sidecars);
    order.verify(store).completeUpload(eq(DUMP), eq(UPLOAD_ID), any());
    ArgumentCaptor<byte[]> manifest = ArgumentCaptor.forClass(byte[].class);
    order
        .verify(store)
        .putSmallObject(
            eq(new ObjectLocation("dumps", "prod/shop/orders-leak/orders-1-hc-1.manifest.json")),
            eq("application/json"),
            manifest.capture());
    order.verify(sidecars).discardCapture(SIDECAR, ID);
    JsonNode json = new ObjectMapper().readTree(manifest.getValue());
    assertThat(json.get("sha256").asText()).isEqualTo("c0ffee");
    assertThat(json.get("storedBytes").asLong()).isEqualTo(17_000_000L);
    assertThat(json.get("object").asText()).isEqualTo(target.getObjectUri());
    assertThat(json.get("captureId").asText()).isEqualTo(ID);
    verify(store, never()).abortUpload(any(), any());
  }

  @Test
  void aStoredSizeThatDiffersFromWhatTheSidecarSentFailsTheTarget() throws Exception {
    TargetStatus target = started(TargetPhase.Uploading);
    UploadResult upload =
        new UploadResult(1000L, "c0ffee", "zstd", List.of(new UploadedPart(1, "\"e\"", 1000L)));
    when(sidecars.captureState(SIDECAR, ID)).thenReturn(uploaded(upload));
    when(store.completeUpload(eq(DUMP), eq(UPLOAD_ID), any())).thenReturn(999L);

    stepper.advance(ctx, target, false);

    assertThat(target.getPhase()).isEqualTo(TargetPhase.Failed);
    assertThat(target.getReason()).isEqualTo(Reason.SizeMismatch.name());
    assertThat(target.getMessage()).contains("999", "1000");
    assertThat(target.getSha256()).isNull();
    assertThat(target.getStoredBytes()).isNull();
    verify(store, never()).putSmallObject(any(), any(), any());
    verify(store).deleteObject(argThat(l -> l.key().endsWith(".hprof.zst")));
  }

  @Test
  void anUnreachableSidecarKeepsThePhaseAndSaysWhy() throws Exception {
    TargetStatus target = started(TargetPhase.Dumping);
    when(sidecars.captureState(SIDECAR, ID))
        .thenThrow(
            new SidecarException(
                SidecarException.Kind.UNREACHABLE, "the sidecar did not answer", null));

    stepper.advance(ctx, target, false);

    assertThat(target.getPhase()).isEqualTo(TargetPhase.Dumping);
    assertThat(target.getReason()).isEqualTo(Reason.SidecarUnreachable.name());
    assertThat(target.getUploadId()).isEqualTo(UPLOAD_ID);
    verifyNoInteractions(store);
  }

  @Test
  void aPodReplacedUnderTheSameNameFailsTheTargetAsGone() throws Exception {
    pods.replaceAll(TestPods.ready("orders-1", "uid-recreated", "10.0.0.12", "app"));
    TargetStatus target = started(TargetPhase.Dumping);

    stepper.advance(ctx, target, false);

    assertThat(target.getPhase()).isEqualTo(TargetPhase.Failed);
    assertThat(target.getReason()).isEqualTo(Reason.PodGone.name());
    assertThat(target.getUploadId()).isNull();
    verify(store).abortUpload(DUMP, UPLOAD_ID);
    verifyNoInteractions(sidecars);
  }

  @Test
  void abandoningATargetFailsItAbortsTheUploadAndTellsTheSidecar() throws Exception {
    TargetStatus target = started(TargetPhase.Uploading);

    stepper.abandon(ctx, target, Reason.Timeout, "not finished within 1800s");

    assertThat(target.getPhase()).isEqualTo(TargetPhase.Failed);
    assertThat(target.getReason()).isEqualTo(Reason.Timeout.name());
    assertThat(target.getUploadId()).isNull();
    verify(store).abortUpload(DUMP, UPLOAD_ID);
    verify(sidecars).discardCapture(SIDECAR, ID);
  }

  @Test
  void ephemeralModeAddsTheAgentOnceAndWaitsForItToRun() throws Exception {
    pods.replaceAll(TestPods.withoutSidecar("orders-1"));
    TargetStatus target = ephemeralTarget();

    ephemeralStepper().advance(ctx, target, true);

    ArgumentCaptor<EphemeralContainer> added = ArgumentCaptor.forClass(EphemeralContainer.class);
    verify(ephemeral).add(eq(TestPods.NAMESPACE), eq("orders-1"), added.capture());
    assertThat(added.getValue().getName()).isEqualTo("heapcapture-1");
    assertThat(added.getValue().getTargetContainerName()).isEqualTo("app");
    assertThat(added.getValue().getEnv())
        .extracting(EnvVar::getName, EnvVar::getValue)
        .contains(
            tuple("HEAPCAPTURE_CLIENT_CA", "CA PEM"),
            tuple("HEAPCAPTURE_UPLOAD_ENDPOINTS", "http://10.96.0.20:7070"),
            tuple("HEAPCAPTURE_ONE_SHOT", "true"));
    assertThat(target.getPhase()).isEqualTo(TargetPhase.Pending);
    assertThat(target.getReason()).isEqualTo(Reason.WaitingForEphemeralContainer.name());
    assertThat(target.getEphemeralContainer()).isEqualTo("heapcapture-1");
    verifyNoInteractions(store, sidecars);
  }

  @Test
  void aRunningEphemeralAgentIsAskedForTheCaptureOnItsOwnPort() throws Exception {
    Pod pod = withAgent(TestPods.withoutSidecar("orders-1"), "heapcapture-1", 18086);
    pod.getStatus()
        .setEphemeralContainerStatuses(
            List.of(
                new ContainerStatusBuilder()
                    .withName("heapcapture-1")
                    .withNewState()
                    .withNewRunning()
                    .endRunning()
                    .endState()
                    .build()));
    pods.replaceAll(pod);
    when(store.createUpload(DUMP, TargetStepper.CONTENT_TYPE)).thenReturn(UPLOAD_ID);
    SidecarEndpoint agent = new SidecarEndpoint("10.0.0.11", 18086);
    when(sidecars.startCapture(eq(agent), any())).thenReturn(state(CapturePhase.DUMPING));
    TargetStatus target = ephemeralTarget();

    ephemeralStepper().advance(ctx, target, true);

    assertThat(target.getPhase()).isEqualTo(TargetPhase.Dumping);
    verify(ephemeral, never()).add(any(), any(), any());
  }

  @Test
  void anEphemeralAgentThatEndedFailsTheTarget() throws Exception {
    Pod pod = withAgent(TestPods.withoutSidecar("orders-1"), "heapcapture-1", 8086);
    pod.getStatus()
        .setEphemeralContainerStatuses(
            List.of(
                new ContainerStatusBuilder()
                    .withName("heapcapture-1")
                    .withNewState()
                    .withNewTerminated()
                    .withExitCode(2)
                    .withReason("Error")
                    .endTerminated()
                    .endState()
                    .build()));
    pods.replaceAll(pod);
    TargetStatus target = ephemeralTarget();

    ephemeralStepper().advance(ctx, target, true);

    assertThat(target.getPhase()).isEqualTo(TargetPhase.Failed);
    assertThat(target.getReason()).isEqualTo(Reason.EphemeralContainerFailed.name());
    assertThat(target.getMessage()).contains("heapcapture-1", "exit code 2");
  }

  @Test
  void withoutASidecarImageTheEphemeralModeFailsClearly() {
    pods.replaceAll(TestPods.withoutSidecar("orders-1"));
    TargetStatus target = ephemeralTarget();

    stepper.advance(ctx, target, true);

    assertThat(target.getPhase()).isEqualTo(TargetPhase.Failed);
    assertThat(target.getReason()).isEqualTo(Reason.EphemeralContainerRefused.name());
  }

  private TargetStepper ephemeralStepper() {
    return new TargetStepper(
        pods,
        sidecars,
        ephemeral,
        Optional.of(
            new EphemeralAgent(
                "heapcapture/sidecar:test",
                "IfNotPresent",
                () -> "CA PEM",
                List.of("http://10.96.0.20:7070"))),
        Clock.fixed(NOW, ZoneOffset.UTC));
  }

  private static TargetStatus ephemeralTarget() {
    TargetStatus target = TestCaptures.target(ID, "orders-1", TargetPhase.Pending);
    target.setMode(CaptureMode.EphemeralContainer);
    return target;
  }

  private static Pod withAgent(Pod pod, String name, int port) {
    pod.getSpec()
        .setEphemeralContainers(
            List.of(
                new EphemeralContainerBuilder()
                    .withName(name)
                    .addNewEnv()
                    .withName("HEAPCAPTURE_LISTEN")
                    .withValue("0.0.0.0:" + port)
                    .endEnv()
                    .build()));
    return pod;
  }

  private static CaptureState state(CapturePhase phase) {
    return new CaptureState(ID, phase, 42L, NOW, null, null, null, null, null);
  }

  private static CaptureState dumped(long rawBytes) {
    return new CaptureState(ID, CapturePhase.DUMPED, 42L, NOW, NOW, 850L, rawBytes, null, null);
  }

  private static CaptureState uploaded(UploadResult upload) {
    return new CaptureState(
        ID, CapturePhase.UPLOADED, 42L, NOW, NOW, 850L, 50_000_000L, upload, null);
  }

  private static CaptureState failed(FailureReason reason, String message) {
    return new CaptureState(
        ID, CapturePhase.FAILED, 42L, NOW, null, null, null, null, new Failure(reason, message));
  }
}

package io.heapcapture.operator.status;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.ObjectReferenceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.heapcapture.api.v1alpha1.AnalysisPhase;
import io.heapcapture.api.v1alpha1.AnalysisStatus;
import io.heapcapture.api.v1alpha1.CapturePhase;
import io.heapcapture.api.v1alpha1.HeapCapture;
import io.heapcapture.api.v1alpha1.HeapCaptureStatus;
import io.heapcapture.api.v1alpha1.TargetPhase;
import io.heapcapture.api.v1alpha1.TargetStatus;
import java.net.HttpURLConnection;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Emits Kubernetes Events for what changed between two statuses: a target started, stored or
 * failed, its analysis started, succeeded (with the first leak suspect) or failed, or the capture
 * as a whole failed without targets. Emitting is best effort: a lost Event must never fail a
 * capture.
 */
public final class CaptureEvents {
  private static final Logger LOG = LoggerFactory.getLogger(CaptureEvents.class);
  private static final String COMPONENT = "heapcapture-operator";

  private final KubernetesClient client;
  private final Clock clock;

  public CaptureEvents(KubernetesClient client, Clock clock) {
    this.client = client;
    this.clock = clock;
  }

  public void announceChanges(
      HeapCapture capture, HeapCaptureStatus before, HeapCaptureStatus after) {
    List<TargetStatus> old = before == null ? List.of() : before.getTargets();
    for (TargetStatus target : after.getTargets()) {
      TargetPhase was =
          old.stream()
              .filter(t -> t.getId().equals(target.getId()))
              .map(TargetStatus::getPhase)
              .findFirst()
              .orElse(null);
      if (was == target.getPhase()) {
        continue;
      }
      String key = target.getId() + "/" + target.getPhase();
      switch (target.getPhase()) {
        case Dumping ->
            emit(
                capture,
                key,
                "Normal",
                "DumpStarted",
                "dumping the heap of " + target.getPod() + "/" + target.getContainer());
        case Succeeded ->
            emit(
                capture,
                key,
                "Normal",
                "DumpStored",
                target.getPod()
                    + ": stored "
                    + target.getObjectUri()
                    + " ("
                    + target.getStoredBytes()
                    + " bytes, sha256 "
                    + target.getSha256()
                    + ", pause "
                    + target.getPauseMillis()
                    + " ms)");
        case Failed ->
            emit(
                capture,
                key,
                "Warning",
                target.getReason(),
                target.getPod() + ": " + target.getMessage());
        default -> {}
      }
    }
    for (TargetStatus target : after.getTargets()) {
      announceAnalysis(capture, analysisOf(old, target.getId()), target);
    }
    boolean failedWithoutTargets =
        after.getPhase() == CapturePhase.Failed
            && after.getTargets().isEmpty()
            && (before == null || before.getPhase() != CapturePhase.Failed);
    if (failedWithoutTargets) {
      emit(
          capture, "capture/" + after.getPhase(), "Warning", after.getReason(), after.getMessage());
    }
  }

  private void announceAnalysis(HeapCapture capture, AnalysisPhase was, TargetStatus target) {
    AnalysisStatus analysis = target.getAnalysis();
    if (analysis == null || analysis.getPhase() == was) {
      return;
    }
    String key = target.getId() + "/analysis/" + analysis.getPhase();
    switch (analysis.getPhase()) {
      case Running ->
          emit(
              capture,
              key,
              "Normal",
              "AnalysisStarted",
              target.getPod()
                  + ": analysing the dump in Job "
                  + analysis.getJob()
                  + (analysis.getBaselineUri() == null
                      ? ", without a baseline"
                      : " against " + analysis.getBaselineUri()));
      case Succeeded ->
          emit(capture, key, "Normal", "Analyzed", target.getPod() + ": " + headline(analysis));
      case Failed ->
          emit(
              capture,
              key,
              "Warning",
              analysis.getReason(),
              target.getPod() + ": " + analysis.getMessage());
    }
  }

  /** The first suspect's sentence, or what the heap holds when nothing stands out. */
  static String headline(AnalysisStatus analysis) {
    if (analysis.getSuspects() != null && !analysis.getSuspects().isEmpty()) {
      return analysis.getSuspects().get(0).getSentence();
    }
    return "no leak suspect; " + analysis.getReachableBytes() + " bytes reachable";
  }

  private static AnalysisPhase analysisOf(List<TargetStatus> targets, String id) {
    return targets.stream()
        .filter(t -> t.getId().equals(id) && t.getAnalysis() != null)
        .map(t -> t.getAnalysis().getPhase())
        .findFirst()
        .orElse(null);
  }

  /**
   * Creates the Event once: its name is derived from the capture and {@code key} (what happened to
   * which target), so a pass that repeats on a stale status, or after an operator restart, does not
   * announce the same thing twice.
   */
  private void emit(HeapCapture capture, String key, String type, String reason, String message) {
    String now = Instant.now(clock).truncatedTo(ChronoUnit.SECONDS).toString();
    Event event =
        new EventBuilder()
            .withNewMetadata()
            .withName(eventName(capture, key))
            .withNamespace(capture.getMetadata().getNamespace())
            .endMetadata()
            .withInvolvedObject(
                new ObjectReferenceBuilder()
                    .withApiVersion(capture.getApiVersion())
                    .withKind(capture.getKind())
                    .withName(capture.getMetadata().getName())
                    .withNamespace(capture.getMetadata().getNamespace())
                    .withUid(capture.getMetadata().getUid())
                    .build())
            .withType(type)
            .withReason(Objects.requireNonNullElse(reason, "Unknown"))
            .withMessage(message.length() > 1000 ? message.substring(0, 1000) : message)
            .withFirstTimestamp(now)
            .withLastTimestamp(now)
            .withCount(1)
            .withNewSource()
            .withComponent(COMPONENT)
            .endSource()
            .withReportingComponent(COMPONENT)
            .build();
    try {
      client
          .v1()
          .events()
          .inNamespace(capture.getMetadata().getNamespace())
          .resource(event)
          .create();
    } catch (KubernetesClientException e) {
      if (e.getCode() == HttpURLConnection.HTTP_CONFLICT) {
        return; // announced before
      }
      LOG.warn(
          "could not record event {} for {}: {}",
          reason,
          capture.getMetadata().getName(),
          e.getMessage());
    }
  }

  static String eventName(HeapCapture capture, String key) {
    String name = capture.getMetadata().getName();
    if (name.length() > 200) {
      name = name.substring(0, 200);
    }
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256")
              .digest(
                  (capture.getMetadata().getUid() + "/" + key).getBytes(StandardCharsets.UTF_8));
      return name + "." + HexFormat.of().formatHex(digest, 0, 8);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JDK", e);
    }
  }
}

package io.heapcapture.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** The capture of one pod's JVM. */
public class TargetStatus {
  @JsonPropertyDescription(
      "Stable id of this capture, also sent to the sidecar; it keeps an operator restart from"
          + " losing or repeating the capture.")
  private String id;

  @JsonPropertyDescription("Pod name.")
  private String pod;

  @JsonPropertyDescription("Pod UID, so a re-created pod of the same name is not mistaken.")
  private String podUid;

  @JsonPropertyDescription(
      "The pod's controller, as Kind/name (e.g. ReplicaSet/shop-7d4b9), or Pod/name for a bare"
          + " pod: dumps of the same workload are compared with each other.")
  private String workload;

  @JsonPropertyDescription("Application container.")
  private String container;

  @JsonPropertyDescription(
      "How the JVM was reached: Sidecar (the injected sidecar) or EphemeralContainer (the"
          + " ephemeral container named in ephemeralContainer).")
  private CaptureMode mode;

  @JsonPropertyDescription("The ephemeral container added to the pod for this capture.")
  private String ephemeralContainer;

  @JsonPropertyDescription("PID of the JVM in the pod's process namespace.")
  private Long pid;

  @JsonPropertyDescription("Pending, Dumping, Uploading, Succeeded or Failed.")
  private TargetPhase phase;

  @JsonPropertyDescription("What started this capture: OnDemand.")
  private String trigger;

  @JsonPropertyDescription("When the dump was requested (RFC 3339).")
  private String startedAt;

  @JsonPropertyDescription("When the object was stored or the capture failed (RFC 3339).")
  private String finishedAt;

  @JsonPropertyDescription("How long the JVM was paused writing the dump, in milliseconds.")
  private Long pauseMillis;

  @JsonPropertyDescription("Size of the uncompressed HPROF dump in bytes.")
  private Long rawBytes;

  @JsonPropertyDescription("Size of the stored (compressed) object in bytes.")
  private Long storedBytes;

  @JsonPropertyDescription("Where the dump is stored, as s3://bucket/key.")
  private String objectUri;

  @JsonPropertyDescription("Hex SHA-256 of the stored object.")
  private String sha256;

  @JsonPropertyDescription("Multipart upload id while the upload is open.")
  private String uploadId;

  @JsonPropertyDescription("Machine-readable reason of a failure.")
  private String reason;

  @JsonPropertyDescription("One sentence on a failure.")
  private String message;

  @JsonPropertyDescription("The analysis of the stored dump, when spec.analysis asks for one.")
  private AnalysisStatus analysis;

  public String getId() {
    return id;
  }

  public void setId(String id) {
    this.id = id;
  }

  public String getPod() {
    return pod;
  }

  public void setPod(String pod) {
    this.pod = pod;
  }

  public String getPodUid() {
    return podUid;
  }

  public void setPodUid(String podUid) {
    this.podUid = podUid;
  }

  public String getContainer() {
    return container;
  }

  public void setContainer(String container) {
    this.container = container;
  }

  public Long getPid() {
    return pid;
  }

  public void setPid(Long pid) {
    this.pid = pid;
  }

  public TargetPhase getPhase() {
    return phase;
  }

  public void setPhase(TargetPhase phase) {
    this.phase = phase;
  }

  public String getTrigger() {
    return trigger;
  }

  public void setTrigger(String trigger) {
    this.trigger = trigger;
  }

  public String getStartedAt() {
    return startedAt;
  }

  public void setStartedAt(String startedAt) {
    this.startedAt = startedAt;
  }

  public String getFinishedAt() {
    return finishedAt;
  }

  public void setFinishedAt(String finishedAt) {
    this.finishedAt = finishedAt;
  }

  public Long getPauseMillis() {
    return pauseMillis;
  }

  public void setPauseMillis(Long pauseMillis) {
    this.pauseMillis = pauseMillis;
  }

  public Long getRawBytes() {
    return rawBytes;
  }

  public void setRawBytes(Long rawBytes) {
    this.rawBytes = rawBytes;
  }

  public Long getStoredBytes() {
    return storedBytes;
  }

  public void setStoredBytes(Long storedBytes) {
    this.storedBytes = storedBytes;
  }

  public String getObjectUri() {
    return objectUri;
  }

  public void setObjectUri(String objectUri) {
    this.objectUri = objectUri;
  }

  public String getSha256() {
    return sha256;
  }

  public void setSha256(String sha256) {
    this.sha256 = sha256;
  }

  public String getUploadId() {
    return uploadId;
  }

  public void setUploadId(String uploadId) {
    this.uploadId = uploadId;
  }

  public String getReason() {
    return reason;
  }

  public void setReason(String reason) {
    this.reason = reason;
  }

  public String getMessage() {
    return message;
  }

  public void setMessage(String message) {
    this.message = message;
  }

  public String getWorkload() {
    return workload;
  }

  public void setWorkload(String workload) {
    this.workload = workload;
  }

  public AnalysisStatus getAnalysis() {
    return analysis;
  }

  public void setAnalysis(AnalysisStatus analysis) {
    this.analysis = analysis;
  }

  public CaptureMode getMode() {
    return mode;
  }

  public void setMode(CaptureMode mode) {
    this.mode = mode;
  }

  public String getEphemeralContainer() {
    return ephemeralContainer;
  }

  public void setEphemeralContainer(String ephemeralContainer) {
    this.ephemeralContainer = ephemeralContainer;
  }
}

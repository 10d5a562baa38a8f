package io.heapcapture.operator.capture;

import io.heapcapture.api.v1alpha1.TargetStatus;

/** A field-by-field copy, so a pass never mutates the status it read from the cache. */
final class TargetStatusCopy {
  private TargetStatusCopy() {}

  static TargetStatus of(TargetStatus t) {
    TargetStatus c = new TargetStatus();
    c.setId(t.getId());
    c.setPod(t.getPod());
    c.setPodUid(t.getPodUid());
    c.setContainer(t.getContainer());
    c.setPid(t.getPid());
    c.setPhase(t.getPhase());
    c.setTrigger(t.getTrigger());
    c.setStartedAt(t.getStartedAt());
    c.setFinishedAt(t.getFinishedAt());
    c.setPauseMillis(t.getPauseMillis());
    c.setRawBytes(t.getRawBytes());
    c.setStoredBytes(t.getStoredBytes());
    c.setObjectUri(t.getObjectUri());
    c.setSha256(t.getSha256());
    c.setUploadId(t.getUploadId());
    c.setReason(t.getReason());
    c.setMessage(t.getMessage());
    return c;
  }
}

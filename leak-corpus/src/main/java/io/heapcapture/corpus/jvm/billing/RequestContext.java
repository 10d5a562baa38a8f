package io.heapcapture.corpus.jvm.billing;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Per-request state: tenant, correlation id, logging context and the request's audit trail. */
public final class RequestContext {
  String tenantId;
  String requestId;
  final Map<String, String> mdc = new HashMap<>();
  final List<AuditEntry> auditTrail = new ArrayList<>();

  /** Called at the start of each request; the bug: it resets the ids but not the audit trail. */
  void begin(String tenantId, String requestId) {
    this.tenantId = tenantId;
    this.requestId = requestId;
    mdc.put("tenant", tenantId);
    mdc.put("request", requestId);
  }
}

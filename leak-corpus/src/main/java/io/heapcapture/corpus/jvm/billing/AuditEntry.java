package io.heapcapture.corpus.jvm.billing;

import java.time.Instant;

/** One auditable step of a billing request, kept for the request's audit log. */
public record AuditEntry(
    Instant at,
    String requestId,
    String tenantId,
    String action,
    String detail,
    long amountCents) {}

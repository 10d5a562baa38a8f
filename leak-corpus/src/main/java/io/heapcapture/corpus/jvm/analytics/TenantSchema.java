package io.heapcapture.corpus.jvm.analytics;

import java.util.List;
import java.util.Map;

/** A tenant's event tables and their columns. */
public record TenantSchema(String tenantId, Map<String, List<String>> columnsByTable) {}

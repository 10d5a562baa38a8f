package io.heapcapture.corpus.jvm.pluginhost;

/** What a plugin may use of the host. */
public record PluginContext(String deploymentId, TenantDirectory tenants) {}

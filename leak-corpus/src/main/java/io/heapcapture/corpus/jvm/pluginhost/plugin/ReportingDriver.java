package io.heapcapture.corpus.jvm.pluginhost.plugin;

import io.heapcapture.corpus.jvm.pluginhost.DataSourceDriver;

/** The plugin's driver for its warehouse connections. */
public final class ReportingDriver implements DataSourceDriver {
  private final String deploymentId;

  ReportingDriver(String deploymentId) {
    this.deploymentId = deploymentId;
  }

  @Override
  public boolean accepts(String url) {
    return url.startsWith("jdbc:reporting:") && !deploymentId.isEmpty();
  }
}

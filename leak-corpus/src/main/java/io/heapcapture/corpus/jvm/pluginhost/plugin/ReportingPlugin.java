package io.heapcapture.corpus.jvm.pluginhost.plugin;

import io.heapcapture.corpus.jvm.pluginhost.DataSourceDriver;
import io.heapcapture.corpus.jvm.pluginhost.DriverRegistry;
import io.heapcapture.corpus.jvm.pluginhost.Plugin;
import io.heapcapture.corpus.jvm.pluginhost.PluginContext;

/** The report plugin: registers its driver on start, and forgets to deregister it on stop. */
public final class ReportingPlugin implements Plugin {
  private PluginContext context;
  private DataSourceDriver driver;
  private volatile boolean running;

  public ReportingPlugin() {}

  @Override
  public void start(PluginContext context) {
    this.context = context;
    this.driver = new ReportingDriver(context.deploymentId());
    DriverRegistry.register(driver);
    ReportTemplateCache.template("report-0");
    running = true;
  }

  @Override
  public String render(String reportName, int tenant) {
    if (!running) {
      return "";
    }
    byte[] template = ReportTemplateCache.template(reportName);
    return context.tenants().tenant(tenant).name() + ":" + reportName + ":" + template.length;
  }

  @Override
  public void stop() {
    running = false;
    // missing: DriverRegistry.deregister(driver);
  }
}

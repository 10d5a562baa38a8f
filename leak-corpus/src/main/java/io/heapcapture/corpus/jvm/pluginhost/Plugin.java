package io.heapcapture.corpus.jvm.pluginhost;

/** What the host knows of a deployed plugin. */
public interface Plugin {
  void start(PluginContext context);

  String render(String reportName, int tenant);

  void stop();
}

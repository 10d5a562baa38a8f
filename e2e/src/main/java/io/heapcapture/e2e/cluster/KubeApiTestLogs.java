package io.heapcapture.e2e.cluster;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.FileAppender;
import org.apache.logging.log4j.core.config.Configuration;
import org.apache.logging.log4j.core.config.LoggerConfig;
import org.apache.logging.log4j.core.layout.PatternLayout;
import org.slf4j.LoggerFactory;

/**
 * kube-api-test hands the output of kube-apiserver and etcd, line by line, to two SLF4J loggers at
 * DEBUG level and nowhere else. This sends those two loggers to files, whatever the rest of the
 * logging configuration says, so the output is never lost.
 */
final class KubeApiTestLogs implements AutoCloseable {
  static final String API_SERVER_LOGGER =
      "io.fabric8.kubeapitest.process.KubeAPIServerProcess.APIServerProcessLogs";
  static final String ETCD_LOGGER = "io.fabric8.kubeapitest.process.EtcdProcess.EtcdProcessLogs";

  private final LoggerContext context;
  private final List<String> loggers = new ArrayList<>();
  private final List<FileAppender> appenders = new ArrayList<>();

  private KubeApiTestLogs(LoggerContext context) {
    this.context = context;
  }

  /**
   * Routes kube-apiserver output to {@code apiServerLog} and etcd output to {@code etcdLog}. One
   * control plane per JVM at a time: a second call takes the loggers over.
   */
  static KubeApiTestLogs routeTo(Path apiServerLog, Path etcdLog) {
    String binding = LoggerFactory.getILoggerFactory().getClass().getName();
    if (!binding.startsWith("org.apache.logging.")
        || !(LogManager.getContext(false) instanceof LoggerContext)) {
      throw new IllegalStateException(
          "kube-apiserver and etcd output would be lost: SLF4J is bound to "
              + binding
              + ", expected Log4j 2 (log4j-slf4j2-impl and log4j-core on the classpath)");
    }
    KubeApiTestLogs logs = new KubeApiTestLogs((LoggerContext) LogManager.getContext(false));
    logs.route(API_SERVER_LOGGER, apiServerLog);
    logs.route(ETCD_LOGGER, etcdLog);
    return logs;
  }

  private void route(String loggerName, Path file) {
    Configuration config = context.getConfiguration();
    FileAppender appender =
        FileAppender.newBuilder()
            .setName("testbed-" + file)
            .withFileName(file.toString())
            .withAppend(true)
            .setImmediateFlush(true)
            .setLayout(
                PatternLayout.newBuilder().withPattern("%m%n").withConfiguration(config).build())
            .setConfiguration(config)
            .build();
    appender.start();
    config.addAppender(appender);
    LoggerConfig logger =
        LoggerConfig.newBuilder()
            .withLoggerName(loggerName)
            .withLevel(Level.DEBUG)
            .withAdditivity(false)
            .withConfig(config)
            .build();
    logger.addAppender(appender, Level.DEBUG, null);
    config.removeLogger(loggerName);
    config.addLogger(loggerName, logger);
    context.updateLoggers();
    loggers.add(loggerName);
    appenders.add(appender);
  }

  @Override
  public void close() {
    Configuration config = context.getConfiguration();
    for (String logger : loggers) {
      LoggerConfig current = config.getLoggerConfig(logger);
      if (current.getName().equals(logger)
          && current.getAppenders().values().stream().anyMatch(appenders::contains)) {
        config.removeLogger(logger);
      }
    }
    context.updateLoggers();
    for (FileAppender appender : appenders) {
      config.getAppenders().remove(appender.getName());
      appender.stop();
    }
  }
}

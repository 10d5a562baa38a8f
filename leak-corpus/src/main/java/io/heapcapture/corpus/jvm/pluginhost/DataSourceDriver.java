package io.heapcapture.corpus.jvm.pluginhost;

/** A data-source driver, registered with the host as JDBC drivers register with DriverManager. */
public interface DataSourceDriver {
  boolean accepts(String url);
}

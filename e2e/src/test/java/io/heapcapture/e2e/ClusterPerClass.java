package io.heapcapture.e2e;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A {@link LocalCluster} for one test class, with the namespace its tests work in: started before
 * the class's first test (and before its own {@code @BeforeAll} methods), stopped after its last.
 * Each class gets a cluster of its own, so what one class leaves behind never reaches another.
 *
 * <pre>
 * &#64;RegisterExtension static final ClusterPerClass CLUSTER = new ClusterPerClass("shop");
 * </pre>
 */
final class ClusterPerClass implements BeforeAllCallback, AfterAllCallback {
  private final String namespace;
  private LocalCluster cluster;

  ClusterPerClass(String namespace) {
    this.namespace = namespace;
  }

  @Override
  public void beforeAll(ExtensionContext context) {
    cluster = LocalCluster.start();
    cluster.createNamespace(namespace);
  }

  @Override
  public void afterAll(ExtensionContext context) {
    if (cluster != null) {
      cluster.close();
      cluster = null;
    }
  }

  LocalCluster get() {
    if (cluster == null) {
      throw new IllegalStateException("the cluster runs only while the test class does");
    }
    return cluster;
  }
}

package io.heapcapture.e2e.node;

import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The one real node of a test run, shared by every test class that registers this extension, and a
 * namespace of the class's own. The node starts with the first such class and lives in the root
 * {@link ExtensionContext.Store}, which closes it when the run ends, whether tests failed or not;
 * Ctrl-C or SIGTERM stops it through the shutdown hook, and a run killed with SIGKILL is cleaned up
 * by the next start.
 *
 * <pre>
 * &#64;RegisterExtension static final RealNode NODE = new RealNode("smoke");
 * </pre>
 */
final class RealNode implements BeforeAllCallback, AfterAllCallback {
  private static final ExtensionContext.Namespace STORE =
      ExtensionContext.Namespace.create(RealNode.class);

  private final String namespace;
  private final Map<String, String> labels;
  private NodeCluster node;

  RealNode(String namespace) {
    this(namespace, Map.of());
  }

  /** A namespace with {@code labels}, e.g. a Pod Security level. */
  RealNode(String namespace, Map<String, String> labels) {
    this.namespace = namespace;
    this.labels = labels;
  }

  @Override
  public void beforeAll(ExtensionContext context) {
    node =
        context
            .getRoot()
            .getStore(STORE)
            .getOrComputeIfAbsent(NodeCluster.class, key -> startNode(), NodeCluster.class);
    node.createNamespace(namespace, labels);
  }

  private static NodeCluster startNode() {
    List<Path> tars = new ArrayList<>(NodeImages.defaultTars());
    tars.add(TestboxImage.build());
    return NodeCluster.start(tars);
  }

  @Override
  public void afterAll(ExtensionContext context) {
    // The pods go with the namespace; the node stays for the next class.
    if (node != null) {
      node.client().namespaces().withName(namespace).delete();
    }
  }

  NodeCluster node() {
    if (node == null) {
      throw new IllegalStateException("the node runs only while a test class does");
    }
    return node;
  }

  KubernetesClient client() {
    return node().client();
  }

  String namespace() {
    return namespace;
  }
}

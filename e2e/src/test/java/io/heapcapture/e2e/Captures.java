package io.heapcapture.e2e;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.heapcapture.api.v1alpha1.HeapCapture;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Small reads of HeapCaptures and their Events for assertions and failure messages. */
final class Captures {
  private Captures() {}

  static HeapCapture get(LocalCluster cluster, String namespace, String name) {
    return cluster
        .client()
        .resources(HeapCapture.class)
        .inNamespace(namespace)
        .withName(name)
        .get();
  }

  static String statusJson(LocalCluster cluster, String namespace, String name) {
    HeapCapture capture = get(cluster, namespace, name);
    return capture == null ? "(no such capture)" : Serialization.asJson(capture.getStatus());
  }

  static List<Event> events(LocalCluster cluster, String namespace, String name) {
    return cluster.client().v1().events().inNamespace(namespace).list().getItems().stream()
        .filter(e -> name.equals(e.getInvolvedObject().getName()))
        .toList();
  }

  static String nameIn(Path manifest) {
    try {
      return Serialization.unmarshal(Files.readString(manifest), HeapCapture.class)
          .getMetadata()
          .getName();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}

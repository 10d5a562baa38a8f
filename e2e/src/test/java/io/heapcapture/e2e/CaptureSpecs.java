package io.heapcapture.e2e;

import io.fabric8.kubernetes.api.model.LabelSelectorBuilder;
import io.heapcapture.api.v1alpha1.HeapCapture;
import io.heapcapture.api.v1alpha1.HeapCaptureSpec;
import io.heapcapture.api.v1alpha1.SecretCredentials;
import io.heapcapture.api.v1alpha1.StorageSpec;
import io.heapcapture.api.v1alpha1.TargetSpec;

/** HeapCaptures built in code for the tests that are not about the sample manifest. */
final class CaptureSpecs {
  private CaptureSpecs() {}

  static HeapCapture ofPod(LocalCluster cluster, String namespace, String name, String pod) {
    TargetSpec target = new TargetSpec();
    target.setPodName(pod);
    return capture(cluster, namespace, name, target);
  }

  static HeapCapture ofSelector(LocalCluster cluster, String namespace, String name, String app) {
    TargetSpec target = new TargetSpec();
    target.setSelector(new LabelSelectorBuilder().addToMatchLabels("app", app).build());
    return capture(cluster, namespace, name, target);
  }

  private static HeapCapture capture(
      LocalCluster cluster, String namespace, String name, TargetSpec target) {
    StorageSpec storage = new StorageSpec();
    storage.setBucket(LocalCluster.BUCKET);
    storage.setPrefix("it");
    storage.setEndpoint(cluster.s3().endpoint().toString());
    storage.setPathStyle(true);
    SecretCredentials secret = new SecretCredentials();
    secret.setName(LocalCluster.STORAGE_SECRET);
    storage.setCredentialsSecret(secret);
    HeapCaptureSpec spec = new HeapCaptureSpec();
    spec.setTarget(target);
    spec.setStorage(storage);
    HeapCapture capture = new HeapCapture();
    capture.getMetadata().setName(name);
    capture.getMetadata().setNamespace(namespace);
    capture.setSpec(spec);
    return capture;
  }
}

package io.heapcapture.operator.analysis;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.heapcapture.api.v1alpha1.HeapCapture;
import java.net.HttpURLConnection;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** {@link AnalysisJobs} on the Kubernetes API. */
public final class ClientAnalysisJobs implements AnalysisJobs {
  private static final Logger LOG = LoggerFactory.getLogger(ClientAnalysisJobs.class);
  private final KubernetesClient client;

  public ClientAnalysisJobs(KubernetesClient client) {
    this.client = client;
  }

  @Override
  public void create(Secret secret, Job job) {
    createIfAbsent(() -> client.secrets().resource(secret).create());
    createIfAbsent(() -> client.batch().v1().jobs().resource(job).create());
  }

  @Override
  public Optional<Job> find(String namespace, String name) {
    return Optional.ofNullable(
        client.batch().v1().jobs().inNamespace(namespace).withName(name).get());
  }

  @Override
  public void forgetUrls(String namespace, String name) {
    try {
      client.secrets().inNamespace(namespace).withName(name).delete();
    } catch (KubernetesClientException e) {
      LOG.info("could not delete Secret {}/{}: {}", namespace, name, e.getMessage());
    }
  }

  @Override
  public List<HeapCapture> capturesIn(String namespace) {
    return client.resources(HeapCapture.class).inNamespace(namespace).list().getItems();
  }

  private static void createIfAbsent(Runnable create) {
    try {
      create.run();
    } catch (KubernetesClientException e) {
      if (e.getCode() != HttpURLConnection.HTTP_CONFLICT) {
        throw e;
      }
    }
  }
}

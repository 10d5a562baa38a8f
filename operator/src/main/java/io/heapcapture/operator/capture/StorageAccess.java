package io.heapcapture.operator.capture;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.heapcapture.api.v1alpha1.SecretCredentials;
import io.heapcapture.api.v1alpha1.StorageSpec;
import io.heapcapture.operator.storage.ObjectStore;
import io.heapcapture.operator.storage.ObjectStores;
import io.heapcapture.operator.storage.StorageConnection;
import io.heapcapture.operator.storage.StorageException;
import io.heapcapture.operator.storage.StorageFailure;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;

/**
 * Turns a capture's storage spec into a connected {@link ObjectStore}, reading the credentials
 * Secret from the capture's own namespace only.
 */
public final class StorageAccess {
  private final KubernetesClient client;
  private final ObjectStores stores;

  public StorageAccess(KubernetesClient client, ObjectStores stores) {
    this.client = client;
    this.stores = stores;
  }

  public ObjectStore storeFor(String namespace, StorageSpec storage) throws StorageException {
    StorageConnection.StaticCredentials credentials =
        storage.getCredentialsSecret() == null
            ? null
            : read(namespace, storage.getCredentialsSecret());
    return stores.forConnection(
        new StorageConnection(
            blankToNull(storage.getEndpoint()),
            storage.getRegion() == null ? "us-east-1" : storage.getRegion(),
            Boolean.TRUE.equals(storage.getPathStyle()),
            credentials));
  }

  private StorageConnection.StaticCredentials read(String namespace, SecretCredentials ref)
      throws StorageException {
    Secret secret = client.secrets().inNamespace(namespace).withName(ref.getName()).get();
    if (secret == null) {
      throw missing("Secret " + namespace + "/" + ref.getName() + " does not exist");
    }
    String keyId = value(secret, ref.getAccessKeyIdKey());
    String secretKey = value(secret, ref.getSecretAccessKeyKey());
    if (keyId == null || secretKey == null) {
      throw missing(
          "Secret "
              + namespace
              + "/"
              + ref.getName()
              + " needs the keys "
              + ref.getAccessKeyIdKey()
              + " and "
              + ref.getSecretAccessKeyKey());
    }
    return new StorageConnection.StaticCredentials(keyId.strip(), secretKey.strip());
  }

  private static String value(Secret secret, String key) {
    Map<String, String> data = secret.getData();
    if (data != null && data.get(key) != null) {
      return new String(Base64.getDecoder().decode(data.get(key)), StandardCharsets.UTF_8);
    }
    Map<String, String> stringData = secret.getStringData();
    return stringData == null ? null : stringData.get(key);
  }

  private static StorageException missing(String message) {
    return new StorageException(StorageFailure.StorageCredentialsMissing, message, null);
  }

  private static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s;
  }
}

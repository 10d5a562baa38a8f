package io.heapcapture.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;

/** A Secret holding an access key pair for the bucket. */
public class SecretCredentials {
  @Required
  @Size(min = 1, max = 253)
  @Pattern("^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$")
  @JsonPropertyDescription("Name of the Secret, in the capture's namespace.")
  private String name;

  @Default("accessKeyId")
  @Size(min = 1, max = 253)
  @JsonPropertyDescription("Key in the Secret that holds the access key id.")
  private String accessKeyIdKey = "accessKeyId";

  @Default("secretAccessKey")
  @Size(min = 1, max = 253)
  @JsonPropertyDescription("Key in the Secret that holds the secret access key.")
  private String secretAccessKeyKey = "secretAccessKey";

  public String getName() {
    return name;
  }

  public void setName(String name) {
    this.name = name;
  }

  public String getAccessKeyIdKey() {
    return accessKeyIdKey;
  }

  public void setAccessKeyIdKey(String accessKeyIdKey) {
    this.accessKeyIdKey = accessKeyIdKey;
  }

  public String getSecretAccessKeyKey() {
    return secretAccessKeyKey;
  }

  public void setSecretAccessKeyKey(String secretAccessKeyKey) {
    this.secretAccessKeyKey = secretAccessKeyKey;
  }
}

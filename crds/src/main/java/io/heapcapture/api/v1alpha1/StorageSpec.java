package io.heapcapture.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;

/** Where dumps are stored: an S3 bucket, on AWS or on any S3-compatible server. */
public class StorageSpec {
  @Required
  @Size(min = 3, max = 63)
  @Pattern("^[a-z0-9][a-z0-9.-]*[a-z0-9]$")
  @ValidationRule(
      value =
          "!self.contains('..') && !self.contains('.-') && !self.contains('-.')"
              + " && !self.matches('^[0-9]+([.][0-9]+){3}$')",
      message =
          "spec.storage.bucket must not contain '..', '.-' or '-.' nor look like an IP address")
  @JsonPropertyDescription("Bucket name (S3 naming rules: lower case letters, digits, '.', '-').")
  private String bucket;

  @Size(max = 512)
  @Pattern("^[A-Za-z0-9!_.*'()/-]*$")
  @ValidationRule(
      value = "!self.startsWith('/') && !self.contains('//')",
      message = "spec.storage.prefix must not start with '/' or contain '//'")
  @JsonPropertyDescription(
      "Key prefix for the dumps, e.g. 'prod/shop/'. Letters, digits and !_.*'()/- only.")
  private String prefix;

  @Size(max = 2048)
  @Pattern("^https?://[^\\s/?#]+(/[^\\s]*)?$")
  @JsonPropertyDescription(
      "Endpoint URL of an S3-compatible server. Leave empty for AWS S3 in the given region.")
  private String endpoint;

  @Default("us-east-1")
  @Size(min = 1, max = 64)
  @Pattern("^[a-z0-9-]+$")
  @JsonPropertyDescription("Region used to sign requests.")
  private String region = "us-east-1";

  @Default("false")
  @JsonPropertyDescription(
      "Address the bucket as a path (endpoint/bucket/key) rather than a host name. Most"
          + " S3-compatible servers need true.")
  private Boolean pathStyle = false;

  @JsonPropertyDescription(
      "Secret in this namespace with static credentials. Only the operator reads it; it never"
          + " reaches the application pod. Leave empty to use the operator's default AWS"
          + " credential chain (e.g. IRSA).")
  private SecretCredentials credentialsSecret;

  public String getBucket() {
    return bucket;
  }

  public void setBucket(String bucket) {
    this.bucket = bucket;
  }

  public String getPrefix() {
    return prefix;
  }

  public void setPrefix(String prefix) {
    this.prefix = prefix;
  }

  public String getEndpoint() {
    return endpoint;
  }

  public void setEndpoint(String endpoint) {
    this.endpoint = endpoint;
  }

  public String getRegion() {
    return region;
  }

  public void setRegion(String region) {
    this.region = region;
  }

  public Boolean getPathStyle() {
    return pathStyle;
  }

  public void setPathStyle(Boolean pathStyle) {
    this.pathStyle = pathStyle;
  }

  public SecretCredentials getCredentialsSecret() {
    return credentialsSecret;
  }

  public void setCredentialsSecret(SecretCredentials credentialsSecret) {
    this.credentialsSecret = credentialsSecret;
  }
}

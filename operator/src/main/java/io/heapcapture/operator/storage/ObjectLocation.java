package io.heapcapture.operator.storage;

/** A bucket and key; printed as {@code s3://bucket/key}. */
public record ObjectLocation(String bucket, String key) {
  public String uri() {
    return "s3://" + bucket + "/" + key;
  }

  /**
   * The location of a sibling object: same key with another suffix after the last dot-less stem.
   */
  public ObjectLocation withSuffix(String fromSuffix, String toSuffix) {
    String stem =
        key.endsWith(fromSuffix) ? key.substring(0, key.length() - fromSuffix.length()) : key;
    return new ObjectLocation(bucket, stem + toSuffix);
  }

  @Override
  public String toString() {
    return uri();
  }
}

package io.heapcapture.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** A container of a target pod that the kernel killed for exceeding its memory limit. */
public class OomKill {
  @JsonPropertyDescription("Pod name.")
  private String pod;

  @JsonPropertyDescription("Container name.")
  private String container;

  @JsonPropertyDescription("How many OOM kills the operator has seen for this container.")
  private Integer count;

  @JsonPropertyDescription("When the last one ended the container (RFC 3339).")
  private String lastAt;

  public String getPod() {
    return pod;
  }

  public void setPod(String pod) {
    this.pod = pod;
  }

  public String getContainer() {
    return container;
  }

  public void setContainer(String container) {
    this.container = container;
  }

  public Integer getCount() {
    return count;
  }

  public void setCount(Integer count) {
    this.count = count;
  }

  public String getLastAt() {
    return lastAt;
  }

  public void setLastAt(String lastAt) {
    this.lastAt = lastAt;
  }
}

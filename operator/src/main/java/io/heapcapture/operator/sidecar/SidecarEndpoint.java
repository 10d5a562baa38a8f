package io.heapcapture.operator.sidecar;

import java.net.URI;

/** Where one pod's sidecar listens (HTTPS). */
public record SidecarEndpoint(String host, int port) {
  public URI uri(String path) {
    String h = host.contains(":") ? "[" + host + "]" : host;
    return URI.create("https://" + h + ":" + port + path);
  }

  @Override
  public String toString() {
    return host + ":" + port;
  }
}

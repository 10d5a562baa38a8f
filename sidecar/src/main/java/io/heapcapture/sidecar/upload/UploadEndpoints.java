package io.heapcapture.sidecar.upload;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The object-store endpoints the operator pinned at injection ({@code
 * HEAPCAPTURE_UPLOAD_ENDPOINTS}): the only places this sidecar uploads to. Defence in depth: even a
 * forged upload instruction cannot send a dump anywhere else.
 */
public final class UploadEndpoints {
  private final List<Endpoint> endpoints;

  private UploadEndpoints(List<Endpoint> endpoints) {
    this.endpoints = List.copyOf(endpoints);
  }

  /**
   * Comma-separated {@code scheme://host[:port]}; a host may start with {@code *.} (one or more
   * labels). Empty or blank: no endpoint, every upload is refused.
   */
  public static UploadEndpoints parse(String commaSeparated) {
    List<Endpoint> endpoints = new ArrayList<>();
    if (commaSeparated != null) {
      for (String item : commaSeparated.split(",")) {
        if (!item.isBlank()) {
          endpoints.add(Endpoint.parse(item.strip()));
        }
      }
    }
    return new UploadEndpoints(endpoints);
  }

  /**
   * The first URL that no pinned endpoint allows, as {@code scheme://host:port} (never the whole
   * presigned URL: its query is a credential), or empty when all are allowed.
   */
  public Optional<String> firstRefused(List<String> urls) {
    for (String url : urls) {
      Optional<Endpoint> target = Endpoint.ofUrl(url);
      if (target.isEmpty()) {
        return Optional.of("an unreadable URL");
      }
      if (endpoints.stream().noneMatch(e -> e.allows(target.get()))) {
        return Optional.of(target.get().toString());
      }
    }
    return Optional.empty();
  }

  @Override
  public String toString() {
    return endpoints.toString();
  }

  /** One pinned endpoint, or the endpoint of one URL. */
  private record Endpoint(String scheme, String host, int port) {
    static Endpoint parse(String text) {
      URI uri;
      try {
        uri = new URI(text);
      } catch (URISyntaxException e) {
        throw new IllegalArgumentException("upload endpoint " + text + " is not a URL", e);
      }
      // A wildcard host is no valid URI host, so take the authority apart ourselves.
      String authority = uri.getRawAuthority();
      if (uri.getScheme() == null
          || authority == null
          || authority.contains("@")
          || (uri.getRawPath() != null
              && !uri.getRawPath().isEmpty()
              && !uri.getRawPath().equals("/"))
          || uri.getRawQuery() != null
          || uri.getRawFragment() != null) {
        throw new IllegalArgumentException(
            "upload endpoint " + text + " must be scheme://host[:port]");
      }
      String scheme = scheme(uri.getScheme());
      int colon = authority.lastIndexOf(':');
      boolean hasPort = colon > authority.lastIndexOf(']');
      String host = hasPort ? authority.substring(0, colon) : authority;
      int port;
      try {
        port = hasPort ? Integer.parseInt(authority.substring(colon + 1)) : defaultPort(scheme);
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("upload endpoint " + text + " has a bad port", e);
      }
      if (host.isEmpty() || host.equals("*.") || host.substring(1).contains("*")) {
        throw new IllegalArgumentException("upload endpoint " + text + " has a bad host");
      }
      if (host.startsWith("*") && !host.startsWith("*.")) {
        throw new IllegalArgumentException(
            "upload endpoint " + text + ": only *. may start a host");
      }
      return new Endpoint(scheme, host.toLowerCase(Locale.ROOT), port);
    }

    static Optional<Endpoint> ofUrl(String url) {
      try {
        URI uri = new URI(url);
        if (uri.getScheme() == null || uri.getHost() == null) {
          return Optional.empty();
        }
        String scheme = scheme(uri.getScheme());
        int port = uri.getPort() < 0 ? defaultPort(scheme) : uri.getPort();
        return Optional.of(new Endpoint(scheme, uri.getHost().toLowerCase(Locale.ROOT), port));
      } catch (URISyntaxException | IllegalArgumentException e) {
        return Optional.empty();
      }
    }

    boolean allows(Endpoint target) {
      if (!scheme.equals(target.scheme) || port != target.port) {
        return false;
      }
      if (host.startsWith("*.")) {
        String suffix = host.substring(1);
        return target.host.endsWith(suffix) && target.host.length() > suffix.length();
      }
      return host.equals(target.host);
    }

    private static String scheme(String scheme) {
      String lower = scheme.toLowerCase(Locale.ROOT);
      if (!lower.equals("http") && !lower.equals("https")) {
        throw new IllegalArgumentException("scheme " + scheme + " is neither http nor https");
      }
      return lower;
    }

    private static int defaultPort(String scheme) {
      return scheme.equals("https") ? 443 : 80;
    }

    @Override
    public String toString() {
      return scheme + "://" + host + ":" + port;
    }
  }
}

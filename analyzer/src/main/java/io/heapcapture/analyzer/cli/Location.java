package io.heapcapture.analyzer.cli;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Locale;

/** Where an input or output lives: a local path, or an {@code http(s)://} URL. */
record Location(Path path, URI url) {

  /** {@code http://} and {@code https://} arguments are URLs; anything else is a path. */
  static Location parse(String argument) {
    String lower = argument.toLowerCase(Locale.ROOT);
    if (lower.startsWith("http://") || lower.startsWith("https://")) {
      URI url = URI.create(argument);
      if (url.getHost() == null) {
        throw new IllegalArgumentException("not a URL with a host: " + redacted(url));
      }
      return new Location(null, url);
    }
    return new Location(Path.of(argument), null);
  }

  boolean isUrl() {
    return url != null;
  }

  /** The URL as it may be shown and logged: without query string and fragment. */
  static String redacted(URI url) {
    String s = url.toString();
    int cut = s.length();
    int query = s.indexOf('?');
    int fragment = s.indexOf('#');
    if (query >= 0) {
      cut = query;
    }
    if (fragment >= 0 && fragment < cut) {
      cut = fragment;
    }
    return s.substring(0, cut);
  }

  /**
   * The last path segment, percent-decoded, usable as a file name: {@code
   * .../ns/pod-abc.hprof.zst?X-Amz-Signature=...} gives {@code pod-abc.hprof.zst}.
   */
  static String fileName(URI url) {
    String path = url.getRawPath() == null ? "" : url.getRawPath();
    String segment = path.substring(path.lastIndexOf('/') + 1);
    // A '+' in a path is a plus, not a space: keep it through the form decoder.
    String decoded;
    try {
      decoded = URLDecoder.decode(segment.replace("+", "%2B"), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException malformedEscape) {
      decoded = segment;
    }
    String name = decoded.replace('/', '_').replace('\\', '_').replace('\0', '_');
    return name.isEmpty() || name.equals(".") || name.equals("..") ? "dump" : name;
  }

  @Override
  public String toString() {
    return isUrl() ? redacted(url) : path.toString();
  }
}

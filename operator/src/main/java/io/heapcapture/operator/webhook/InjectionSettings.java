package io.heapcapture.operator.webhook;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.fabric8.kubernetes.api.model.ResourceRequirementsBuilder;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * What the webhook injects, from the {@code HEAPCAPTURE_INJECTION} JSON that the chart renders.
 * Every key but {@code image} has a default; an unknown key is an error, so a typo in values is not
 * silently ignored.
 *
 * @param image the sidecar image
 * @param imagePullPolicy {@code Always}, {@code IfNotPresent} or {@code Never}
 * @param resources the sidecar's requests and limits
 * @param dumpVolumeSizeLimit size limit of the dump volume, unless a pod annotation says otherwise
 * @param dumpMountPath where the sidecar sees the dump volume
 * @param allowedEndpoints upload endpoints pinned in the sidecar, {@code scheme://host[:port]}
 */
public record InjectionSettings(
    String image,
    String imagePullPolicy,
    ResourceRequirements resources,
    Quantity dumpVolumeSizeLimit,
    String dumpMountPath,
    List<String> allowedEndpoints) {

  /** Environment variable holding the settings as JSON. */
  public static final String ENV = "HEAPCAPTURE_INJECTION";

  static final String DEFAULT_PULL_POLICY = "IfNotPresent";
  static final String DEFAULT_VOLUME_SIZE = "4Gi";
  static final String DEFAULT_MOUNT_PATH = "/heapcapture/dumps";

  private static final Set<String> KEYS =
      Set.of(
          "image",
          "imagePullPolicy",
          "resources",
          "dumpVolumeSizeLimit",
          "dumpMountPath",
          "allowedEndpoints");
  private static final Set<String> PULL_POLICIES = Set.of("Always", "IfNotPresent", "Never");
  private static final Set<String> RESOURCE_KEYS = Set.of("requests", "limits");
  // scheme://host[:port] with no path; the host may start with "*." (one or more labels).
  private static final Pattern ENDPOINT =
      Pattern.compile(
          "https?://(\\*\\.)?([a-z0-9]([a-z0-9-]*[a-z0-9])?(\\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*"
              + "|\\[[0-9a-f:.]+])(:[0-9]{1,5})?");
  private static final ObjectMapper JSON = new ObjectMapper();

  public InjectionSettings {
    allowedEndpoints = List.copyOf(allowedEndpoints);
  }

  /** From {@code HEAPCAPTURE_INJECTION}; throws if it is missing or invalid. */
  public static InjectionSettings fromEnvironment(Map<String, String> env) {
    String json = env.get(ENV);
    if (json == null || json.isBlank()) {
      throw new IllegalArgumentException(ENV + " is not set: the webhook needs the sidecar image");
    }
    return parse(json);
  }

  /**
   * Parses and validates the JSON; the message of the {@link IllegalArgumentException} is one line
   * that names the bad key.
   */
  public static InjectionSettings parse(String json) {
    JsonNode root;
    try {
      root = JSON.readTree(json);
    } catch (JsonProcessingException e) {
      throw invalid("", "not JSON (" + e.getOriginalMessage() + ")");
    }
    if (root == null || !root.isObject()) {
      throw invalid("", "must be a JSON object");
    }
    for (Iterator<String> names = root.fieldNames(); names.hasNext(); ) {
      String name = names.next();
      if (!KEYS.contains(name)) {
        throw invalid(name, "unknown key; the keys are " + String.join(", ", sorted(KEYS)));
      }
    }
    String image = text(root, "image", null);
    if (image == null || image.isBlank() || image.chars().anyMatch(Character::isWhitespace)) {
      throw invalid("image", "required, an image reference without spaces");
    }
    String pullPolicy = text(root, "imagePullPolicy", DEFAULT_PULL_POLICY);
    if (!PULL_POLICIES.contains(pullPolicy)) {
      throw invalid("imagePullPolicy", "'" + pullPolicy + "' is not Always, IfNotPresent or Never");
    }
    return new InjectionSettings(
        image,
        pullPolicy,
        resources(root.get("resources")),
        size("dumpVolumeSizeLimit", text(root, "dumpVolumeSizeLimit", DEFAULT_VOLUME_SIZE)),
        mountPath(text(root, "dumpMountPath", DEFAULT_MOUNT_PATH)),
        endpoints(root.get("allowedEndpoints")));
  }

  /** The contract's default sidecar resources: small requests, a memory limit. */
  static ResourceRequirements defaultResources() {
    return new ResourceRequirementsBuilder()
        .addToRequests("cpu", new Quantity("10m"))
        .addToRequests("memory", new Quantity("96Mi"))
        .addToLimits("memory", new Quantity("256Mi"))
        .build();
  }

  /** A positive size such as {@code 4Gi}; throws naming {@code key} otherwise. */
  static Quantity size(String key, String value) {
    Quantity quantity = quantity(key, value);
    if (Quantity.getAmountInBytes(quantity).compareTo(BigDecimal.ZERO) <= 0) {
      throw invalid(key, "'" + value + "' must be more than 0");
    }
    return quantity;
  }

  private static ResourceRequirements resources(JsonNode node) {
    if (node == null || node.isNull()) {
      return defaultResources();
    }
    if (!node.isObject()) {
      throw invalid("resources", "must be an object with requests and limits");
    }
    Map<String, Map<String, Quantity>> parts = new LinkedHashMap<>();
    for (Iterator<Map.Entry<String, JsonNode>> fields = node.fields(); fields.hasNext(); ) {
      Map.Entry<String, JsonNode> part = fields.next();
      String key = "resources." + part.getKey();
      if (!RESOURCE_KEYS.contains(part.getKey())) {
        throw invalid(key, "unknown key; the keys are limits, requests");
      }
      if (!part.getValue().isObject()) {
        throw invalid(key, "must be an object of quantities, such as {\"memory\": \"64Mi\"}");
      }
      Map<String, Quantity> quantities = new LinkedHashMap<>();
      for (Iterator<Map.Entry<String, JsonNode>> q = part.getValue().fields(); q.hasNext(); ) {
        Map.Entry<String, JsonNode> entry = q.next();
        String quantityKey = key + "." + entry.getKey();
        if (!entry.getValue().isTextual() && !entry.getValue().isNumber()) {
          throw invalid(quantityKey, "must be a quantity such as \"64Mi\"");
        }
        quantities.put(entry.getKey(), quantity(quantityKey, entry.getValue().asText()));
      }
      parts.put(part.getKey(), quantities);
    }
    return new ResourceRequirementsBuilder()
        .withRequests(parts.getOrDefault("requests", Map.of()))
        .withLimits(parts.getOrDefault("limits", Map.of()))
        .build();
  }

  private static Quantity quantity(String key, String value) {
    try {
      Quantity quantity = Quantity.parse(value);
      Quantity.getAmountInBytes(quantity);
      return quantity;
    } catch (RuntimeException e) {
      throw invalid(key, "'" + value + "' is not a quantity such as 64Mi or 4Gi");
    }
  }

  private static String mountPath(String path) {
    String normal = path.replaceAll("/+$", "");
    if (!path.startsWith("/")
        || normal.isEmpty()
        || normal.contains("//")
        || normal.contains("/../")
        || normal.endsWith("/..")
        || normal.contains(",")) {
      throw invalid("dumpMountPath", "'" + path + "' must be an absolute path other than /");
    }
    if (normal.equals(SidecarContainer.TMP_PATH)
        || normal.startsWith(SidecarContainer.TMP_PATH + "/")) {
      throw invalid("dumpMountPath", "'" + path + "' must not be under /tmp (the sidecar's /tmp)");
    }
    return normal;
  }

  private static List<String> endpoints(JsonNode node) {
    if (node == null || node.isNull()) {
      return List.of();
    }
    if (!node.isArray()) {
      throw invalid("allowedEndpoints", "must be a list of scheme://host[:port]");
    }
    List<String> endpoints = new ArrayList<>();
    for (int i = 0; i < node.size(); i++) {
      String key = "allowedEndpoints[" + i + "]";
      JsonNode item = node.get(i);
      if (!item.isTextual() || !ENDPOINT.matcher(item.asText()).matches()) {
        throw invalid(
            key,
            "'"
                + item.asText()
                + "' is not scheme://host[:port] with scheme http or https, a lower-case host"
                + " (may start with *.) and no path");
      }
      endpoints.add(item.asText());
    }
    return endpoints;
  }

  private static String text(JsonNode root, String key, String fallback) {
    JsonNode node = root.get(key);
    if (node == null || node.isNull()) {
      return fallback;
    }
    if (!node.isTextual()) {
      throw invalid(key, "must be a string");
    }
    return node.asText();
  }

  private static List<String> sorted(Set<String> keys) {
    return keys.stream().sorted().toList();
  }

  private static IllegalArgumentException invalid(String key, String problem) {
    String where = key.isEmpty() ? ENV : ENV + " key " + key;
    return new IllegalArgumentException(where + ": " + problem.replace('\n', ' '));
  }
}

package io.heapcapture.corpus.jvm.gateway;

import java.util.List;
import java.util.regex.Pattern;

/** A route of the gateway: a path pattern, the upstream that serves it and its policies. */
public record Route(
    String id,
    Pattern pathPattern,
    String upstream,
    List<String> requiredScopes,
    int timeoutMillis) {}

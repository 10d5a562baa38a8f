package io.heapcapture.corpus.jvm.notifications;

import java.util.Set;

/** Who to notify and how. */
public record CustomerContact(
    String customerId,
    String email,
    String displayName,
    String locale,
    Set<String> optedInTopics) {}

package io.heapcapture.corpus.jvm.documents;

import java.util.Map;

/** A letterhead or form template with its embedded fonts and images. */
public record DocumentTemplate(
    String name, String locale, byte[] embeddedFonts, byte[] logo, Map<String, String> labels) {}

package io.heapcapture.corpus.jvm.logistics;

/** A postal code area and the hub that serves it. */
public record PostalArea(
    String countryCode,
    String postalCode,
    String city,
    String hubName,
    double latitude,
    double longitude) {}

package io.heapcapture.corpus.jvm.logistics;

import java.time.Instant;

/** A carrier's tracking scan, as parsed from its webhook payload. */
public record ShipmentEvent(
    String trackingNumber,
    String carrier,
    String status,
    String countryCode,
    String hubName,
    String scanType,
    Instant scannedAt) {}

package io.heapcapture.corpus.framework.metering;

/** One range of IPv4 addresses and where it is. */
public record IpRange(long first, long last, String country, String organisation) {}

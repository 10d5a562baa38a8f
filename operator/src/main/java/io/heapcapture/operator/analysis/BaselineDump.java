package io.heapcapture.operator.analysis;

import io.heapcapture.operator.storage.ObjectLocation;

/**
 * An earlier stored dump that a new one is compared with.
 *
 * @param location where it is stored
 * @param rawBytes its uncompressed size, for sizing the Job (0 when unknown)
 * @param storedBytes its stored size, for sizing the Job's scratch space (0 when unknown)
 */
public record BaselineDump(ObjectLocation location, long rawBytes, long storedBytes) {}

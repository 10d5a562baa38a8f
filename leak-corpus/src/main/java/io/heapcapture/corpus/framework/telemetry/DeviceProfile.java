package io.heapcapture.corpus.framework.telemetry;

/** A registered device: model, firmware and its sensors' calibration. */
public record DeviceProfile(String deviceId, String model, String firmware, double[] calibration) {}

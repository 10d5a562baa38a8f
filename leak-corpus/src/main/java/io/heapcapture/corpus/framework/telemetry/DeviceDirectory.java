package io.heapcapture.corpus.framework.telemetry;

import java.util.HashMap;
import java.util.Map;

/**
 * Every registered device, loaded at start and never changed: 250,000 profiles with their
 * calibration tables. Large and stable: the trap beside the leak.
 */
public final class DeviceDirectory {
  static final int DEVICES = 250_000;
  private static final String[] MODELS = {"TH-100", "TH-200", "AQ-7", "PWR-3", "FLOW-9"};

  private final Map<String, DeviceProfile> profiles = new HashMap<>();

  public DeviceDirectory() {
    for (int i = 0; i < DEVICES; i++) {
      double[] calibration = new double[16];
      for (int k = 0; k < calibration.length; k++) {
        calibration[k] = 1.0 + ((i * 31 + k) % 97) / 1000.0;
      }
      String id = deviceId(i);
      profiles.put(
          id,
          new DeviceProfile(
              id, MODELS[i % MODELS.length], "fw-" + (3 + i % 4) + "." + (i % 20), calibration));
    }
  }

  static String deviceId(int i) {
    return String.format("dev-%06d", i);
  }

  public DeviceProfile profile(String deviceId) {
    return profiles.get(deviceId);
  }
}

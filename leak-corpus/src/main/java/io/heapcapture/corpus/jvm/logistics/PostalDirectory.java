package io.heapcapture.corpus.jvm.logistics;

import java.util.HashMap;
import java.util.Map;

/** Postal areas of the served countries, loaded at start-up for routing; read-only. */
public final class PostalDirectory {
  private final Map<String, PostalArea> areasByCode = new HashMap<>();

  PostalDirectory(int count) {
    String[] countries = {"DE", "FR", "NL", "PL", "AT"};
    for (int i = 0; i < count; i++) {
      String country = countries[i % countries.length];
      String code = country + "-" + (10_000 + i);
      areasByCode.put(
          code,
          new PostalArea(
              country,
              Integer.toString(10_000 + i),
              "City " + i / 10,
              "Hub " + i % 40,
              50 + i * 1e-5,
              8 + i * 1e-5));
    }
  }

  PostalArea find(String code) {
    return areasByCode.get(code);
  }
}

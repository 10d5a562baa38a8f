package io.heapcapture.corpus.jvm.notifications;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/** Every customer's contact preferences, loaded at start-up and refreshed nightly. */
public final class RecipientDirectory {
  private final Map<String, CustomerContact> contacts = new HashMap<>();

  RecipientDirectory(int count) {
    for (int i = 0; i < count; i++) {
      String id = "C" + i;
      contacts.put(
          id,
          new CustomerContact(
              id,
              "customer." + i + "@example.org",
              "Customer Number " + i,
              i % 2 == 0 ? "en-GB" : "de-DE",
              Set.of("orders", "shipping", i % 3 == 0 ? "newsletter" : "invoices")));
    }
  }

  CustomerContact find(int i) {
    return contacts.get("C" + Math.floorMod(i, contacts.size()));
  }
}

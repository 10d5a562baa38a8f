package io.heapcapture.benchmarks;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.WeakHashMap;

/**
 * A JVM whose heap looks like a service's, to be dumped for the benchmark: customers indexed in two
 * {@code HashMap}s, each with attributes (a small {@code HashMap} of Strings) and orders (an {@code
 * ArrayList} of objects with {@code int[]}s); an event log ({@code ArrayDeque}); a {@code TreeMap}
 * of counters; a {@code WeakHashMap} cache; and a leak, a static {@code ArrayList} of sessions that
 * each carry a {@code byte[]} payload of 256 to 2048 bytes. The mix is fixed and scales with one
 * number, so that a dump of a given size holds the same kinds of objects in the same proportions.
 *
 * <p>Usage: {@code RealisticHeap <dump MiB>}; prints {@code ready} once built (and collected), then
 * waits for its standard input to close.
 */
public final class RealisticHeap {
  /** HPROF bytes per customer, measured on JDK 17 (see docs/benchmarks.md). */
  static final double DUMP_BYTES_PER_CUSTOMER = 2_880;

  static final Map<Long, Customer> CUSTOMERS = new HashMap<>();
  static final Map<String, Customer> BY_EMAIL = new HashMap<>();
  static final ArrayDeque<Event> EVENTS = new ArrayDeque<>();
  static final TreeMap<String, long[]> COUNTERS = new TreeMap<>();
  static final WeakHashMap<Customer, String> GREETINGS = new WeakHashMap<>();
  static final List<Session> LEAKED_SESSIONS = new ArrayList<>();

  record Order(long id, double amount, String sku, int[] quantities) {}

  static final class Customer {
    final long id;
    final String name;
    final String email;
    final int age;
    final Map<String, String> attributes = new HashMap<>();
    final List<Order> orders = new ArrayList<>();
    final LinkedList<String> notes = new LinkedList<>();

    Customer(long id, String name, String email, int age) {
      this.id = id;
      this.name = name;
      this.email = email;
      this.age = age;
    }
  }

  static final class Session {
    final String token;
    final long createdAt;
    final Customer owner;
    final byte[] payload;

    Session(String token, long createdAt, Customer owner, byte[] payload) {
      this.token = token;
      this.createdAt = createdAt;
      this.owner = owner;
      this.payload = payload;
    }
  }

  record Event(String type, long at, Object subject) {}

  private RealisticHeap() {}

  public static void main(String[] args) throws Exception {
    long customers = Math.round(Long.parseLong(args[0]) * (1 << 20) / DUMP_BYTES_PER_CUSTOMER);
    build(customers, new Random(42));
    for (int i = 0; i < 3; i++) {
      System.gc();
    }
    System.out.println("ready " + customers + " customers");
    new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
  }

  static void build(long customers, Random random) {
    String[] cities = {"Lyon", "Porto", "Oslo", "Quito", "Accra", "Perth", "Osaka", "Lima"};
    for (long id = 0; id < customers; id++) {
      String name = "customer-" + id;
      Customer c = new Customer(id, name, name + "@example.com", 18 + random.nextInt(70));
      c.attributes.put("city", cities[random.nextInt(cities.length)]);
      c.attributes.put("tier", random.nextBoolean() ? "gold" : "silver");
      c.attributes.put("ref", Long.toHexString(random.nextLong()));
      for (int o = 0, n = random.nextInt(6); o < n; o++) {
        int[] quantities = new int[1 + random.nextInt(8)];
        c.orders.add(new Order(id * 10 + o, random.nextDouble() * 100, "sku-" + o, quantities));
      }
      if (random.nextInt(4) == 0) {
        c.notes.add("called on " + random.nextInt(28) + "/" + (1 + random.nextInt(12)));
      }
      CUSTOMERS.put(id, c);
      BY_EMAIL.put(c.email, c);
      EVENTS.add(new Event(random.nextBoolean() ? "login" : "view", id * 1000, c));
      COUNTERS.computeIfAbsent("bucket-" + (id % 4096), k -> new long[4])[(int) (id % 4)]++;
      if (random.nextInt(8) == 0) {
        GREETINGS.put(c, "hello " + name);
      }
      byte[] payload = new byte[256 + random.nextInt(1793)];
      random.nextBytes(payload);
      LEAKED_SESSIONS.add(new Session(Long.toHexString(random.nextLong()), id, c, payload));
    }
  }
}

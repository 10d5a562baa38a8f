package io.heapcapture.analyzer.testing;

import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.OutputStream;
import java.io.StringReader;
import java.io.StringWriter;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.security.Signature;
import java.text.MessageFormat;
import java.text.NumberFormat;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.logging.Logger;
import java.util.logging.StreamHandler;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import javax.crypto.Cipher;
import javax.crypto.KeyGenerator;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.SAXParserFactory;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamReader;
import javax.xml.transform.Templates;
import javax.xml.transform.Transformer;
import javax.xml.transform.TransformerFactory;
import javax.xml.transform.dom.DOMSource;
import javax.xml.transform.stream.StreamResult;
import javax.xml.transform.stream.StreamSource;
import javax.xml.xpath.XPathConstants;
import javax.xml.xpath.XPathFactory;
import org.w3c.dom.Document;
import org.w3c.dom.NodeList;
import org.xml.sax.helpers.DefaultHandler;

/**
 * A small but realistic service, for dumps of real JVMs: it serves an order feed over HTTP
 * (com.sun.net.httpserver) and reads it with java.net.http, parses it with DOM, SAX, StAX and
 * XPath, transforms it with XSLT, hashes, signs, encrypts and compresses, works on thread pools,
 * fork/join and completable futures, formats dates and numbers, logs, serialises; a few thousand
 * JDK classes in all. It keeps its {@link Order}s in {@link OrderBook#ORDERS}: the big thing of its
 * heap.
 *
 * <p>Arguments: {@code serve <orders>} adds that many orders, goes idle (every pool stopped),
 * prints {@code ready} and sleeps; {@code oom} adds orders until the heap runs out.
 */
public final class RealisticApp {
  /** An order of the feed, with its raw payload. */
  public record Order(
      long id, String customer, BigDecimal amount, Instant created, byte[] payload) {}

  /** Where the orders are kept. */
  public static final class OrderBook {
    public static final List<Order> ORDERS = new ArrayList<>();

    private OrderBook() {}
  }

  /** What the warm-up computed, kept so that its objects stay in the heap. */
  static final Map<String, Object> RESULTS = new ConcurrentHashMap<>();

  private static final String[] CUSTOMERS =
      IntStream.range(0, 500).mapToObj(i -> "customer-" + i).toArray(String[]::new);

  public static void main(String[] args) throws Exception {
    String mode = args[0];
    work();
    System.err.println(
        "collectors: "
            + java.lang.management.ManagementFactory.getGarbageCollectorMXBeans().stream()
                .map(java.lang.management.GarbageCollectorMXBean::getName)
                .collect(Collectors.joining(", ")));
    if (mode.equals("serve")) {
      addOrders(Integer.parseInt(args[1]));
      for (int i = 0; i < 3; i++) {
        System.gc();
        Thread.sleep(50);
      }
      System.out.println(SyntheticHeap.READY);
      Thread.sleep(Long.MAX_VALUE);
    } else if (mode.equals("oom")) {
      addOrders(Integer.MAX_VALUE); // ends in an OutOfMemoryError
    } else {
      throw new IllegalArgumentException(mode);
    }
  }

  static void addOrders(int count) {
    Instant start = Instant.parse("2025-01-01T00:00:00Z");
    for (int i = 0; i < count; i++) {
      byte[] payload = new byte[200];
      payload[i % 200] = (byte) i;
      OrderBook.ORDERS.add(
          new Order(
              i,
              CUSTOMERS[i % CUSTOMERS.length],
              BigDecimal.valueOf(i % 10_000, 2),
              start.plusSeconds(i),
              payload));
    }
  }

  /** Uses a good part of the JDK, as a service would in its first minutes. */
  static void work() throws Exception {
    String feed = feedXml(200);
    ExecutorService pool = Executors.newFixedThreadPool(4);
    HttpServer server =
        HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext(
        "/orders",
        exchange -> {
          byte[] body = feed.getBytes(StandardCharsets.UTF_8);
          exchange.getResponseHeaders().set("Content-Type", "application/xml");
          exchange.getResponseHeaders().set("Connection", "close");
          exchange.sendResponseHeaders(200, body.length);
          try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
          }
        });
    server.setExecutor(pool);
    server.start();
    try {
      HttpClient client =
          HttpClient.newBuilder()
              .executor(pool)
              .connectTimeout(Duration.ofSeconds(10))
              .version(HttpClient.Version.HTTP_1_1)
              .build();
      URI uri = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/orders");
      HttpRequest request =
          HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30)).GET().build();
      String body = client.send(request, HttpResponse.BodyHandlers.ofString()).body();
      String again =
          client
              .sendAsync(request, HttpResponse.BodyHandlers.ofString())
              .thenApply(HttpResponse::body)
              .get(30, TimeUnit.SECONDS);
      RESULTS.put("http", body.length() + again.length());
      RESULTS.put("client", client);
      xml(body);
    } finally {
      server.stop(0);
    }
    concurrency(pool);
    security();
    text();
    io();
    pool.shutdown();
    if (!pool.awaitTermination(30, TimeUnit.SECONDS)) {
      throw new IllegalStateException("the pool did not stop");
    }
  }

  private static String feedXml(int orders) {
    StringBuilder xml = new StringBuilder("<?xml version=\"1.0\"?>\n<orders>\n");
    for (int i = 0; i < orders; i++) {
      xml.append("  <order id=\"")
          .append(i)
          .append("\" customer=\"")
          .append(CUSTOMERS[i % CUSTOMERS.length])
          .append("\"><amount>")
          .append(i * 3 % 1000)
          .append(".50</amount></order>\n");
    }
    return xml.append("</orders>\n").toString();
  }

  private static void xml(String body) throws Exception {
    Document doc =
        DocumentBuilderFactory.newInstance()
            .newDocumentBuilder()
            .parse(new ByteArrayInputStream(body.getBytes(StandardCharsets.UTF_8)));
    NodeList expensive =
        (NodeList)
            XPathFactory.newInstance()
                .newXPath()
                .evaluate("/orders/order[amount > 500]", doc, XPathConstants.NODESET);
    RESULTS.put("xpath", expensive.getLength());
    LongAdder elements = new LongAdder();
    SAXParserFactory.newInstance()
        .newSAXParser()
        .parse(
            new ByteArrayInputStream(body.getBytes(StandardCharsets.UTF_8)),
            new DefaultHandler() {
              @Override
              public void startElement(
                  String uri, String localName, String qName, org.xml.sax.Attributes attributes) {
                elements.increment();
              }
            });
    RESULTS.put("sax", elements.sum());
    XMLStreamReader stax =
        XMLInputFactory.newInstance().createXMLStreamReader(new StringReader(body));
    int events = 0;
    while (stax.hasNext()) {
      stax.next();
      events++;
    }
    RESULTS.put("stax", events);
    String xslt =
        "<xsl:stylesheet version=\"1.0\" xmlns:xsl=\"http://www.w3.org/1999/XSL/Transform\">"
            + "<xsl:template match=\"/\"><totals><xsl:value-of select=\"sum(//amount)\"/></totals>"
            + "</xsl:template></xsl:stylesheet>";
    TransformerFactory factory = TransformerFactory.newInstance();
    Templates templates = factory.newTemplates(new StreamSource(new StringReader(xslt)));
    StringWriter totals = new StringWriter();
    templates.newTransformer().transform(new DOMSource(doc), new StreamResult(totals));
    RESULTS.put("xslt", totals.toString());
    Transformer identity = factory.newTransformer();
    StringWriter copy = new StringWriter();
    identity.transform(new DOMSource(doc), new StreamResult(copy));
    RESULTS.put("identity", copy.toString().length());
  }

  private static void concurrency(ExecutorService pool) throws Exception {
    List<Future<String>> hashes = new ArrayList<>();
    for (int i = 0; i < 50; i++) {
      int n = i;
      hashes.add(
          pool.submit(
              () -> {
                MessageDigest sha = MessageDigest.getInstance("SHA-256");
                return Base64.getEncoder()
                    .encodeToString(sha.digest(("order-" + n).getBytes(StandardCharsets.UTF_8)));
              }));
    }
    Map<String, Integer> byPrefix = new ConcurrentHashMap<>();
    for (Future<String> f : hashes) {
      byPrefix.merge(f.get().substring(0, 1), 1, Integer::sum);
    }
    RESULTS.put("hashes", byPrefix);
    CompletableFuture<Integer> chain =
        CompletableFuture.supplyAsync(() -> 21, pool)
            .thenApplyAsync(x -> x * 2, pool)
            .thenCombine(CompletableFuture.supplyAsync(() -> 0, pool), Integer::sum);
    RESULTS.put("future", chain.get(30, TimeUnit.SECONDS));
    ForkJoinPool forkJoin = new ForkJoinPool(2);
    long sum =
        forkJoin
            .submit(() -> IntStream.range(0, 1_000_000).parallel().mapToLong(i -> i % 7).sum())
            .get();
    forkJoin.shutdown();
    forkJoin.awaitTermination(30, TimeUnit.SECONDS);
    RESULTS.put("forkJoin", sum);
    CountDownLatch latch = new CountDownLatch(10);
    ConcurrentLinkedQueue<Integer> queue = new ConcurrentLinkedQueue<>();
    ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
    for (int i = 0; i < 10; i++) {
      int n = i;
      pool.execute(
          () -> {
            lock.writeLock().lock();
            try {
              queue.add(n);
            } finally {
              lock.writeLock().unlock();
            }
            latch.countDown();
          });
    }
    latch.await(30, TimeUnit.SECONDS);
    RESULTS.put("queue", queue);
  }

  private static void security() throws Exception {
    KeyPairGenerator ec = KeyPairGenerator.getInstance("EC");
    ec.initialize(256, new SecureRandom());
    KeyPair keys = ec.generateKeyPair();
    Signature signer = Signature.getInstance("SHA256withECDSA");
    signer.initSign(keys.getPrivate());
    signer.update("orders".getBytes(StandardCharsets.UTF_8));
    byte[] signature = signer.sign();
    Signature verifier = Signature.getInstance("SHA256withECDSA");
    verifier.initVerify(keys.getPublic());
    verifier.update("orders".getBytes(StandardCharsets.UTF_8));
    RESULTS.put("signed", verifier.verify(signature));
    KeyGenerator aes = KeyGenerator.getInstance("AES");
    aes.init(128);
    SecretKey key = aes.generateKey();
    Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
    byte[] iv = new byte[12];
    new SecureRandom().nextBytes(iv);
    cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(128, iv));
    RESULTS.put("encrypted", cipher.doFinal(new byte[1000]).length);
    RESULTS.put("uuid", UUID.randomUUID().toString());
    RESULTS.put("big", BigInteger.TWO.pow(521).subtract(BigInteger.ONE).isProbablePrime(20));
  }

  private static void text() {
    DateTimeFormatter format =
        DateTimeFormatter.ofPattern("EEEE d MMMM uuuu HH:mm z", Locale.FRANCE);
    RESULTS.put(
        "date",
        ZonedDateTime.of(2025, 3, 1, 12, 0, 0, 0, ZoneId.of("Europe/Paris")).format(format));
    RESULTS.put("money", NumberFormat.getCurrencyInstance(Locale.GERMANY).format(1234.5));
    RESULTS.put(
        "message", MessageFormat.format("{0} orders on {1,date}", 3, new java.util.Date(0)));
    RESULTS.put(
        "scaled", new BigDecimal("10").divide(new BigDecimal("3"), 10, RoundingMode.HALF_EVEN));
    Matcher m = Pattern.compile("(\\w+)-(\\d+)").matcher("customer-12 customer-7");
    List<String> found = new ArrayList<>();
    while (m.find()) {
      found.add(m.group(2));
    }
    RESULTS.put("regex", found);
    RESULTS.put(
        "joined",
        IntStream.range(0, 100)
            .boxed()
            .collect(Collectors.groupingBy(i -> i % 3, Collectors.summingInt(i -> i))));
    RESULTS.put("formatted", String.format(Locale.ROOT, "%08.3f|%-10s|%x", Math.PI, "x", 255));
    Logger logger = Logger.getLogger("io.heapcapture.orders");
    ByteArrayOutputStream logged = new ByteArrayOutputStream();
    StreamHandler handler = new StreamHandler(logged, new java.util.logging.SimpleFormatter());
    logger.setUseParentHandlers(false);
    logger.addHandler(handler);
    logger.info("started with " + CUSTOMERS.length + " customers");
    handler.flush();
    RESULTS.put("logger", logger);
  }

  private static void io() throws Exception {
    Path dir = Files.createTempDirectory("realistic-app");
    try {
      Properties properties = new Properties();
      properties.setProperty("orders.max", "100");
      Path file = dir.resolve("app.properties");
      try (OutputStream out = Files.newOutputStream(file)) {
        properties.store(out, "settings");
      }
      ByteArrayOutputStream zipped = new ByteArrayOutputStream();
      try (GZIPOutputStream gz = new GZIPOutputStream(zipped)) {
        gz.write(Files.readAllBytes(file));
      }
      try (GZIPInputStream in =
          new GZIPInputStream(new ByteArrayInputStream(zipped.toByteArray()))) {
        RESULTS.put("gunzipped", in.readAllBytes().length);
      }
      Map<String, Object> state = new HashMap<>();
      state.put("when", Instant.EPOCH);
      state.put("list", new ArrayList<>(List.of(1, 2, 3)));
      ByteArrayOutputStream serialized = new ByteArrayOutputStream();
      try (ObjectOutputStream out = new ObjectOutputStream(serialized)) {
        out.writeObject(state);
      }
      try (ObjectInputStream in =
          new ObjectInputStream(new ByteArrayInputStream(serialized.toByteArray()))) {
        RESULTS.put("deserialized", in.readObject());
      }
      try (var files = Files.walk(dir)) {
        RESULTS.put("files", files.count());
      }
    } finally {
      try (var files = Files.walk(dir)) {
        for (Path p : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
          Files.delete(p);
        }
      }
    }
  }
}

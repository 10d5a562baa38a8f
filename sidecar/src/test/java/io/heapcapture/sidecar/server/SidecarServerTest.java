package io.heapcapture.sidecar.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.core.type.TypeReference;
import io.heapcapture.sidecar.CaptureException;
import io.heapcapture.sidecar.api.ArmedPolicy;
import io.heapcapture.sidecar.api.ArmedRules;
import io.heapcapture.sidecar.api.CaptureKind;
import io.heapcapture.sidecar.api.CaptureOrigin;
import io.heapcapture.sidecar.api.CapturePhase;
import io.heapcapture.sidecar.api.CaptureRequest;
import io.heapcapture.sidecar.api.CaptureState;
import io.heapcapture.sidecar.api.Condition;
import io.heapcapture.sidecar.api.Failure;
import io.heapcapture.sidecar.api.FailureReason;
import io.heapcapture.sidecar.api.Rule;
import io.heapcapture.sidecar.api.RulePhase;
import io.heapcapture.sidecar.api.RuleSet;
import io.heapcapture.sidecar.api.SidecarApi;
import io.heapcapture.sidecar.api.UploadInstruction;
import io.heapcapture.sidecar.api.UploadedPart;
import io.heapcapture.sidecar.api.WireJson;
import io.heapcapture.sidecar.capture.CaptureRegistry;
import io.heapcapture.sidecar.capture.DumpTaker;
import io.heapcapture.sidecar.dump.HeapDump;
import io.heapcapture.sidecar.memory.Reading;
import io.heapcapture.sidecar.process.JvmOptions;
import io.heapcapture.sidecar.process.JvmProcess;
import io.heapcapture.sidecar.process.TargetProcess;
import io.heapcapture.sidecar.tls.SidecarTls;
import io.heapcapture.sidecar.tls.TestAuthority;
import io.heapcapture.sidecar.tls.TestClients;
import io.heapcapture.sidecar.tls.TrustedClients;
import io.heapcapture.sidecar.trigger.DumpRoom;
import io.heapcapture.sidecar.trigger.RuleEngine;
import io.heapcapture.sidecar.upload.DumpUploader;
import io.heapcapture.sidecar.upload.PartPublisher;
import io.heapcapture.sidecar.upload.UploadEndpoints;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The sidecar's HTTPS API over a real registry; only the JVM and the store are faked. */
class SidecarServerTest {
  private static final TestAuthority OPERATOR_CA = TestAuthority.create("heapcapture-sidecar-ca");
  private static final HttpClient OPERATOR =
      TestClients.https(OPERATOR_CA.issueClient("heapcapture-operator"));
  private static final HttpClient NO_CERTIFICATE = TestClients.https(null);
  private static final String ID = "hc-0123456789abcdef";
  private static final UploadInstruction INSTRUCTION =
      new UploadInstruction(
          UploadInstruction.MIN_PART_SIZE, List.of("https://store/part/1", "https://store/part/2"));

  @TempDir Path dumpDir;

  private final FakeDumpTaker jvm = new FakeDumpTaker();
  private final AtomicInteger publishedParts = new AtomicInteger();
  private volatile boolean storeRefusesParts;
  private volatile double heapUsedPercent = 50;
  private ExecutorService workers;
  private SidecarServer server;

  @BeforeEach
  void start() throws IOException {
    workers = Executors.newCachedThreadPool();
    CaptureRegistry registry =
        new CaptureRegistry(
            jvm,
            new DumpUploader(),
            instruction -> store(),
            UploadEndpoints.parse("https://store"),
            workers,
            Clock.systemUTC());
    TrustedClients clients = TrustedClients.fromPem(OPERATOR_CA.pem());
    RuleEngine rules =
        new RuleEngine(
            jvm,
            (condition, pid) -> Reading.of(heapUsedPercent),
            registry,
            new DumpRoom(dumpDir, 0),
            Clock.systemUTC());
    server =
        new SidecarServer(
            new InetSocketAddress("127.0.0.1", 0),
            registry,
            rules,
            SidecarTls.serverContext(clients, Instant.now()),
            clients);
    server.start();
  }

  @AfterEach
  void stop() {
    jvm.release();
    server.close();
    workers.shutdownNow();
  }

  @Test
  void refusesRequestsWithoutAClientCertificate() throws Exception {
    assertThat(send("POST", SidecarApi.CAPTURES, request(ID), NO_CERTIFICATE).statusCode())
        .isEqualTo(401);
    assertThat(send("GET", SidecarApi.capturePath(ID), null, NO_CERTIFICATE).statusCode())
        .isEqualTo(401);
    assertThat(send("GET", SidecarApi.HEALTH, null, NO_CERTIFICATE).statusCode()).isEqualTo(200);
    assertThat(jvm.dumps()).isZero();
  }

  @Test
  void refusesACertificateFromAnotherCa() throws Exception {
    TestAuthority stranger = TestAuthority.create("heapcapture-sidecar-ca");
    HttpClient impostor = TestClients.https(stranger.issueClient("heapcapture-operator"));

    assertThat(send("POST", SidecarApi.CAPTURES, request(ID), impostor).statusCode())
        .isEqualTo(401);
    assertThat(send("GET", SidecarApi.capturePath(ID), null, impostor).statusCode()).isEqualTo(401);
    assertThat(jvm.dumps()).isZero();
  }

  @Test
  void refusesAnExpiredCertificateFromTheOperatorsCa() throws Exception {
    Instant now = Instant.now();
    HttpClient expired =
        TestClients.https(
            OPERATOR_CA.issueClient(
                "heapcapture-operator",
                now.minus(Duration.ofDays(2)),
                now.minus(Duration.ofDays(1))));

    assertThat(send("POST", SidecarApi.CAPTURES, request(ID), expired).statusCode()).isEqualTo(401);
    assertThat(jvm.dumps()).isZero();
  }

  @Test
  void anUploadToAnUnpinnedHostIsRefusedAndNothingIsUploaded() throws Exception {
    send("POST", SidecarApi.CAPTURES, request(ID), OPERATOR);
    awaitPhase(CapturePhase.DUMPED);
    UploadInstruction elsewhere =
        new UploadInstruction(
            UploadInstruction.MIN_PART_SIZE,
            List.of("https://store/part/1", "https://attacker.example/part/2?X-Amz-Signature=s"));

    HttpResponse<String> refused = send("POST", SidecarApi.uploadPath(ID), elsewhere, OPERATOR);

    assertThat(refused.statusCode()).isEqualTo(403);
    assertThat(refused.body()).contains("\"EndpointNotAllowed\"").doesNotContain("Signature");
    assertThat(failure(refused).reason()).isEqualTo(FailureReason.ENDPOINT_NOT_ALLOWED);
    CaptureState failed = stateOf(ID);
    assertThat(failed.phase()).isEqualTo(CapturePhase.FAILED);
    assertThat(failed.failure().message()).contains("https://attacker.example:443");
    assertThat(publishedParts).hasValue(0);
    assertThat(dumpFile()).doesNotExist();
  }

  @Test
  void aCaptureIsAcceptedAndDumpedInTheBackground() throws Exception {
    HttpResponse<String> accepted = send("POST", SidecarApi.CAPTURES, request(ID), OPERATOR);

    assertThat(accepted.statusCode()).isEqualTo(202);
    assertThat(state(accepted).id()).isEqualTo(ID);
    CaptureState dumped = awaitPhase(CapturePhase.DUMPED);
    assertThat(dumped.pid()).isEqualTo(FakeDumpTaker.PID);
    assertThat(dumped.rawBytes()).isEqualTo(FakeDumpTaker.CONTENT.length);
    assertThat(dumped.pauseMillis()).isEqualTo(120L);
    assertThat(dumpFile()).exists();
  }

  @Test
  void askingAgainWithTheSameIdDoesNotDumpAgain() throws Exception {
    jvm.hold();
    assertThat(send("POST", SidecarApi.CAPTURES, request(ID), OPERATOR).statusCode())
        .isEqualTo(202);
    assertThat(send("POST", SidecarApi.CAPTURES, request(ID), OPERATOR).statusCode())
        .isEqualTo(202);
    jvm.release();
    awaitPhase(CapturePhase.DUMPED);

    HttpResponse<String> again = send("POST", SidecarApi.CAPTURES, request(ID), OPERATOR);

    assertThat(state(again).phase()).isEqualTo(CapturePhase.DUMPED);
    assertThat(jvm.dumps()).isEqualTo(1);
  }

  @Test
  void anUploadBeforeTheDumpIsWrittenIsABadRequest() throws Exception {
    jvm.hold();
    send("POST", SidecarApi.CAPTURES, request(ID), OPERATOR);

    HttpResponse<String> early = send("POST", SidecarApi.uploadPath(ID), INSTRUCTION, OPERATOR);

    assertThat(early.statusCode()).isEqualTo(400);
    assertThat(failure(early).reason()).isEqualTo(FailureReason.BAD_REQUEST);
  }

  @Test
  void anUploadStoresThePartsAndDeletesTheLocalDump() throws Exception {
    send("POST", SidecarApi.CAPTURES, request(ID), OPERATOR);
    awaitPhase(CapturePhase.DUMPED);

    HttpResponse<String> upload = send("POST", SidecarApi.uploadPath(ID), INSTRUCTION, OPERATOR);

    assertThat(upload.statusCode()).isEqualTo(200);
    CaptureState uploaded = awaitPhase(CapturePhase.UPLOADED);
    assertThat(uploaded.upload().parts()).extracting(UploadedPart::partNumber).containsExactly(1);
    assertThat(uploaded.upload().storedBytes()).isPositive();
    assertThat(uploaded.upload().sha256()).hasSize(64);
    assertThat(publishedParts).hasValue(1);
    assertThat(dumpFile()).doesNotExist();
  }

  @Test
  void aFailedUploadFailsTheCaptureAndDeletesTheLocalDump() throws Exception {
    storeRefusesParts = true;
    send("POST", SidecarApi.CAPTURES, request(ID), OPERATOR);
    awaitPhase(CapturePhase.DUMPED);

    send("POST", SidecarApi.uploadPath(ID), INSTRUCTION, OPERATOR);

    CaptureState failed = awaitPhase(CapturePhase.FAILED);
    assertThat(failed.failure().reason()).isEqualTo(FailureReason.UPLOAD_FAILED);
    assertThat(dumpFile()).doesNotExist();
  }

  @Test
  void partsSmallerThanS3AllowsAreABadRequest() throws Exception {
    send("POST", SidecarApi.CAPTURES, request(ID), OPERATOR);
    awaitPhase(CapturePhase.DUMPED);

    HttpResponse<String> tooSmall =
        send(
            "POST",
            SidecarApi.uploadPath(ID),
            new UploadInstruction(1024, INSTRUCTION.partUrls()),
            OPERATOR);

    assertThat(tooSmall.statusCode()).isEqualTo(400);
    assertThat(stateOf(ID).phase()).isEqualTo(CapturePhase.DUMPED);
  }

  @Test
  void deleteForgetsTheCaptureAndItsFile() throws Exception {
    send("POST", SidecarApi.CAPTURES, request(ID), OPERATOR);
    awaitPhase(CapturePhase.DUMPED);

    assertThat(send("DELETE", SidecarApi.capturePath(ID), null, OPERATOR).statusCode())
        .isEqualTo(204);

    assertThat(send("GET", SidecarApi.capturePath(ID), null, OPERATOR).statusCode()).isEqualTo(404);
    assertThat(send("DELETE", SidecarApi.capturePath(ID), null, OPERATOR).statusCode())
        .isEqualTo(404);
    assertThat(dumpFile()).doesNotExist();
  }

  @Test
  void aJvmThatRefusesAttachFailsTheCaptureWithThatReason() throws Exception {
    jvm.failWith(
        new CaptureException(
            FailureReason.ATTACH_DISABLED, "the JVM runs with -XX:+DisableAttachMechanism"));

    assertThat(send("POST", SidecarApi.CAPTURES, request(ID), OPERATOR).statusCode())
        .isEqualTo(202);

    CaptureState failed = awaitPhase(CapturePhase.FAILED);
    assertThat(failed.failure())
        .isEqualTo(
            new Failure(
                FailureReason.ATTACH_DISABLED, "the JVM runs with -XX:+DisableAttachMechanism"));
  }

  @Test
  void anIdThatIsNoSafeFileNameIsABadRequest() throws Exception {
    HttpResponse<String> response = send("POST", SidecarApi.CAPTURES, request("../x"), OPERATOR);

    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(failure(response).reason()).isEqualTo(FailureReason.BAD_REQUEST);
    assertThat(jvm.dumps()).isZero();
  }

  @Test
  void rulesAreArmedListedAndDisarmedOnlyByTheOperator() throws Exception {
    assertThat(send("PUT", SidecarApi.RULES, ruleSet("leak-watch"), NO_CERTIFICATE).statusCode())
        .isEqualTo(401);
    assertThat(send("GET", SidecarApi.RULES, null, NO_CERTIFICATE).statusCode()).isEqualTo(401);
    assertThat(
            send("DELETE", SidecarApi.rulesPath("leak-watch"), null, NO_CERTIFICATE).statusCode())
        .isEqualTo(401);

    HttpResponse<String> armed = send("PUT", SidecarApi.RULES, ruleSet("leak-watch"), OPERATOR);

    assertThat(armed.statusCode()).isEqualTo(200);
    ArmedPolicy policy = WireJson.mapper().readValue(armed.body(), ArmedPolicy.class);
    assertThat(policy.policy()).isEqualTo("leak-watch");
    assertThat(policy.generation()).isEqualTo(3);
    assertThat(policy.rules())
        .singleElement()
        .satisfies(
            rule -> {
              assertThat(rule.name()).isEqualTo("heap-high");
              assertThat(rule.phase()).isEqualTo(RulePhase.ARMED);
              assertThat(rule.value()).isEqualTo(50.0);
            });
    ArmedRules all =
        WireJson.mapper()
            .readValue(send("GET", SidecarApi.RULES, null, OPERATOR).body(), ArmedRules.class);
    assertThat(all.policies()).extracting(ArmedPolicy::policy).containsExactly("leak-watch");

    assertThat(send("DELETE", SidecarApi.rulesPath("leak-watch"), null, OPERATOR).statusCode())
        .isEqualTo(204);
    assertThat(send("DELETE", SidecarApi.rulesPath("leak-watch"), null, OPERATOR).statusCode())
        .isEqualTo(404);
    assertThat(
            WireJson.mapper()
                .readValue(send("GET", SidecarApi.RULES, null, OPERATOR).body(), ArmedRules.class)
                .policies())
        .isEmpty();
  }

  @Test
  void rulesWithTheSameNameTwiceAreABadRequest() throws Exception {
    Rule rule = ruleSet("p").rules().get(0);
    RuleSet twice =
        new RuleSet(
            "p",
            "uid",
            1,
            "app",
            null,
            null,
            CaptureKind.HEAP_DUMP_LIVE,
            List.of(rule, rule),
            false);

    HttpResponse<String> response = send("PUT", SidecarApi.RULES, twice, OPERATOR);

    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(failure(response).reason()).isEqualTo(FailureReason.BAD_REQUEST);
  }

  @Test
  void theCaptureListHoldsTheOperatorsAndTheSidecarsOwnCaptures() throws Exception {
    assertThat(send("GET", SidecarApi.CAPTURE_LIST, null, NO_CERTIFICATE).statusCode())
        .isEqualTo(401);
    send("POST", SidecarApi.CAPTURES, request(ID), OPERATOR);
    awaitPhase(CapturePhase.DUMPED);
    heapUsedPercent = 95;

    // Arming evaluates the rule at once: above the mark with no hold, it fires.
    send("PUT", SidecarApi.RULES, ruleSet("leak-watch"), OPERATOR);

    List<CaptureState> listed =
        await()
            .atMost(Duration.ofSeconds(20))
            .until(
                () ->
                    WireJson.mapper()
                        .readValue(
                            send("GET", SidecarApi.CAPTURE_LIST, null, OPERATOR).body(),
                            new TypeReference<List<CaptureState>>() {}),
                list ->
                    list.size() == 2
                        && list.stream().allMatch(c -> c.phase() == CapturePhase.DUMPED));
    assertThat(listed)
        .extracting(CaptureState::origin)
        .containsExactlyInAnyOrder(CaptureOrigin.OPERATOR, CaptureOrigin.RULE);
    CaptureState local = listed.stream().filter(CaptureState::isLocal).findFirst().orElseThrow();
    assertThat(local.policy()).isEqualTo("leak-watch");
    assertThat(local.rule()).isEqualTo("heap-high");

    // The operator adopts it by id: the same capture comes back, nothing is dumped again.
    HttpResponse<String> adopted = send("POST", SidecarApi.CAPTURES, request(local.id()), OPERATOR);
    assertThat(state(adopted).origin()).isEqualTo(CaptureOrigin.RULE);
    assertThat(jvm.dumps()).isEqualTo(2);
  }

  private static RuleSet ruleSet(String policy) {
    return new RuleSet(
        policy,
        "uid-" + policy,
        3,
        "app",
        null,
        null,
        CaptureKind.HEAP_DUMP_LIVE,
        List.of(
            new Rule(
                "heap-high",
                Condition.HEAP_USED_PERCENT,
                90,
                Duration.ZERO,
                Duration.ofMinutes(5),
                null,
                null,
                0,
                null)),
        false);
  }

  private PartPublisher store() {
    return (partNumber, data, length) -> {
      if (storeRefusesParts) {
        throw new IOException("HTTP 403 to part " + partNumber);
      }
      publishedParts.incrementAndGet();
      return new UploadedPart(partNumber, "\"etag-" + partNumber + "\"", length);
    };
  }

  private CaptureState awaitPhase(CapturePhase phase) {
    return await().atMost(Duration.ofSeconds(20)).until(() -> stateOf(ID), s -> s.phase() == phase);
  }

  private CaptureState stateOf(String id) throws Exception {
    HttpResponse<String> response = send("GET", SidecarApi.capturePath(id), null, OPERATOR);
    assertThat(response.statusCode()).isEqualTo(200);
    return state(response);
  }

  private HttpResponse<String> send(String method, String path, Object body, HttpClient client)
      throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + server.address().getPort() + path))
            .timeout(Duration.ofSeconds(10))
            .method(
                method,
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofByteArray(
                        WireJson.mapper().writeValueAsBytes(body)));
    return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  private Path dumpFile() {
    return dumpDir.resolve(ID + ".hprof");
  }

  private static CaptureRequest request(String id) {
    return new CaptureRequest(id, "app", null, null, CaptureKind.HEAP_DUMP_LIVE);
  }

  private static CaptureState state(HttpResponse<String> response) throws IOException {
    return WireJson.mapper().readValue(response.body(), CaptureState.class);
  }

  private static Failure failure(HttpResponse<String> response) throws IOException {
    return WireJson.mapper().readValue(response.body(), Failure.class);
  }

  /** Writes a small file as the JVM would; can hold the dump back or refuse attach. */
  private final class FakeDumpTaker implements DumpTaker {
    static final long PID = 42;
    static final byte[] CONTENT = "JAVA PROFILE 1.0.2\0 a very small heap".getBytes();

    private final AtomicInteger dumps = new AtomicInteger();
    private volatile CountDownLatch gate = new CountDownLatch(0);
    private volatile CaptureException failure;

    void hold() {
      gate = new CountDownLatch(1);
    }

    void release() {
      gate.countDown();
    }

    void failWith(CaptureException e) {
      failure = e;
    }

    int dumps() {
      return dumps.get();
    }

    @Override
    public JvmProcess select(CaptureRequest request) throws CaptureException {
      if (failure != null) {
        throw failure;
      }
      return new JvmProcess(
          PID, 1, 1000, 1000, "java -jar app.jar", 4, "", new JvmOptions(List.of()), dumpDir);
    }

    @Override
    public HeapDump dump(TargetProcess process, CaptureRequest request) throws CaptureException {
      try {
        if (!gate.await(30, TimeUnit.SECONDS)) {
          throw new CaptureException(FailureReason.DUMP_FAILED, "the test never released it");
        }
        dumps.incrementAndGet();
        Path file = Files.write(dumpDir.resolve(request.id() + ".hprof"), CONTENT);
        return new HeapDump(file, CONTENT.length, Duration.ofMillis(120));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new CaptureException(FailureReason.INTERNAL, "interrupted");
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }
}

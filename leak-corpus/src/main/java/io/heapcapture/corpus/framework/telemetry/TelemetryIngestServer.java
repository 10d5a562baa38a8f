package io.heapcapture.corpus.framework.telemetry;

import io.heapcapture.corpus.framework.ScenarioHarness;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;

/**
 * A telemetry ingest server on Netty 4.2 (NIO transport, HTTP codec and aggregator): devices open a
 * connection, post a batch of sensor readings and the server answers and closes the connection.
 *
 * <p><b>What leaks</b>: one {@link DeviceSession} per connection ever made, kept in {@link
 * ConnectionRegistry#sessions} after the connection closed, because the registry removes sessions
 * by another key than it adds them with; each holds its closed {@code NioSocketChannel} (pipeline,
 * handlers, JDK socket) and its last batch of readings. <b>The traps</b>: the sessions are
 * outnumbered and outweighed by what they hold: 60 {@link Reading}s each (an application class too,
 * but the content of a session, not what accumulates) and Netty's and the JDK's channel objects;
 * and the {@link DeviceDirectory}, 250,000 device profiles, is the biggest retainer in both dumps.
 * <b>The diagnosis</b>: {@code DeviceSession} accumulates, held by {@code
 * ConnectionRegistry.sessions}.
 *
 * <p>Four device-simulating client threads post 60-reading batches, one connection each. Run:
 * {@code TelemetryIngestServer <baseline.hprof> <later.hprof>}.
 */
public final class TelemetryIngestServer {
  private static final int CLIENTS = 4;
  private static final int READINGS_PER_BATCH = 60;
  private static final int WARMUP_BATCHES = 400;
  private static final int LEAK_BATCHES = 1_600;
  private static final String[] SENSORS = {
    "temperature", "humidity", "pressure", "co2", "voltage", "current"
  };

  private TelemetryIngestServer() {}

  public static void main(String[] args) throws Exception {
    ScenarioHarness.log("starting");
    DeviceDirectory directory = new DeviceDirectory();
    ConnectionRegistry registry = new ConnectionRegistry();
    EventLoopGroup boss = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    EventLoopGroup workers = new MultiThreadIoEventLoopGroup(2, NioIoHandler.newFactory());
    int exit = 1;
    try {
      Channel server =
          new ServerBootstrap()
              .group(boss, workers)
              .channel(NioServerSocketChannel.class)
              .childHandler(
                  new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                      ch.pipeline()
                          .addLast("http", new HttpServerCodec())
                          .addLast("aggregator", new HttpObjectAggregator(1 << 20))
                          .addLast("ingest", new IngestHandler(registry, directory));
                    }
                  })
              .bind(new InetSocketAddress("127.0.0.1", 0))
              .sync()
              .channel();
      int port = ((InetSocketAddress) server.localAddress()).getPort();
      ScenarioHarness.log("started");
      URI ingest = URI.create("http://127.0.0.1:" + port + "/ingest");
      List<HttpClient> devices = ScenarioHarness.clients(CLIENTS);
      ScenarioHarness.drive(
          "warmup", devices, WARMUP_BATCHES, (http, c, i) -> post(http, ingest, c, i));
      ScenarioHarness.dumpHeap(args[0]);
      ScenarioHarness.drive(
          "leak", devices, LEAK_BATCHES, (http, c, i) -> post(http, ingest, c, i + WARMUP_BATCHES));
      ScenarioHarness.dumpHeap(args[1]);
      ScenarioHarness.log("sessions kept: " + registry.size());
      System.out.println("done");
      server.close().sync();
      exit = 0;
    } catch (Exception e) {
      e.printStackTrace();
    } finally {
      boss.shutdownGracefully(0, 1, java.util.concurrent.TimeUnit.SECONDS);
      workers.shutdownGracefully(0, 1, java.util.concurrent.TimeUnit.SECONDS).await(5_000);
      System.exit(exit);
    }
  }

  private static void post(HttpClient http, URI ingest, int client, int batch) throws Exception {
    int device = (client * 100_003 + batch * 61) % DeviceDirectory.DEVICES;
    long now = System.currentTimeMillis();
    StringBuilder body = new StringBuilder(READINGS_PER_BATCH * 32);
    for (int r = 0; r < READINGS_PER_BATCH; r++) {
      body.append(SENSORS[r % SENSORS.length])
          .append(',')
          .append(now - r * 1000L)
          .append(',')
          .append(20.0 + ((device + r) % 400) / 10.0)
          .append('\n');
    }
    HttpResponse<String> response =
        http.send(
            HttpRequest.newBuilder(ingest)
                .header("X-Device-Id", DeviceDirectory.deviceId(device))
                .POST(HttpRequest.BodyPublishers.ofString(body.toString()))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() != 202) {
      throw new IllegalStateException("POST /ingest: " + response.statusCode());
    }
  }
}

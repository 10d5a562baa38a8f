package io.heapcapture.corpus.framework.telemetry;

import io.netty.channel.Channel;
import java.time.Instant;
import java.util.List;

/**
 * What the ingest server knows about one device connection: what accumulates in {@link
 * ConnectionRegistry#sessions}, each holding its (closed) Netty channel and the last batch of
 * readings.
 */
public final class DeviceSession {
  private final String connectionId;
  private final Channel channel;
  private final String remoteAddress;
  private final Instant connectedAt = Instant.now();
  private volatile DeviceProfile device;
  private volatile List<Reading> lastBatch = List.of();
  private volatile long batches;

  public DeviceSession(String connectionId, Channel channel) {
    this.connectionId = connectionId;
    this.channel = channel;
    this.remoteAddress = String.valueOf(channel.remoteAddress());
  }

  public void received(DeviceProfile device, List<Reading> batch) {
    this.device = device;
    this.lastBatch = batch;
    batches++;
  }

  public String connectionId() {
    return connectionId;
  }

  public Channel channel() {
    return channel;
  }

  public String remoteAddress() {
    return remoteAddress;
  }

  public Instant connectedAt() {
    return connectedAt;
  }

  public DeviceProfile device() {
    return device;
  }

  public List<Reading> lastBatch() {
    return lastBatch;
  }

  public long batches() {
    return batches;
  }
}

package io.heapcapture.corpus.framework.telemetry;

import io.netty.channel.Channel;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The open device connections, for the operations console. <b>The leak</b>: {@link #open} keys a
 * session by the channel id's long text, {@link #closed} removes by its short text, so no session
 * is ever removed and every closed connection's session and channel stay.
 */
public final class ConnectionRegistry {
  private final Map<String, DeviceSession> sessions = new ConcurrentHashMap<>();

  public DeviceSession open(Channel channel) {
    DeviceSession session = new DeviceSession(channel.id().asLongText(), channel);
    sessions.put(session.connectionId(), session);
    return session;
  }

  public void closed(Channel channel) {
    sessions.remove(channel.id().asShortText());
  }

  public int size() {
    return sessions.size();
  }
}

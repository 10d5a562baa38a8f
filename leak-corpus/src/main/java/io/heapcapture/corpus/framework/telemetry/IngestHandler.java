package io.heapcapture.corpus.framework.telemetry;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code POST /ingest} with header {@code X-Device-Id} and one reading per line ({@code
 * sensor,timestampMillis,value}); answers and closes the connection, as the devices expect.
 */
public final class IngestHandler extends SimpleChannelInboundHandler<FullHttpRequest> {
  private final ConnectionRegistry registry;
  private final DeviceDirectory directory;
  private DeviceSession session;

  public IngestHandler(ConnectionRegistry registry, DeviceDirectory directory) {
    this.registry = registry;
    this.directory = directory;
  }

  @Override
  public void channelActive(ChannelHandlerContext ctx) throws Exception {
    session = registry.open(ctx.channel());
    super.channelActive(ctx);
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) throws Exception {
    registry.closed(ctx.channel());
    super.channelInactive(ctx);
  }

  @Override
  protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
    if (!HttpMethod.POST.equals(request.method()) || !request.uri().equals("/ingest")) {
      respond(ctx, HttpResponseStatus.NOT_FOUND, "not found");
      return;
    }
    DeviceProfile device = directory.profile(request.headers().get("X-Device-Id", ""));
    if (device == null) {
      respond(ctx, HttpResponseStatus.FORBIDDEN, "unknown device");
      return;
    }
    String body = request.content().toString(StandardCharsets.US_ASCII);
    List<Reading> batch = new ArrayList<>();
    for (String line : body.split("\n")) {
      String[] fields = line.split(",");
      if (fields.length == 3) {
        batch.add(
            new Reading(
                fields[0].intern(), Long.parseLong(fields[1]), Double.parseDouble(fields[2])));
      }
    }
    session.received(device, batch);
    respond(ctx, HttpResponseStatus.ACCEPTED, "{\"accepted\":" + batch.size() + "}");
  }

  private static void respond(ChannelHandlerContext ctx, HttpResponseStatus status, String text) {
    FullHttpResponse response =
        new DefaultFullHttpResponse(
            HttpVersion.HTTP_1_1, status, Unpooled.copiedBuffer(text, StandardCharsets.UTF_8));
    response.headers().set(HttpHeaderNames.CONTENT_TYPE, "application/json");
    response.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, response.content().readableBytes());
    response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
    ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    ctx.close();
  }
}

package io.heapcapture.corpus.jvm.notifications;

import io.heapcapture.corpus.jvm.HeapDumps;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Sends order and shipping e-mails: order events render a message and hand it to a one-thread mail
 * executor, which sends through a rate-limited SMTP relay (Guava {@code RateLimiter}).
 *
 * <p><b>Leak:</b> events arrive at about 3,000 a second, the relay takes 300; the executor's
 * unbounded {@code LinkedBlockingQueue} grows by tens of thousands of {@link EmailDeliveryTask}s,
 * each with its ~2 KiB rendered body. <b>Trap:</b> the {@code RecipientDirectory} (150,000
 * contacts) is large and stable, and the queue is a JDK class deep inside the executor. <b>Expected
 * diagnosis:</b> {@code EmailDeliveryTask} objects accumulate in {@code
 * ThreadPoolExecutor.workQueue}, the field that holds the backlog (the executor is this class's
 * {@code mailExecutor}); a fix bounds that queue or applies back-pressure.
 */
public final class NotificationDispatcher {
  private final RecipientDirectory directory;
  private final SmtpRelay relay = new SmtpRelay();
  private final ThreadPoolExecutor mailExecutor =
      new ThreadPoolExecutor(
          1,
          1,
          0,
          TimeUnit.MILLISECONDS,
          new LinkedBlockingQueue<>(),
          HeapDumps.named("mail-sender"));
  private final AtomicLong events = new AtomicLong();

  NotificationDispatcher(RecipientDirectory directory) {
    this.directory = directory;
  }

  void onOrderEvent(long orderId) {
    CustomerContact to = directory.find((int) (orderId * 31));
    String subject = "Your order " + orderId + " has shipped";
    StringBuilder body = new StringBuilder(2200);
    body.append("<html><body><p>Dear ").append(to.displayName()).append(",</p>");
    for (int line = 0; line < 12; line++) {
      body.append("<tr><td>Item ")
          .append(line)
          .append(" of order ")
          .append(orderId)
          .append("</td><td>1 x 19.99 EUR</td><td>in transit</td></tr>\n");
    }
    body.append("</body></html>");
    mailExecutor.execute(
        new EmailDeliveryTask(
            to.email(),
            subject,
            body.toString(),
            Map.of(
                "X-Order",
                Long.toString(orderId),
                "List-Unsubscribe",
                "<mailto:unsub@example.org>"),
            relay));
    events.incrementAndGet();
  }

  public static void main(String[] args) throws Exception {
    NotificationDispatcher dispatcher = new NotificationDispatcher(new RecipientDirectory(150_000));
    ScheduledExecutorService consumers =
        Executors.newScheduledThreadPool(2, HeapDumps.named("order-events-consumer"));
    AtomicLong orders = new AtomicLong(1_000_000);
    consumers.scheduleAtFixedRate(
        () -> {
          for (int i = 0; i < 15 + ThreadLocalRandom.current().nextInt(2); i++) {
            dispatcher.onOrderEvent(orders.incrementAndGet());
          }
        },
        0,
        5,
        TimeUnit.MILLISECONDS);
    HeapDumps.baselineAndLater(
        args, 1_500, 5_000, "queued", () -> dispatcher.mailExecutor.getQueue().size());
    System.out.println("sent " + dispatcher.relay.sent.get() + " of " + dispatcher.events.get());
    System.out.println("done");
    HeapDumps.shutdown(consumers, dispatcher.mailExecutor);
  }
}

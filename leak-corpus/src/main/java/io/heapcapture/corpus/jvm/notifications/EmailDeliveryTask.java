package io.heapcapture.corpus.jvm.notifications;

import java.util.Map;

/** One e-mail to send: the rendered message, waiting for the SMTP relay. */
public final class EmailDeliveryTask implements Runnable {
  final String recipient;
  final String subject;
  final String htmlBody;
  final Map<String, String> headers;
  private final SmtpRelay relay;

  EmailDeliveryTask(
      String recipient,
      String subject,
      String htmlBody,
      Map<String, String> headers,
      SmtpRelay relay) {
    this.recipient = recipient;
    this.subject = subject;
    this.htmlBody = htmlBody;
    this.headers = headers;
    this.relay = relay;
  }

  @Override
  public void run() {
    relay.send(recipient, subject, htmlBody);
  }
}

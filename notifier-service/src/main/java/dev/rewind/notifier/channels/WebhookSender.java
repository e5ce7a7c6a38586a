package dev.rewind.notifier.channels;

import java.nio.charset.StandardCharsets;

import jakarta.enterprise.context.ApplicationScoped;

import dev.rewind.events.Channel;
import dev.rewind.events.codec.CloudEventCodec;
import dev.rewind.notifier.delivery.DeliveryRecord;

/** A generic webhook: the CloudEvent itself, in structured JSON mode, as on the topic. */
@ApplicationScoped
public class WebhookSender implements Sender {
    private final HttpPoster http;

    public WebhookSender(HttpPoster http) {
        this.http = http;
    }

    @Override
    public Channel channel() {
        return Channel.WEBHOOK;
    }

    @Override
    public void send(DeliveryRecord delivery) throws DeliveryFailure {
        http.post(delivery.address, CloudEventCodec.STRUCTURED_CONTENT_TYPE, delivery.body.getBytes(StandardCharsets.UTF_8));
    }
}

package dev.rewind.notifier.channels;

import dev.rewind.notifier.delivery.DeliveryRecord;
import dev.rewind.notifier.routing.Channel;

/** Speaks one channel's protocol. */
public interface Sender {
    Channel channel();

    /** Returns normally when the far end accepted the message. */
    void send(DeliveryRecord delivery) throws DeliveryFailure;
}

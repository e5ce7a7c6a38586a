package dev.rewind.notifier.channels;

import dev.rewind.events.Channel;
import dev.rewind.notifier.delivery.DeliveryRecord;

/** Speaks one channel's protocol. */
public interface Sender {
    Channel channel();

    /** Returns normally when the far end accepted the message. */
    void send(DeliveryRecord delivery) throws DeliveryFailure;
}

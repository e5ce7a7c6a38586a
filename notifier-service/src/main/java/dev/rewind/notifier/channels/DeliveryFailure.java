package dev.rewind.notifier.channels;

import java.time.Duration;
import java.util.Optional;

/** A delivery that did not go through: transient (worth retrying, perhaps after a delay the server asked for) or permanent. */
public class DeliveryFailure extends Exception {
    private final boolean permanent;
    private final Duration retryAfter;

    private DeliveryFailure(String reason, boolean permanent, Duration retryAfter) {
        super(reason, null, false, false);
        this.permanent = permanent;
        this.retryAfter = retryAfter;
    }

    public static DeliveryFailure transientFailure(String reason, Duration retryAfter) {
        return new DeliveryFailure(reason, false, retryAfter);
    }

    public static DeliveryFailure permanent(String reason) {
        return new DeliveryFailure(reason, true, null);
    }

    public boolean isPermanent() {
        return permanent;
    }

    public Optional<Duration> retryAfter() {
        return Optional.ofNullable(retryAfter);
    }
}

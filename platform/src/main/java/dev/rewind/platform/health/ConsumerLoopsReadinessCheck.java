package dev.rewind.platform.health;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

import dev.rewind.platform.messaging.EventLoop;
import dev.rewind.platform.messaging.EventSubscriptions;

/** Ready only while every consumer loop of the service runs: one that is restarting after a failure is DOWN. */
@Readiness
@ApplicationScoped
public class ConsumerLoopsReadinessCheck implements HealthCheck {
    private final EventSubscriptions subscriptions;

    public ConsumerLoopsReadinessCheck(EventSubscriptions subscriptions) {
        this.subscriptions = subscriptions;
    }

    @Override
    public HealthCheckResponse call() {
        return report(subscriptions.loops());
    }

    public static HealthCheckResponse report(java.util.List<EventLoop> loops) {
        HealthCheckResponseBuilder response = HealthCheckResponse.named("Kafka consumer loops").up();
        for (EventLoop loop : loops) {
            response.withData(loop.name(), loop.state().name());
            if (loop.state() != EventLoop.State.RUNNING) {
                response.down();
                if (loop.lastFailure() != null) {
                    response.withData(loop.name() + ".failure", loop.lastFailure());
                }
            }
        }
        return response.build();
    }
}

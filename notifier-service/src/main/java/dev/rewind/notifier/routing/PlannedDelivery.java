package dev.rewind.notifier.routing;

import java.util.List;

import dev.rewind.events.Channel;

/**
 * A message the router decided to send: to whom, on which channel, worded by which template, and which
 * of that person's channels to fall back to if this one fails for good.
 */
public record PlannedDelivery(Channel channel, String recipient, String address, String template, PagerAction pagerAction,
                              List<Channel> fallbacks) {

    public enum PagerAction { TRIGGER, ACKNOWLEDGE, RESOLVE }

    /** The CloudEvent itself, for a generic webhook. */
    public static final String CLOUD_EVENT = "cloudevent";
}

package dev.rewind.events;

/** How a message travels: the {@code channel} of notification.delivered and notification.failed. */
public enum Channel {
    /** A Slack-compatible incoming webhook: one team channel, people mentioned by handle. */
    CHAT,
    /** SMTP mail. */
    MAIL,
    /** A PagerDuty Events API v2-compatible endpoint: trigger, acknowledge, resolve. */
    PAGER,
    /** A generic webhook that receives the CloudEvent itself. */
    WEBHOOK
}

package dev.rewind.platform.messaging;

import java.util.UUID;

/**
 * Fired (a CDI event) when a consumer refused a record that is not proven to come from its topic's producer, before
 * it is dead-lettered: for a service to record the refusal where people look (the executor publishes
 * {@code command.refused}). {@code incidentId} is the record key when that is an incident id; {@code type} and
 * {@code eventId} are what the record claims, when it can be read, else {@code null}.
 */
public record UnprovenRecord(String topic, String origin, UUID incidentId, String type, UUID eventId, String reason) {
}

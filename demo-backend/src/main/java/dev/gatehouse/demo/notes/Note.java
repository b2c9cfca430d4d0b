package dev.gatehouse.demo.notes;

import java.time.Instant;
import java.util.UUID;

/** A note as the API returns it; {@code createdAt} is an ISO-8601 instant. */
record Note(UUID id, String text, Instant createdAt) {}

package dev.gatehouse.demo.events;

import org.jspecify.annotations.Nullable;

/**
 * One event of the stream: its number and whom the stream belongs to, so a client can check that
 * what arrives on its long-lived connection is still its own.
 */
record Tick(long seq, String sub, @Nullable String sid) {}

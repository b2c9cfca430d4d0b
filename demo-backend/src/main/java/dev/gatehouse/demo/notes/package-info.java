/**
 * {@code /api/notes}: per-user notes kept in memory, keyed by the JWT {@code sub}, to show
 * isolation between users.
 */
@NullMarked
package dev.gatehouse.demo.notes;

import org.jspecify.annotations.NullMarked;

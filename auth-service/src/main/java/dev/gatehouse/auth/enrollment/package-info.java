/**
 * Accounts coming to life: the first admin of a fresh database ({@link
 * dev.gatehouse.auth.enrollment.BootstrapAdmin}), and the one-time links (setup, enrollment,
 * password reset) with the page where their user sets a password.
 */
@NullMarked
package dev.gatehouse.auth.enrollment;

import org.jspecify.annotations.NullMarked;

/**
 * The operator API ({@code /admin/sessions}, {@code /admin/users/...}, {@code /admin/audit}) and
 * the operator page ({@code /admin}): find a user's sessions, end one or all, disable or enable an
 * account, read the audit trail. Everything here needs role {@code admin} in the gateway-minted
 * JWT.
 */
@NullMarked
package dev.gatehouse.auth.admin;

import org.jspecify.annotations.NullMarked;

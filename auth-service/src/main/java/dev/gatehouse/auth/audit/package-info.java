/**
 * The audit trail: who ended which sessions or changed which account, when and why. Written by the
 * revocation feature inside its own transactions, read by the operator API and page.
 */
@NullMarked
package dev.gatehouse.auth.audit;

import org.jspecify.annotations.NullMarked;

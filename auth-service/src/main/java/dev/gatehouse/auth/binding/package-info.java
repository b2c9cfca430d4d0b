/**
 * Device Bound Session Credentials (DBSC, W3C WebAppSec draft): a session bound to a key the
 * browser holds, renewed through a short-lived bound credential cookie that only a proof of
 * possession of the key (a {@code dbsc+jwt}, RFC 7515) obtains.
 */
@NullMarked
package dev.gatehouse.auth.binding;

import org.jspecify.annotations.NullMarked;

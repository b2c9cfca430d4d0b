/**
 * A Java client of Device Bound Session Credentials (DBSC, W3C WebAppSec draft) for tests: it holds
 * a key pair the way a browser does, reads the server's registration and challenge headers, signs
 * {@code dbsc+jwt} proofs (RFC 7515 JWS) and follows registration and refresh over any transport
 * ({@link dev.gatehouse.testsupport.dbsc.DbscClient}).
 */
@NullMarked
package dev.gatehouse.testsupport.dbsc;

import org.jspecify.annotations.NullMarked;

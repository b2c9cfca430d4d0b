/**
 * JWT fixtures shared by every module's tests: an ES256 signing key with a {@code kid} ({@link
 * dev.gatehouse.testsupport.jwt.TestSigningKey}), a builder for the gateway's internal token and
 * its hostile variants ({@link dev.gatehouse.testsupport.jwt.TestJwt}, RFC 7519/7515, RFC 8725),
 * and a loopback JWKS endpoint that counts its requests ({@link
 * dev.gatehouse.testsupport.jwt.TestJwksServer}).
 */
@NullMarked
package dev.gatehouse.testsupport.jwt;

import org.jspecify.annotations.NullMarked;

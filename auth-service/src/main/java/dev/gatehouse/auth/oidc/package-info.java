/**
 * OpenID Connect login (relying party): the provider proves who the user is once, through Spring
 * Security's {@code oauth2Login()} (authorization code with PKCE, {@code state}, {@code nonce}),
 * and Gatehouse creates its own server-side session; accounts are linked by (issuer, {@code sub}).
 */
@NullMarked
package dev.gatehouse.auth.oidc;

import org.jspecify.annotations.NullMarked;

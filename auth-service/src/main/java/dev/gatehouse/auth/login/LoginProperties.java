package dev.gatehouse.auth.login;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The sign-in page.
 *
 * @param passwordEnabled whether local username/password login is offered; default true. false: the
 *     page shows only the OpenID providers' buttons, and {@code POST /login} (form and JSON)
 *     answers 403 {@code password_login_disabled}. One-time links (enrollment, reset, the first
 *     admin's setup) still set passwords, which then cannot be used to log in: give operators an
 *     admin role through a provider's role mapping before turning this off
 */
@ConfigurationProperties("gatehouse.login")
record LoginProperties(@DefaultValue("true") boolean passwordEnabled) {}

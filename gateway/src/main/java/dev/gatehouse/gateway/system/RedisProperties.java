package dev.gatehouse.gateway.system;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Whether this instance uses Redis ({@code spring.data.redis.*} says where it is). Without it the
 * gateway runs with its in-process cache only, its own JWKS, and revocations from the polled feed.
 *
 * @param enabled use Redis for the shared L2 cache, revocation pub/sub and the shared JWKS
 */
@ConfigurationProperties("gatehouse.redis")
record RedisProperties(@DefaultValue("false") boolean enabled) {}

package dev.gatehouse.gateway.token;

import dev.gatehouse.gateway.GatewayInstance;

/**
 * Lets tests outside this package rotate an instance's signing key now, without making the rotation
 * part of the token feature's public surface.
 */
public final class TestKeyRotation {

  private TestKeyRotation() {}

  /** Publishes a new key on {@code instance}, then signs with it; returns when both are done. */
  public static void rotateNow(GatewayInstance instance) {
    instance.bean(KeyRotation.class).rotate().block();
  }
}

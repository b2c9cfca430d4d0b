/**
 * Deployment checks: the Kubernetes manifests and the generated configuration reference, both held
 * against what the packaged services really read (their configuration metadata and application
 * files).
 */
@NullMarked
package dev.gatehouse.deploy;

import org.jspecify.annotations.NullMarked;

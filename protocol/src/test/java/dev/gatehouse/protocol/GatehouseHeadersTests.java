package dev.gatehouse.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Upstreams read these names: changing one is a breaking change. */
class GatehouseHeadersTests {

  @Test
  void namesWhenReadThenTheDocumentedHeaders() {
    assertThat(GatehouseHeaders.IDENTITY)
        .containsExactly("X-Gatehouse-User", "X-Gatehouse-Username", "X-Gatehouse-Roles");
    assertThat(GatehouseHeaders.SID).isEqualTo("X-Gatehouse-Sid");
    assertThat(ClientAddressProof.HEADER).isEqualTo("X-Gatehouse-Client");
  }
}

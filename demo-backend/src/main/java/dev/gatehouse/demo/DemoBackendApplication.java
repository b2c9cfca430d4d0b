package dev.gatehouse.demo;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/**
 * A backend behind Gatehouse. It authenticates every request by the gateway-minted internal JWT
 * (ES256, verified against the gateway's JWKS; issuer, audience and lifetime checked), using only
 * Spring Security's OAuth 2.0 resource server and configuration: see {@code application.yml}.
 */
@SpringBootApplication
@ConfigurationPropertiesScan
public class DemoBackendApplication {

  public static void main(String[] args) {
    SpringApplication.run(DemoBackendApplication.class, args);
  }
}

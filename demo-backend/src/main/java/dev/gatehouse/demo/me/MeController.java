package dev.gatehouse.demo.me;

import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

@RestController
class MeController {

  @GetMapping("/api/me")
  Me me(@AuthenticationPrincipal Jwt jwt) {
    return Me.from(jwt);
  }
}

package dev.gatehouse.auth.enrollment;

import java.time.Instant;
import java.util.UUID;

/**
 * A one-time link just issued: the only moment its URL exists outside the user's hands (only its
 * hash is stored). {@code toString} leaves the URL out.
 *
 * @param userId the account it sets the password of
 * @param purpose setup, enrollment or reset
 * @param url the link, with its token
 * @param expiresAt when it stops working
 */
public record IssuedLink(UUID userId, LinkPurpose purpose, String url, Instant expiresAt) {

  @Override
  public String toString() {
    return "IssuedLink[userId="
        + userId
        + ", purpose="
        + purpose
        + ", expiresAt="
        + expiresAt
        + "]";
  }
}

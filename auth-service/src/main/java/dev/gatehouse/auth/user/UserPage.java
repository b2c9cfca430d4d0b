package dev.gatehouse.auth.user;

import java.util.List;

/**
 * One page of accounts, by username.
 *
 * @param items the page's accounts
 * @param total how many accounts match in all
 */
public record UserPage(List<UserAccount> items, long total) {

  public UserPage {
    items = List.copyOf(items);
  }
}

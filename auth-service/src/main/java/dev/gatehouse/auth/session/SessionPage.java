package dev.gatehouse.auth.session;

import java.util.List;

/**
 * One page of active sessions, newest login first.
 *
 * @param items the sessions of the page
 * @param total how many active sessions match in all
 */
public record SessionPage(List<SessionInfo> items, long total) {

  public SessionPage {
    items = List.copyOf(items);
  }
}

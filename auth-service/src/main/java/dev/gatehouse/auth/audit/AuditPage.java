package dev.gatehouse.auth.audit;

import java.util.List;

/**
 * One page of the audit trail, newest first.
 *
 * @param items the entries of the page
 * @param total how many entries match in all
 */
public record AuditPage(List<AuditEntry> items, long total) {

  public AuditPage {
    items = List.copyOf(items);
  }
}

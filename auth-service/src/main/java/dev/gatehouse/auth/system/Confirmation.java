package dev.gatehouse.auth.system;

import java.util.List;

/**
 * The model of the confirmation page ({@code confirm.html}) that stands between a button and its
 * state-changing POST: the confirmation step works without JavaScript, and the POST form it shows
 * carries the CSRF token.
 *
 * @param area the page family, for the title and header ({@code Operator}, {@code Your account})
 * @param home where the header links to and "Cancel" goes back to by default
 * @param heading what is about to happen, as a question
 * @param details facts about the target, shown as a definition list
 * @param warning the consequence, in a sentence
 * @param action the path the confirming form POSTs to (relative to the gateway origin)
 * @param confirmLabel the label of the confirming button
 * @param askReason whether to offer an optional reason field (recorded in the audit trail)
 * @param cancel where "Cancel" links to
 */
public record Confirmation(
    String area,
    String home,
    String heading,
    List<Detail> details,
    String warning,
    String action,
    String confirmLabel,
    boolean askReason,
    String cancel) {

  public Confirmation {
    details = List.copyOf(details);
  }

  /** One fact about the target. */
  public record Detail(String label, String value) {}
}

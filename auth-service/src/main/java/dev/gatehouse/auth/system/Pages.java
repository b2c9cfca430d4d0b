package dev.gatehouse.auth.system;

import java.util.LinkedHashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.security.web.csrf.CsrfToken;
import org.springframework.ui.Model;
import org.springframework.util.StringUtils;
import org.springframework.web.servlet.ModelAndView;

/**
 * What the server-rendered pages (operator page, account page) share: the page frame, paging flags,
 * the confirmation step and the Post/Redirect/Get answer with a notice code. Each page keeps its
 * own notice texts; this only reads the count a notice may carry.
 */
public final class Pages {

  private Pages() {}

  /** The header every page shows ({@code signedInAs}), and the time formatter ({@code times}). */
  public static void frame(Model model, Caller caller) {
    model.addAttribute("signedInAs", caller.username());
    model.addAttribute("times", DisplayTime.INSTANCE);
  }

  /** {@code page}, {@code total}, {@code hasPrevious} and {@code hasNext} for a list page. */
  public static void paging(Model model, int page, int pageSize, long total) {
    model.addAttribute("total", total);
    model.addAttribute("page", page);
    model.addAttribute("hasPrevious", page > 0);
    model.addAttribute("hasNext", (long) (page + 1) * pageSize < total);
  }

  /**
   * Renders the confirmation page for {@code caller}. Reading the token here, before any of the
   * page is written, makes sure its cookie is set while the response headers can still change.
   */
  public static ModelAndView confirm(
      Model model, Caller caller, CsrfToken csrf, Confirmation confirmation) {
    csrf.getToken();
    model.addAttribute("signedInAs", caller.username());
    model.addAttribute("confirm", confirmation);
    return new ModelAndView("confirm", model.asMap());
  }

  /**
   * 303 See Other to {@code home} with the notice to show (Post/Redirect/Get, so reloading repeats
   * nothing); {@code user} and {@code count} are left out when null.
   */
  public static ModelAndView seeOther(
      String home, @Nullable String user, String notice, @Nullable Integer count) {
    Map<String, @Nullable Object> query = new LinkedHashMap<>();
    query.put("user", user);
    query.put("notice", notice);
    query.put("n", count);
    return new ModelAndView(SeeOther.to(home, query));
  }

  /** {@code "1 session"}, {@code "3 sessions"}: the count a notice carries, absent read as 0. */
  public static String sessions(@Nullable Integer count) {
    int n = (count != null) ? count : 0;
    return n + (n == 1 ? " session" : " sessions");
  }

  /** A detail the client may not have sent (IP address, user agent). */
  public static String orUnknown(@Nullable String value) {
    return StringUtils.hasText(value) ? value : "unknown";
  }
}

package dev.gatehouse.auth.enrollment;

import dev.gatehouse.auth.enrollment.OneTimeLinks.LinkTarget;
import dev.gatehouse.auth.enrollment.OneTimeLinks.Redemption;
import jakarta.servlet.http.HttpServletResponse;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Controller;
import org.springframework.util.Assert;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.ModelAndView;

/**
 * {@code /login/link?token=…}: the page where a one-time link's user sets a password (first admin,
 * enrollment, reset). Public like {@code /login}: the link's 256-bit token is the credential, and
 * also what a cross-site form cannot know (the Origin / Sec-Fetch-Site check refuses those first).
 * An unknown, used or expired link gets one friendly 404 page, whichever it was.
 */
@Controller
final class LinkPageController {

  static final String INVALID =
      "This link does not work: it may have expired or been used already. Ask an administrator"
          + " for a new one.";
  static final String MISMATCH = "The two passwords differ. Type the same password twice.";
  static final String MISSING = "Enter the new password twice.";
  private static final String VIEW = "link";

  private final OneTimeLinks links;

  LinkPageController(OneTimeLinks links) {
    Assert.notNull(links, "links cannot be null");
    this.links = links;
  }

  @GetMapping(LinkUrls.PATH)
  ModelAndView form(
      @RequestParam(required = false) @Nullable String token, HttpServletResponse response) {
    noStore(response);
    Optional<LinkTarget> target = (token != null) ? links.find(token) : Optional.empty();
    if (target.isEmpty() || token == null) {
      return invalid();
    }
    return page(HttpStatus.OK, token, target.get(), null);
  }

  @PostMapping(path = LinkUrls.PATH, consumes = MediaType.APPLICATION_FORM_URLENCODED_VALUE)
  ModelAndView submit(
      @RequestParam(required = false) @Nullable String token,
      @RequestParam(required = false) @Nullable String password,
      @RequestParam(required = false) @Nullable String confirm,
      HttpServletResponse response) {
    noStore(response);
    Optional<LinkTarget> target = (token != null) ? links.find(token) : Optional.empty();
    if (target.isEmpty() || token == null) {
      return invalid();
    }
    if (password == null || password.isEmpty() || confirm == null || confirm.isEmpty()) {
      return page(HttpStatus.BAD_REQUEST, token, target.get(), MISSING);
    }
    if (!password.equals(confirm)) {
      return page(HttpStatus.BAD_REQUEST, token, target.get(), MISMATCH);
    }
    Redemption redemption = links.redeem(token, password);
    if (redemption instanceof Redemption.Refused refused) {
      return page(HttpStatus.BAD_REQUEST, token, refused.target(), refused.violation().message());
    }
    if (redemption instanceof Redemption.Done done) {
      ModelAndView page = new ModelAndView(VIEW, HttpStatus.OK);
      page.addObject("done", true);
      page.addObject("username", done.target().username());
      return page;
    }
    return invalid();
  }

  private static ModelAndView page(
      HttpStatus status, String token, LinkTarget target, @Nullable String error) {
    ModelAndView page = new ModelAndView(VIEW, status);
    page.addObject("token", token);
    page.addObject("username", target.username());
    page.addObject("displayName", target.displayName());
    page.addObject("purpose", target.purpose().value());
    if (error != null) {
      page.addObject("error", error);
    }
    return page;
  }

  private static ModelAndView invalid() {
    ModelAndView page = new ModelAndView(VIEW, HttpStatus.NOT_FOUND);
    page.addObject("invalid", true);
    page.addObject("error", INVALID);
    return page;
  }

  private static void noStore(HttpServletResponse response) {
    response.setHeader(HttpHeaders.CACHE_CONTROL, CacheControl.noStore().getHeaderValue());
  }
}

package dev.gatehouse.auth.system;

import static org.assertj.core.api.Assertions.assertThat;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.ui.ExtendedModelMap;
import org.springframework.web.servlet.ModelAndView;

/** The scaffolding the operator and account pages share. */
class PagesTests {

  @ParameterizedTest(name = "page {0} of size {1}, {2} items: previous={3}, next={4}")
  @CsvSource({
    "0, 50, 0, false, false",
    "0, 50, 50, false, false",
    "0, 50, 51, false, true",
    "1, 50, 51, true, false",
    "1, 50, 150, true, true",
    "2, 50, 150, true, false",
  })
  void pagingWhenPageOfTotalThenPreviousAndNextFlags(
      int page, int size, long total, boolean hasPrevious, boolean hasNext) {
    ExtendedModelMap model = new ExtendedModelMap();

    Pages.paging(model, page, size, total);

    assertThat(model)
        .containsEntry("page", page)
        .containsEntry("total", total)
        .containsEntry("hasPrevious", hasPrevious)
        .containsEntry("hasNext", hasNext);
  }

  @ParameterizedTest(name = "user={0}, notice={1}, n={2} -> {3}")
  @CsvSource({
    ", session-ended, , /admin?notice=session-ended",
    "alice, logged-out, 3, /admin?user=alice&notice=logged-out&n=3",
    "a b+c, enabled, , /admin?user=a+b%2Bc&notice=enabled",
  })
  void seeOtherWhenNoticeThenLocalPathWithQuery(
      @Nullable String user, String notice, @Nullable Integer n, String location) {
    ModelAndView view = Pages.seeOther("/admin", user, notice, n);

    assertThat(view.getView()).isEqualTo(new SeeOther(location));
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(
      value = {"NULL, 0 sessions", "0, 0 sessions", "1, 1 session", "2, 2 sessions"},
      nullValues = "NULL")
  void sessionsWhenCountThenSingularOrPlural(@Nullable Integer count, String text) {
    assertThat(Pages.sessions(count)).isEqualTo(text);
  }
}

"""While "my authority" is the starting choice, a page says so at its top ("Haringey is shown until you choose
your own authority"), until the reader chooses. Compare, the neighbour table and trends write the authority into
their link, and the next run read that as a link followed: the first change of a year made the starting choice
the reader's, and the note went. The note's going moved the page's controls up a place, drawn anew, so a
keyboard reader's picker lost its focus to the page (on choosing an authority too)."""

from __future__ import annotations

from benchmarks import serve
from tests.test_browser import browser, server  # noqa: F401 - the shared browser and served app

NOTE = 'Haringey is shown until you choose your own authority under "My authority".'
FOCUSED = "() => [document.activeElement.tagName, document.activeElement.closest('[data-testid=stSelectbox]')?.innerText.split('\\n')[0] ?? '']"


def _choose(page, label: str, keys: list[str], param: str, value: str) -> None:
    """A picker reached by the Tab key and worked by the keyboard alone ("type:" before words typed), then
    the run it starts waited for."""
    for _ in range(40):
        page.keyboard.press("Tab")
        if page.evaluate(FOCUSED) == ["INPUT", label]:
            break
    for key in keys:
        page.keyboard.type(key.removeprefix("type:")) if key.startswith("type:") else page.keyboard.press(key)
    page.wait_for_function(f"() => new URLSearchParams(location.search).get({param!r}) === {value!r}", timeout=30_000)
    page.wait_for_function(serve.DONE, timeout=60_000)


def test_the_starting_choice_stays_said_until_the_reader_chooses_and_the_picker_keeps_its_focus(server, browser):  # noqa: F811
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    try:
        page.goto(f"{server}/compare", wait_until="domcontentloaded")
        page.get_by_text("Two indicators together").first.wait_for(timeout=60_000)
        page.wait_for_function(serve.DONE, timeout=60_000)
        assert page.get_by_text(NOTE).count() == 1
        _choose(page, "Year", ["ArrowDown", "ArrowDown", "Enter"], "year", "2023")
        assert page.get_by_text(NOTE).count() == 1  # a year is not an authority chosen
        page.wait_for_timeout(300)
        assert page.evaluate(FOCUSED) == ["INPUT", "Year"]
        page.keyboard.press("Shift+Tab")  # back to the first picker, then on to the authority
        _choose(page, "Highlight authority", ["type:Sandwell", "Enter"], "area", "E08000028")
        assert page.get_by_text(NOTE).count() == 0  # chosen: the note goes
        page.wait_for_timeout(300)
        assert page.evaluate(FOCUSED) == ["INPUT", "Highlight authority"]
    finally:
        page.close()

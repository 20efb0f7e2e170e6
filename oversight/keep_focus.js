// A keyboard reader's place kept while Streamlit redraws the page (oversight/serving.py writes this into
// each page). Without it the focus went to the page, and the next Tab key began again at the top.
(function () {
  "use strict";
  var GIVE_UP_MS = 5000;

  // 1. A tab disabled for a moment while its section is redrawn: Streamlit drops its tabindex, and the
  //    focus goes to nothing. The tab, found again by its place in its list, gets it back once enabled;
  //    not after the reader's own click elsewhere or a switch of window (the tab keeps its tabindex then).
  document.addEventListener("focusout", function (e) {
    var tab = e.target;
    if (e.relatedTarget || !(tab instanceof Element) || tab.getAttribute("role") !== "tab" || tab.hasAttribute("tabindex")) return;
    var list = tab.closest("[role=tablist]");
    if (!list) return;
    var at = Array.prototype.indexOf.call(list.querySelectorAll("[role=tab]"), tab);
    var since = Date.now();
    (function back() {
      var now = document.activeElement;
      if (now && now !== document.body) return; // the reader has moved on
      var again = list.isConnected ? list.querySelectorAll("[role=tab]")[at] : null;
      if (again && again.hasAttribute("tabindex")) { again.focus({ preventScroll: true }); return; }
      if (Date.now() - since < GIVE_UP_MS) setTimeout(back, 50);
    })();
  }, true);

  // 2. A control drawn anew: a button that becomes secondary once its pack is built ("Build scrutiny pack",
  //    then "... again"), a picker moved by a note above it. The new control of the same key (Streamlit's
  //    st-key-<key> class round a widget given a key) takes the focus the old one had, where nothing else has.
  var held = null; // {element, key, lost}
  function keyOf(element) {
    var box = element.closest("[class*='st-key-']");
    var found = box && /(?:^|\s)(st-key-\S+)/.exec(box.className);
    return found ? found[1] : null;
  }
  document.addEventListener("focusin", function (e) {
    var key = e.target instanceof Element ? keyOf(e.target) : null;
    held = key ? { element: e.target, key: key, lost: 0 } : null;
  }, true);
  document.addEventListener("focusout", function (e) {
    var was = held;
    // the reader's click on nothing: the control is still there, so it is not taken back
    setTimeout(function () { if (was && held === was && was.element.isConnected && document.activeElement === document.body) held = null; }, 0);
  }, true);
  new MutationObserver(function () {
    if (!held || held.element.isConnected) return;
    var now = document.activeElement;
    if (now && now !== document.body) { held = null; return; }
    held.lost = held.lost || Date.now();
    if (Date.now() - held.lost > GIVE_UP_MS) { held = null; return; }
    var box = document.querySelector("." + CSS.escape(held.key));
    var to = box && box.querySelector("input:not([disabled]), button:not([disabled]), [tabindex]:not([tabindex='-1'])");
    if (to) { held = null; to.focus({ preventScroll: true }); }
  }).observe(document.documentElement, { childList: true, subtree: true });

  // 3. A link to another page from within a page (st.page_link): the link went with its page, the focus to
  //    nothing, and the next Tab deep into the new page. The new page's heading takes it, as its start.
  //    The old page's heading is the one seen before the address changed: it changes with the new page's.
  var path = location.pathname, moved = null, seen = null;
  function heading() { return document.querySelector("[data-testid='stMain'] h1"); }
  new MutationObserver(function () {
    var h1 = heading(), before = seen;
    seen = h1 ? h1.textContent : null;
    if (location.pathname !== path) {
      path = location.pathname;
      moved = { at: Date.now(), from: document.activeElement, title: before };
    }
    if (!moved) return;
    var now = document.activeElement;
    if (Date.now() - moved.at > GIVE_UP_MS || (now && now !== document.body && now !== moved.from)) { moved = null; return; } // a sidebar link keeps it
    if ((!now || now === document.body) && h1 && h1.textContent !== moved.title) {
      moved = null;
      h1.setAttribute("tabindex", "-1");
      h1.focus({ preventScroll: true });
    }
  }).observe(document.documentElement, { childList: true, subtree: true });
})();

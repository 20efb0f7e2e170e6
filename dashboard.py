"""Safeguarding Oversight: the Streamlit entry point. Run: streamlit run dashboard.py"""

import streamlit as st

st.set_page_config(layout="wide")

PAGES = [
    st.Page("pages/national.py", title="National picture", default=True),  # the default page is at "/", never "/national"
    st.Page("pages/compare.py", title="Compare authorities", url_path="compare"),
    st.Page("pages/neighbours.py", title="Neighbour table", url_path="neighbours"),
    st.Page("pages/trends.py", title="Trends", url_path="trends"),
    st.Page("pages/profile.py", title="LA profile", url_path="profile"),
    st.Page("pages/ofsted.py", title="Ofsted", url_path="ofsted"),
    st.Page("pages/map.py", title="Map", url_path="map"),
    st.Page("pages/watchlist.py", title="Watchlist", url_path="watchlist"),
    st.Page("pages/report.py", title="Annual report pack", url_path="report"),
    st.Page("pages/data.py", title="Data and definitions", url_path="data"),
]

# local returns: the "This year, locally" page, only where a local database exists
from oversight.local_queries import has_local  # noqa: E402

if has_local():
    PAGES.append(st.Page("pages/local.py", title="This year, locally", url_path="local"))

page = st.navigation(PAGES)
st.set_page_config(page_title=f"{page.title} · Safeguarding Oversight")  # each browser tab names its page
# "my authority": chosen once in the sidebar (or on a page, or by a link's `area`), kept across pages
from oversight import page_state, plain_html  # noqa: E402

st.html(plain_html.FOCUS_CSS)  # a style alone takes no room on the page
# where a page says "my authority" is only the starting choice: at the top of those whose figures are its (the
# map outlines none until one is chosen), nowhere on the local page (its authority is the one its returns name)
NOTE_AT = {p: "page" for p in ("compare", "neighbours", "trends", "profile", "ofsted", "report")} | {"local": None}
page_state.sidebar_picker(starting_note=NOTE_AT.get(page.url_path, "sidebar"))
page.run()

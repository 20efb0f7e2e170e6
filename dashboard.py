"""Safeguarding Oversight: the Streamlit entry point. Run: streamlit run dashboard.py"""

import streamlit as st

st.set_page_config(page_title="Safeguarding Oversight", page_icon="🛡️", layout="wide")

PAGES = [
    st.Page("pages/national.py", title="National picture", icon="🏴", url_path="national", default=True),
    st.Page("pages/compare.py", title="Compare authorities", icon="📊", url_path="compare"),
    st.Page("pages/trends.py", title="Trends", icon="📈", url_path="trends"),
    st.Page("pages/profile.py", title="LA profile", icon="🏛️", url_path="profile"),
    st.Page("pages/ofsted.py", title="Ofsted", icon="✅", url_path="ofsted"),
    st.Page("pages/map.py", title="Map", icon="🗺️", url_path="map"),
    st.Page("pages/watchlist.py", title="Watchlist", icon="⚠️", url_path="watchlist"),
    st.Page("pages/report.py", title="Annual report pack", icon="📄", url_path="report"),
    st.Page("pages/data.py", title="Data and definitions", icon="📖", url_path="data"),
]

# local returns: the "This year, locally" page, only where a local database exists
from oversight.local_queries import has_local  # noqa: E402

if has_local():
    PAGES.append(st.Page("pages/local.py", title="This year, locally", icon=":material/home_pin:", url_path="local"))

st.navigation(PAGES).run()

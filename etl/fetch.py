"""Download the latest release of every publication (oversight fetch), check each by content, then
install them all at once, with their provenance and a report of what changed.

Nothing is replaced unless every download succeeded and was recognised as the publication it should be.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import tomllib
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from etl import manifest, paths
from etl.extract import sha256
from etl.recognise import recognise

SOURCES = Path(__file__).parent / "fetch_sources.toml"
PROVENANCE = "FETCHED.toml"
EES_API = "https://api.education.gov.uk/statistics"
GOVUK = "https://www.gov.uk"
TIMEOUT = 60
CHUNK = 1 << 16
OK, FAILED = 0, 4
Step = Callable[[str], None]


class FetchError(Exception):
    """A publisher could not be reached, or answered with something unexpected."""


class Offline(FetchError):
    """No connection to the publishers at all."""


@dataclass(frozen=True)
class Download:
    contract: str
    url: str
    name: str
    release: str


def load_sources(path: Path = SOURCES) -> list[dict]:
    with path.open("rb") as f:
        return tomllib.load(f)["source"]


def _bases() -> tuple[str, str]:
    return os.environ.get("OVERSIGHT_EES_API", EES_API).rstrip("/"), os.environ.get("OVERSIGHT_GOVUK", GOVUK).rstrip("/")


def _opener() -> urllib.request.OpenerDirector:
    """HTTP and HTTPS only (no file:// or ftp://, even through a redirect)."""
    opener = urllib.request.OpenerDirector()
    for handler in (urllib.request.ProxyHandler(), urllib.request.HTTPHandler(), urllib.request.HTTPSHandler(),
                    urllib.request.HTTPRedirectHandler(), urllib.request.HTTPErrorProcessor(), urllib.request.HTTPDefaultErrorHandler()):
        opener.add_handler(handler)
    opener.addheaders = [("User-Agent", "safeguarding-oversight")]
    return opener


def _open(url: str):
    if not url.startswith(("https://", "http://")):
        raise FetchError(f"{url}: not a web address")
    try:
        return _opener().open(url, timeout=TIMEOUT)
    except urllib.error.HTTPError as e:
        raise FetchError(f"{url}: the server answered {e.code} {e.reason}") from None
    except (urllib.error.URLError, TimeoutError, ConnectionError) as e:
        reason = getattr(e, "reason", e)
        raise Offline(f"{url}: {reason}") from None


def _json(url: str) -> dict:
    with _open(url) as r:
        try:
            return json.load(r)
        except ValueError:
            raise FetchError(f"{url}: the answer is not JSON") from None


def _words_in(words: str, title: str) -> bool:
    return all(w in title.lower() for w in words.lower().split())


def _ees(src: dict, ees: str) -> Download:
    found = _json(f"{ees}/v1/publications?" + urllib.parse.urlencode({"search": src["publication"], "pageSize": 40}))
    pubs = [p for p in found.get("results", []) if p.get("title", "").lower() == src["publication"].lower()]
    if not pubs:
        raise FetchError(f"EES has no publication titled {src['publication']!r}")
    sets = _json(f"{ees}/v1/publications/{pubs[0]['id']}/data-sets?pageSize=40").get("results", [])
    match = [d for d in sets if _words_in(src["data_set"], d.get("title", ""))]
    if not match:
        raise FetchError(f"EES publication {src['publication']!r} has no data set whose title holds {src['data_set']!r}")
    d = match[0]
    latest = d.get("latestVersion") or {}
    release = f"data set {d['title']!r} version {latest.get('version', '?')} published {latest.get('published', '?')}"
    name = "".join(ch if ch.isalnum() else "_" for ch in d["title"].lower()).strip("_") + ".csv"
    return Download(src["contract"], f"{ees}/v1/data-sets/{d['id']}/csv", name, release)


def _govuk(src: dict, govuk: str) -> Download:
    page = src["page"]
    if src.get("search"):
        params = {"q": src["search"], "order": "-public_timestamp", "count": 1, "fields": "link"}
        if src.get("organisation"):
            params["filter_organisations"] = src["organisation"]
        results = _json(f"{govuk}/api/search.json?" + urllib.parse.urlencode(params)).get("results", [])
        if results and results[0].get("link"):
            page = results[0]["link"].lstrip("/")
    content = _json(f"{govuk}/api/content/{page}")
    for a in content.get("details", {}).get("attachments", []):
        url, name = a.get("url", ""), a.get("filename") or a.get("url", "").rsplit("/", 1)[-1]
        if name.lower().endswith(src["suffix"]) and _words_in(src.get("attachment", ""), a.get("title", "") + " " + name):
            full = url if url.startswith("http") else f"{govuk}/{url.lstrip('/')}"
            return Download(src["contract"], full, name, f"{content.get('title', page)} (updated {content.get('public_updated_at', '?')})")
    raise FetchError(f"{govuk}/{page}: no {src['suffix']} attachment found")


def plan(sources: list[dict]) -> list[Download]:
    ees, govuk = _bases()
    return [_ees(s, ees) if s["kind"] == "ees" else _govuk(s, govuk) for s in sources]


def _download(d: Download, target: Path) -> None:
    with _open(d.url) as r, target.open("wb") as f:
        while chunk := r.read(CHUNK):
            f.write(chunk)


def _previous(to: Path) -> dict[str, dict]:
    p = to / PROVENANCE
    if not p.exists():
        return {}
    with p.open("rb") as f:
        return {e["contract"]: e for e in tomllib.load(f).get("file", [])}


def _bundled() -> dict[str, str]:
    """sha256 of each bundled file, by the publication it is recognised as."""
    if not (paths.PUBLISHED / manifest.MANIFEST).exists():
        return {}
    entries = manifest.load(paths.PUBLISHED)
    out: dict[str, str] = {}
    for rel, e in entries.items():
        try:
            found = recognise(paths.PUBLISHED / rel)
        except Exception:  # noqa: S112 (a bundled file the readers do not know yet is simply not compared)
            continue
        if found.contract:
            out[found.contract.publication] = e.sha256
    return out


def _quote(s: str) -> str:
    return json.dumps(s, ensure_ascii=False)


def _write_provenance(to: Path, entries: dict[str, dict]) -> None:
    lines = ["# Written by oversight fetch: where each file in this folder came from.", ""]
    for e in sorted(entries.values(), key=lambda e: e["contract"]):
        lines += ["[[file]]"] + [f"{k} = {_quote(v) if isinstance(v, str) else v}" for k, v in e.items()] + [""]
    tmp = to / f".{PROVENANCE}.part"
    tmp.write_text("\n".join(lines), encoding="utf-8")
    os.replace(tmp, to / PROVENANCE)


def fetch(to: Path, step: Step = print, sources: list[dict] | None = None, err: Step | None = None, say: Step | None = None) -> int:
    """Download, check, install; returns 0, or 4 when anything failed (then nothing is changed).

    step(line) is called once per download (a progress bar advances on it), say(line) for the report
    of what changed, err(line) for errors."""
    import sys

    err = err or (lambda line: print(line, file=sys.stderr))
    say = say or step
    sources = sources if sources is not None else load_sources()
    try:
        downloads = plan(sources)
    except Offline as e:
        err(f"error: cannot reach the publishers ({e}). Are you offline? Nothing was changed.")
        return FAILED
    except FetchError as e:
        err(f"error: {e}. Nothing was changed.")
        return FAILED
    to.mkdir(parents=True, exist_ok=True)
    staged: list[tuple[Download, Path, str, int]] = []
    try:
        for d in downloads:
            part = to / f".{d.name}.part"
            _download(d, part)
            found = recognise(part)
            got = found.contract.publication if found.contract else None
            if got != d.contract:
                raise FetchError(f"{d.url}: expected {d.contract} but the file is {got or 'not recognised'} ({found.reason or 'content check'})")
            staged.append((d, part, sha256(part), part.stat().st_size))
            step(f"  downloaded  {d.contract:26} {d.name}  ({staged[-1][3]:,} bytes)")
    except (FetchError, OSError) as e:
        for _, part, _, _ in staged:
            part.unlink(missing_ok=True)
        for d in downloads:
            (to / f".{d.name}.part").unlink(missing_ok=True)
        offline = isinstance(e, Offline)
        err(f"error: {'cannot reach the publishers: ' if offline else ''}{e}. Nothing was changed.")
        return FAILED
    previous, bundled = _previous(to), _bundled()
    now = dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat()
    entries = dict(previous)
    for d, part, digest, size in staged:
        old = previous.get(d.contract)
        if old and old["path"] != d.name:
            (to / old["path"]).unlink(missing_ok=True)
        os.replace(part, to / d.name)
        entries[d.contract] = {"contract": d.contract, "path": d.name, "url": d.url, "release": d.release, "fetched_at": now, "sha256": digest, "size": size}
        if old and old["sha256"] == digest:
            change = "unchanged since the last fetch"
        elif digest == bundled.get(d.contract):
            change = "same as the bundled copy"
        elif old:
            change = "CHANGED since the last fetch"
        else:
            change = "NEW: differs from the bundled copy" if d.contract in bundled else "NEW: no bundled copy"
        say(f"  {d.contract:26} {change}: {d.release}")
    _write_provenance(to, entries)
    say(f"wrote {len(staged)} files and {PROVENANCE} to {to}")
    return OK

"""Child identifiers become salted hashes at load. The salt is made once, kept beside the local
database with owner-only permissions, and never leaves the machine (it is git-ignored)."""

from __future__ import annotations

import hashlib
import os
import secrets
from pathlib import Path

SALT_NAME = ".local_salt"


def salt_for(db: Path) -> bytes:
    path = db.parent / SALT_NAME
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w") as f:
            f.write(secrets.token_hex(32))
    return path.read_text(encoding="ascii").strip().encode("ascii")


def child_hash(salt: bytes, child_id: str) -> str:
    """The same child in the CIN census and the 903 (same LA id) gets the same hash."""
    return hashlib.sha256(salt + b"\x00" + child_id.strip().encode("utf-8")).hexdigest()[:20]

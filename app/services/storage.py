"""Content-addressed storage of receipt originals: SHA-256 names, atomic writes, never overwritten."""
from __future__ import annotations

import hashlib
import os
import tempfile
import time
from pathlib import Path

TMP_PREFIX = ".tmp-"


def sha256_hex(data: bytes) -> str:
    """The hex SHA-256 of `data` (the blob's name)."""
    return hashlib.sha256(data).hexdigest()


def blob_path(upload_dir: str | os.PathLike, sha256: str) -> Path:
    """Where the blob named `sha256` lives: <dir>/ab/cd/<sha256> (two levels keep folders small)."""
    if len(sha256) != 64 or any(c not in "0123456789abcdef" for c in sha256):
        raise ValueError("not a SHA-256 hex digest")
    return Path(upload_dir) / sha256[:2] / sha256[2:4] / sha256


def _fsync_dir(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def store_blob(upload_dir: str | os.PathLike, data: bytes) -> tuple[str, bool]:
    """Write `data` under its hash unless it is there already; return (sha256, created).

    Temp file in the target folder, fsync, then link() to the final name: link fails instead of
    overwriting, so two writers of the same bytes race safely and readers never see a partial file.
    """
    sha = sha256_hex(data)
    final = blob_path(upload_dir, sha)
    if final.exists():
        return sha, False
    final.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=TMP_PREFIX, dir=final.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        try:
            os.link(tmp, final)
            created = True
        except FileExistsError:
            created = False  # someone stored the same bytes first: same content, keep theirs
    finally:
        os.unlink(tmp)
    _fsync_dir(final.parent)
    return sha, created


def read_blob(upload_dir: str | os.PathLike, sha256: str) -> bytes:
    """The stored bytes of blob `sha256` (FileNotFoundError if it is gone)."""
    return blob_path(upload_dir, sha256).read_bytes()


def remove_blob(upload_dir: str | os.PathLike, sha256: str) -> bool:
    """Delete blob `sha256`; True if a file was removed."""
    try:
        blob_path(upload_dir, sha256).unlink()
    except FileNotFoundError:
        return False
    return True


def iter_blobs(upload_dir: str | os.PathLike, *, older_than_s: float = 0.0):
    """(sha256, path) of every stored blob, plus leftover temp files, older than `older_than_s`."""
    root = Path(upload_dir)
    if not root.is_dir():
        return
    cutoff = time.time() - older_than_s
    for path in root.glob("??/??/*"):
        if not path.is_file() or path.stat().st_mtime > cutoff:
            continue
        yield (None if path.name.startswith(TMP_PREFIX) else path.name), path


def count_files(upload_dir: str | os.PathLike) -> int:
    """How many files (blobs and temp files) are under `upload_dir`."""
    root = Path(upload_dir)
    return sum(1 for p in root.rglob("*") if p.is_file()) if root.is_dir() else 0

"""The package's regular expressions compiled once per machine, not once per process.

Python compiles each pattern from its source text in every process, and a Hangul class ('[가-힣]', 11,172
letters) is laid out letter by letter each time: the parsers' ~140 patterns cost ~0.1 s of CPU at every
`python -m ocr` start, a third of the package's import. `kept()` wraps the package's import: a pattern
compiled there is built from the opcodes kept on disk when they were compiled before (by this same Python,
the same regular expression engine), else compiled as usual and its opcodes written out at the end.
The pattern objects are the ones `re` would build, the same opcodes handed to the same constructor; any
failure (no cache folder, a foreign file, another interpreter) falls back to compiling as usual.

The cache file sits beside the detector's optimised graph (OCR_MODEL_CACHE, default ~/.cache/yeobi-ocr;
empty: no cache). Only while the package's modules are imported is `re`'s compiler wrapped (a library
they import first compiles its patterns there too, to the same objects); an application's own patterns,
and those compiled later, are compiled as usual.
"""

from __future__ import annotations

import contextlib
import marshal
import os
import sys
import zlib

try:
    import _sre
    from re import _compiler, _parser
except ImportError:  # another interpreter: compile as usual
    _sre = None

# What a kept entry is laid out for: the interpreter and its regular expression engine's opcodes.
_KIND = f"{sys.implementation.cache_tag}-{getattr(_sre, 'MAGIC', 0)}-{getattr(_sre, 'CODESIZE', 0)}"
# Flags that make the compiler print or warn: those patterns are compiled as usual.
_AS_USUAL = 128 | 1  # re.DEBUG, re.TEMPLATE


def cache_file() -> str | None:
    """Where the opcodes are kept, None when nowhere (OCR_MODEL_CACHE empty, or no interpreter support)."""
    if _sre is None:
        return None
    folder = os.environ.get("OCR_MODEL_CACHE")
    if folder is None:
        base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
        folder = os.path.join(base, "yeobi-ocr")
    if not folder:
        return None
    tag = zlib.crc32(f"{sys.version}|{_KIND}".encode())
    return os.path.join(folder, f"patterns-{sys.implementation.cache_tag}-{tag:08x}.marshal")


def _load(path: str) -> dict:
    try:
        with open(path, "rb") as f:
            kept = marshal.load(f)
    except (OSError, EOFError, ValueError, TypeError):
        return {}
    return kept if isinstance(kept, dict) and kept.get("kind") == _KIND else {}


def _opcodes(pattern: str, flags: int) -> tuple:
    """What re._compiler.compile hands _sre.compile for `pattern` (its own steps, in its own order)."""
    parsed = _parser.parse(pattern, flags)
    code = _compiler._code(parsed, flags)
    groupindex = dict(parsed.state.groupdict)
    indexgroup = [None] * parsed.state.groups
    for name, i in groupindex.items():
        indexgroup[i] = name
    codes = [int(c) for c in code]  # plain ints: the compiler's named opcodes do not marshal
    return flags | parsed.state.flags, codes, parsed.state.groups - 1, groupindex, tuple(indexgroup)


@contextlib.contextmanager
def kept():
    """Patterns compiled inside come from the kept opcodes where there are some (see the module's text)."""
    path = cache_file()
    if path is None:
        yield
        return
    kept_ = _load(path)
    table: dict = kept_.get("patterns", {})
    used: dict = {}
    original = _compiler.compile

    def compile_kept(p, flags=0):
        if not isinstance(p, str) or flags & _AS_USUAL:
            return original(p, flags)
        key = (p, flags)
        try:
            entry = table.get(key) or _opcodes(p, flags)
            compiled = _sre.compile(p, entry[0], entry[1], entry[2], entry[3], entry[4])
        except Exception:  # noqa: BLE001 - a kept entry or an engine the layout does not fit: as usual
            return original(p, flags)
        used[key] = entry
        return compiled

    _compiler.compile = compile_kept
    try:
        yield
    finally:
        _compiler.compile = original
        if used.keys() != table.keys():  # only the patterns compiled now: edited ones do not pile up
            _save(path, {"kind": _KIND, "patterns": used})


def _save(path: str, kept_: dict) -> None:
    """Write the table whole or not at all (another process may be reading it)."""
    partial = f"{path}.{os.getpid()}.partial"
    try:
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(partial, "wb") as f:
            marshal.dump(kept_, f)
        os.replace(partial, path)
    except (OSError, ValueError):
        with contextlib.suppress(OSError):
            os.remove(partial)

"""Which files a batch reads, where each one's output goes, and refusing output locations that could touch inputs."""

from __future__ import annotations

import errno
import fnmatch
import hashlib
import itertools
import os
import stat
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from cleaner.io.readers import (
    FILE_TYPES,
    MULTI_RECORD_KINDS,
    STREAMED_KINDS,
    SUPPORTED,
    display_path,
    kind_of,
    strip_compression,
    suffix_of,
)

# The longest file name, in bytes, that ext4, XFS, Btrfs and APFS take (NTFS: 255 UTF-16 units, no fewer).
NAME_MAX_BYTES = 255
STDIN = "-"
STDIN_KEY = "stdin"
# Files the batch itself writes at the top of the output folder; an input mapped there is renamed.
REPORT_NAME = "report.json"
REPORT_HTML_NAME = "report.html"
STATE_NAME = ".cleaner-state.jsonl"
FORMAT_EXTENSIONS = {"json": ".json", "text": ".txt", "md": ".md"}


class BatchError(ValueError):
    """A problem with the command as given (missing input, output inside an input); one line for the user."""


@dataclass(frozen=True, slots=True)
class InputFile:
    """One input as the batch sees it: where to read it, what kind it is, and where its output goes.

    `key` is its path inside the mirrored output tree (raw: it may hold undecodable name bytes);
    `target` is its output file (single-document kinds and a .json holding one record) and
    `target_dir` the folder for a file of many records. `error` says why an input found in a
    folder cannot be read at all (a dangling link, a FIFO); `skipped` why it is not read on purpose.
    """

    path: str | None
    source: str
    key: str
    kind: str
    size: int
    mtime: float | None
    target: str | None = None
    target_dir: str | None = None
    error: str | None = None
    skipped: str | None = None

    @property
    def is_stdin(self) -> bool:
        """stdin is read once and never skipped by resume."""
        return self.path is None

    @property
    def doc_id(self) -> str:
        """The id of a whole-file document: its key, shown safely when the name is not UTF-8."""
        return display_path(self.key)


def _matches(rel: str, patterns: Sequence[str]) -> bool:
    """A glob matches the relative path (`sub/*.txt`, `**/x`) or, for bare patterns, any file name."""
    pure = PurePosixPath(rel)
    return any(fnmatch.fnmatch(rel, p) or pure.match(p) for p in patterns)


@dataclass(slots=True)
class _Walk:
    files: list[str] = field(default_factory=list)
    linked_dirs: list[str] = field(default_factory=list)
    unlisted: list[tuple[str, str]] = field(default_factory=list)  # (relative folder, why it could not be listed)


def _walk(root: Path) -> _Walk:
    """Relative POSIX paths of the files under `root`, skipping hidden files and folders.

    Sorted by path components (as `find | sort` would list them), so input order, and with it
    the order of JSONL output, does not depend on the file system. Folders reached through a
    symbolic link are not followed (a link can loop) but listed, so the report can say so; folders
    that cannot be listed are listed too.
    """
    out = _Walk()

    def unlisted(exc: OSError) -> None:
        where = Path(exc.filename).relative_to(root).as_posix() if exc.filename else "."
        out.unlisted.append((where, f"cannot list folder: {exc.strerror or exc}"))

    for dirpath, dirnames, filenames in os.walk(root, onerror=unlisted):
        rel_dir = Path(dirpath).relative_to(root).as_posix()
        prefix = "" if rel_dir == "." else rel_dir + "/"  # joined as text, not a path object per file
        visible = [d for d in dirnames if not d.startswith(".")]
        linked = [d for d in visible if os.path.islink(os.path.join(dirpath, d))]
        dirnames[:] = [d for d in visible if d not in linked]
        out.linked_dirs.extend(prefix + d for d in linked)
        out.files.extend(prefix + name for name in filenames if not name.startswith("."))
    out.files.sort(key=lambda rel: rel.split("/"))
    out.linked_dirs.sort(key=lambda rel: rel.split("/"))
    return out


@dataclass(slots=True)
class Discovery:
    """The inputs in order, plus how many files in the folders were of a kind batch mode does not read."""

    inputs: list[InputFile]
    unsupported: int = 0


@dataclass(slots=True)
class _Found:
    path: str | None
    source: str
    abspath: str
    kind: str
    # The two fields of the file's stat the input keeps (a whole stat result, with its numbers, was ~0.6 kB an input
    # while discovery ran).
    size: int = 0
    mtime: float | None = None
    error: str | None = None
    skipped: str | None = None


def _found(path: str, abspath: str, kind: str, st: os.stat_result | None, error: str | None) -> _Found:
    if st is None:
        return _Found(path, display_path(path), abspath, kind, error=error)
    return _Found(path, display_path(path), abspath, kind, st.st_size, st.st_mtime, error)


def _stat_file(path: str) -> tuple[os.stat_result | None, str | None]:
    """The file's stat, or why it cannot be read: a dangling or looping link, a FIFO, a device."""
    try:
        st = os.stat(path)
    except OSError as exc:
        if isinstance(exc, FileNotFoundError) and os.path.islink(path):
            return None, "dangling symbolic link"
        if exc.errno == errno.ELOOP:
            return None, "symbolic link loop"
        return None, f"cannot read: {exc.strerror or exc}"
    if not stat.S_ISREG(st.st_mode):
        what = next((w for test, w in FILE_TYPES if test(st.st_mode)), "a special file")
        return None, f"not a regular file ({what})"
    return st, None


def _joined(folder: str, rel: str) -> str:
    """`str(Path(folder) / rel)` for a relative POSIX path found by `_walk`, joined as text."""
    if os.sep != "/":
        rel = rel.replace("/", os.sep)
    return rel if folder == "." else os.path.join(folder, rel)


def _without_suffix(key: str) -> str:
    """`str(PurePosixPath(key).with_suffix(""))` for a key (already normal), cut as text."""
    return key[: len(key) - len(suffix_of(key.rpartition("/")[2]))]


class _Keys:
    """Inputs' paths in the output tree, relative to the inputs' common root: the relative path of each folder is
    worked out once (`os.path.relpath` per file was a tenth of a batch's start over 50,000 files)."""

    def __init__(self, root: str) -> None:
        self.root = root
        self.folders: dict[str, str] = {}

    def _relative(self, path: str) -> str:
        return Path(os.path.relpath(path, self.root)).as_posix()

    def key(self, abspath: str) -> str:
        folder, name = os.path.split(abspath)
        if name in ("", ".", ".."):
            return self._relative(abspath)  # a folder's own entry: relpath normalises the name away
        rel = self.folders.get(folder)
        if rel is None:
            rel = self.folders[folder] = self._relative(folder)
        return name if rel == "." else f"{rel}/{name}"


def discover(
    paths: Sequence[str], include: Sequence[str] = (), exclude: Sequence[str] = (), fmt: str = "json"
) -> Discovery:
    """Expand folders (recursively, filtered by globs), keep named files, and plan each output path.

    Files found in folders that cannot be read (dangling links, link loops, FIFOs, devices) become
    failed inputs with their reason, so one bad entry neither stops discovery nor goes unreported.
    """
    if not paths:
        raise BatchError("no inputs given")
    if paths.count(STDIN) > 1:
        raise BatchError("`-` (stdin) may be given only once")
    found: list[_Found] = []
    roots: list[str] = []
    unsupported = 0
    for given in paths:
        if given == STDIN:
            found.append(_Found(None, "<stdin>", "", "jsonl"))
            continue
        p = Path(given)
        absolute = os.path.abspath(given)
        if p.is_dir():
            roots.append(absolute)
            walk = _walk(p)
            folder = str(p)
            for rel, why in walk.unlisted:
                found.append(_Found(str(p / rel), display_path(str(p / rel)), os.path.join(absolute, rel), "folder"))
                found[-1].error = why
            for rel in walk.linked_dirs:
                item = _Found(str(p / rel), display_path(str(p / rel)), os.path.join(absolute, rel), "folder")
                item.skipped = "symbolic link to a folder, not followed (name it as an input to read it)"
                found.append(item)
            for rel in walk.files:
                if include and not _matches(rel, include):
                    continue
                if exclude and _matches(rel, exclude):
                    continue
                kind = kind_of(rel)
                if kind is None:
                    unsupported += 1
                    continue
                path = _joined(folder, rel)
                st, error = _stat_file(path)
                found.append(_found(path, os.path.join(absolute, rel), kind, st, error))
        elif p.is_file():
            kind = kind_of(p)
            if kind is None:
                raise BatchError(f"{display_path(given)}: unsupported file type (want {SUPPORTED})")
            roots.append(os.path.dirname(absolute))
            st, error = _stat_file(given)
            found.append(_found(given, absolute, kind, st, error))
        elif p.exists():
            _, error = _stat_file(given)
            raise BatchError(f"{display_path(given)}: {error or 'not a regular file or folder'}")
        else:
            raise BatchError(f"{display_path(given)}: no such file or folder")
    root = os.path.commonpath(roots) if roots else ""
    keys = _Keys(root)
    seen: set[str] = set()
    unique: list[tuple[_Found, str]] = []
    for f in found:
        key = STDIN_KEY if f.path is None else keys.key(f.abspath)
        if f.path is not None and f.abspath in seen:
            continue  # the same file named twice (or named and inside a named folder) is one input
        seen.add(f.abspath)
        unique.append((f, key))
    return Discovery(plan_targets(unique, fmt), unsupported)


class _Claims:
    """Output paths already given out, compared case-insensitively (macOS and Windows fold case).

    A path may not be claimed twice, nor lie inside a claimed file or records folder, nor contain
    anything already claimed: a records folder `x.json/` and a file `x.json/a.json` would mix.
    """

    def __init__(self, reserved: Sequence[str]) -> None:
        self.files = {r.lower() for r in reserved}
        self.dirs: set[str] = set()
        self.ancestors: set[str] = set()

    def free(self, rel: str) -> bool:
        k = rel.lower()
        if k in self.files or k in self.dirs or k in self.ancestors:
            return False
        parts = k.split("/")
        return not any(
            "/".join(parts[:i]) in self.files or "/".join(parts[:i]) in self.dirs for i in range(1, len(parts))
        )

    def claim(self, rel: str, *, folder: bool) -> None:
        k = rel.lower()
        (self.dirs if folder else self.files).add(k)
        parts = k.split("/")
        self.ancestors.update("/".join(parts[:i]) for i in range(1, len(parts)))


def _fitted(rel: str, ext: str) -> str:
    """`rel` (ending in `ext`) with a last part the file system takes: a name past NAME_MAX_BYTES (an input named up to
    the limit gains a longer extension, `.txt` to `.json`, and could not be written) keeps as much of its stem as fits,
    then `~` and 8 hex digits of the whole name, so two long names that share a start still differ."""
    folder, _, name = rel.rpartition("/")
    if len(os.fsencode(name)) <= NAME_MAX_BYTES:
        return rel
    tag = "~" + hashlib.sha1(os.fsencode(name)).hexdigest()[:8] + ext
    stem = name[: len(name) - len(ext)] if ext and name.endswith(ext) else name
    while stem and len(os.fsencode(stem + tag)) > NAME_MAX_BYTES:
        stem = stem[:-1]
    return f"{folder}/{stem}{tag}" if folder else stem + tag


def _first_free(claims: _Claims, candidates: Iterator[str], own: str | None = None, ext: str = "") -> str:
    for candidate in candidates:
        c = _fitted(candidate, ext)
        if c == own or claims.free(c):
            return c
    raise AssertionError("unreachable: the candidates never end")  # pragma: no cover


def plan_targets(found: Sequence[tuple[_Found, str]], fmt: str) -> list[InputFile]:
    """Give every input a distinct output path, deterministically from the input list alone.

    `a/x.txt` goes to `a/x.json`; if that is taken (by `a/x.html`, by `a/x.txt.gz`, by the report,
    or by a folder reserved for a file of records) the full name is kept (`a/x.txt.json`,
    `a/x.txt.gz.json`), then `~2`, `~3`. Records folders are given out first, in input order.
    """
    ext = FORMAT_EXTENSIONS[fmt]
    claims = _Claims((REPORT_NAME, REPORT_HTML_NAME, STATE_NAME))
    dirs: dict[int, str] = {}
    for i, (f, key) in enumerate(found):
        if f.error is None and f.skipped is None and (f.kind in MULTI_RECORD_KINDS or f.path is None):
            base = strip_compression(key)
            numbered = (f"{base}~{n}" for n in itertools.count(2))
            dirs[i] = _first_free(claims, itertools.chain(dict.fromkeys((base, key)), numbered))
            claims.claim(dirs[i], folder=True)
    out: list[InputFile] = []
    for i, (f, key) in enumerate(found):
        if f.path is None:
            out.append(InputFile(None, f.source, key, "jsonl", 0, None, None, dirs[i]))
            continue
        target = None
        if f.error is None and f.skipped is None and f.kind not in STREAMED_KINDS:
            base = strip_compression(key)
            stem = _without_suffix(base)
            numbered = (f"{base}~{n}{ext}" for n in itertools.count(2))
            # A .json input may take the name of its own records folder: it uses one or the other.
            target = _first_free(
                claims, itertools.chain(dict.fromkeys((stem + ext, base + ext, key + ext)), numbered), dirs.get(i), ext
            )
            claims.claim(target, folder=False)
        out.append(
            InputFile(
                f.path,
                f.source,
                key,
                f.kind,
                f.size,
                f.mtime,
                target,
                dirs.get(i),
                f.error,
                f.skipped,
            )
        )
    return out


def _inside(child: Path, parent: Path) -> bool:
    return child == parent or parent in child.parents


def check_locations(
    paths: Sequence[str],
    out_dir: str | None,
    jsonl: str | None,
    report: str | None,
    report_html: str | None = None,
    jsonl_label: str = "--jsonl",
) -> None:
    """Refuse any output that could overwrite or land inside an input, before anything is written."""
    folders = [Path(p).resolve() for p in paths if p != STDIN and Path(p).is_dir()]
    files = [Path(p).resolve() for p in paths if p != STDIN and Path(p).is_file()]
    if out_dir is not None:
        out = Path(out_dir).resolve()
        if out.exists() and not out.is_dir():
            raise BatchError(f"{out_dir}: exists and is not a folder")
        for f in folders:
            if _inside(out, f):
                raise BatchError(
                    f"output folder {out_dir} is inside or equal to input folder {f}; "
                    "choose a location outside the inputs"
                )
            # Outputs, temp-file sweeps and stale-output removal all happen under OUT: keep inputs out of it.
            if _inside(f, out):
                raise BatchError(
                    f"input folder {f} is inside output folder {out_dir}; choose an output folder that holds no inputs"
                )
        for f in files:
            if _inside(f, out):
                raise BatchError(f"input file {f} is inside output folder {out_dir}; it could be overwritten")
    for label, target in ((jsonl_label, jsonl), ("--report", report), ("--report-html", report_html)):
        if target is None or target == STDIN:
            continue
        t = Path(target).resolve()
        if any(_inside(t, f) for f in folders) or t in files:
            raise BatchError(f"{label} {target} is inside an input folder or is an input file")
        if t.is_dir():
            raise BatchError(f"{label} {target} is a folder; give a file path")
    if report is not None and report != STDIN:
        _check_report("--report", Path(report).resolve(), report, out_dir, jsonl, jsonl_label, REPORT_NAME)
    if report_html is not None and report_html != STDIN:
        rep = Path(report_html).resolve()
        if report is not None and rep == Path(report).resolve():
            raise BatchError(f"--report-html {report_html} would overwrite the --report file; choose another path")
        _check_report("--report-html", rep, report_html, out_dir, jsonl, jsonl_label, REPORT_HTML_NAME)


def _check_report(
    label: str, rep: Path, given: str, out_dir: str | None, jsonl: str | None, jsonl_label: str, own_name: str
) -> None:
    """A report may not overwrite another output: the JSONL file, its state, or anything under OUT."""
    if jsonl is not None and jsonl != STDIN:
        j = Path(jsonl).resolve()
        if rep in (j, j.parent / f".{j.name}{STATE_NAME}"):
            raise BatchError(f"{label} {given} would overwrite the {jsonl_label} output; choose another path")
    if out_dir is not None:
        out = Path(out_dir).resolve()
        if _inside(rep, out) and rep != out / own_name:
            raise BatchError(
                f"{label} {given} is inside the output folder, where it could overwrite an output; "
                f"choose a path outside it (or {Path(out_dir) / own_name})"
            )

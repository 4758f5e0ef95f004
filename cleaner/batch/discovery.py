"""Which files a batch reads, where each one's output goes, and refusing output locations that could touch inputs."""

from __future__ import annotations

import fnmatch
import itertools
import os
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from cleaner.io.readers import MULTI_RECORD_KINDS, STREAMED_KINDS, kind_of, strip_gz

STDIN = "-"
STDIN_KEY = "stdin"
# Files the batch itself writes at the top of the output folder; an input mapped there is renamed.
REPORT_NAME = "report.json"
STATE_NAME = ".cleaner-state.jsonl"
FORMAT_EXTENSIONS = {"json": ".json", "text": ".txt", "md": ".md"}


class BatchError(ValueError):
    """A problem with the command as given (missing input, output inside an input); one line for the user."""


@dataclass(frozen=True, slots=True)
class InputFile:
    """One input as the batch sees it: where to read it, what kind it is, and where its output goes.

    `key` is its path inside the mirrored output tree; `target` is its output file (single-document
    kinds and a .json holding one record) and `target_dir` the folder for a file of many records.
    """

    path: str | None
    source: str
    key: str
    kind: str
    size: int
    mtime: float | None
    target: str | None = None
    target_dir: str | None = None

    @property
    def is_stdin(self) -> bool:
        """stdin is read once and never skipped by resume."""
        return self.path is None


def _matches(rel: str, patterns: Sequence[str]) -> bool:
    """A glob matches the relative path (`sub/*.txt`, `**/x`) or, for bare patterns, any file name."""
    pure = PurePosixPath(rel)
    return any(fnmatch.fnmatch(rel, p) or pure.match(p) for p in patterns)


def _walk(root: Path) -> list[str]:
    """Relative POSIX paths of the files under `root`, skipping hidden files and folders.

    Sorted by path components (as `find | sort` would list them), so input order, and with it
    the order of JSONL output, does not depend on the file system.
    """
    out: list[str] = []
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames[:] = [d for d in dirnames if not d.startswith(".")]
        rel_dir = Path(dirpath).relative_to(root)
        out.extend((rel_dir / name).as_posix() for name in filenames if not name.startswith("."))
    return sorted(out, key=lambda rel: rel.split("/"))


@dataclass(slots=True)
class Discovery:
    """The inputs in order, plus how many files in the folders were of a kind batch mode does not read."""

    inputs: list[InputFile]
    unsupported: int = 0


def discover(
    paths: Sequence[str], include: Sequence[str] = (), exclude: Sequence[str] = (), fmt: str = "json"
) -> Discovery:
    """Expand folders (recursively, filtered by globs), keep named files, and plan each output path."""
    if not paths:
        raise BatchError("no inputs given")
    if paths.count(STDIN) > 1:
        raise BatchError("`-` (stdin) may be given only once")
    single_folder = len(paths) == 1 and paths[0] != STDIN and Path(paths[0]).is_dir()
    found: list[tuple[str | None, str, str]] = []  # (path, source, key)
    unsupported = 0
    for given in paths:
        if given == STDIN:
            found.append((None, "<stdin>", STDIN_KEY))
            continue
        p = Path(given)
        if p.is_dir():
            prefix = "" if single_folder else (p.resolve().name + "/")
            for rel in _walk(p):
                if include and not _matches(rel, include):
                    continue
                if exclude and _matches(rel, exclude):
                    continue
                if kind_of(rel) is None:
                    unsupported += 1
                    continue
                found.append((str(p / rel), str(p / rel), prefix + rel))
        elif p.is_file():
            if kind_of(p) is None:
                raise BatchError(
                    f"{given}: unsupported file type "
                    "(want .txt, .html, .htm, .json, .jsonl, .ndjson or .warc, optionally .gz)"
                )
            found.append((str(p), str(p), p.name))
        elif p.exists():
            raise BatchError(f"{given}: not a regular file or folder")
        else:
            raise BatchError(f"{given}: no such file or folder")
    return Discovery(plan_targets(found, fmt), unsupported)


def plan_targets(found: Sequence[tuple[str | None, str, str]], fmt: str) -> list[InputFile]:
    """Give every input a distinct output path, deterministically from the input list alone.

    `a/x.txt` goes to `a/x.json`; if that is taken (by `a/x.html`, by the report, or by a folder
    reserved for a file of records) the full name is kept (`a/x.html.json`), then `~2`, `~3`.
    """
    ext = FORMAT_EXTENSIONS[fmt]
    taken = {REPORT_NAME.lower(), STATE_NAME.lower()}
    out: list[InputFile] = []
    # Folders for many-record files are reserved first, so a single file cannot take their name.
    for path, _source, key in found:
        kind = STDIN_KEY if path is None else kind_of(key)
        if kind in MULTI_RECORD_KINDS or path is None:
            taken.add(strip_gz(key).lower())
    for path, source, key in found:
        if path is None:
            out.append(InputFile(None, source, key, "jsonl", 0, None, None, key))
            continue
        kind = kind_of(key) or "txt"
        st = os.stat(path)
        base = strip_gz(key)
        target_dir = base if kind in MULTI_RECORD_KINDS else None
        target = None
        if kind not in STREAMED_KINDS:
            stem = str(PurePosixPath(base).with_suffix(""))
            suffixed = (f"{base}~{i}{ext}" for i in itertools.count(2))
            for candidate in itertools.chain((stem + ext, base + ext), suffixed):
                # A .json input may take the name reserved for its own records folder: it uses one or the other.
                if candidate.lower() not in taken or candidate == target_dir:
                    target = candidate
                    taken.add(candidate.lower())
                    break
        out.append(InputFile(path, source, key, kind, st.st_size, st.st_mtime, target, target_dir))
    return out


def _inside(child: Path, parent: Path) -> bool:
    return child == parent or parent in child.parents


def check_locations(paths: Sequence[str], out_dir: str | None, jsonl: str | None, report: str | None) -> None:
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
    for label, target in (("--jsonl", jsonl), ("--report", report)):
        if target is None or target == STDIN:
            continue
        t = Path(target).resolve()
        if any(_inside(t, f) for f in folders) or t in files:
            raise BatchError(f"{label} {target} is inside an input folder or is an input file")

"""Bytes to text for every reader: gzip, BOMs, UTF-8 with a fallback, and refusing binary data."""

from __future__ import annotations

import codecs
import gzip
import zlib
from typing import Final

import regex

GZIP_MAGIC = b"\x1f\x8b"
# Control bytes other than tab/newline/CR/form feed in the first 8 KB mark a binary file;
# 1% tolerates a stray \x00 or \x1b in scraped text without letting images through.
BINARY_SNIFF_BYTES = 8192
BINARY_CONTROL_RATIO = 0.01
# The control bytes `looks_binary` counts: below 32, but for tab, newline, form feed and carriage return.
_CONTROLS = bytes(b for b in range(32) if b not in (9, 10, 12, 13))
# Refuse single documents above this size: no news article is 50 MB of text, and holding one
# that size per worker would break batch mode's memory ceiling.
MAX_DOCUMENT_BYTES = 50 * 1024 * 1024
FALLBACK_ENCODING = "cp1252"
# Where a page's charset declaration is looked for. The HTML standard's prescan reads 1,024 bytes;
# real pages put <meta charset> after long comments, inline scripts and styles, and browsers then
# switch encoding when the parser reaches it. 16 KB covers every declaration in the dev corpus.
DECLARATION_SNIFF_BYTES: Final = 16 * 1024
# Bytes handed to charset_normalizer: its accuracy saturates well before this, its time does not.
DETECTION_SNIFF_BYTES: Final = 64 * 1024
# Above this share of undecodable characters the text is damaged enough that its record must say
# so (status `partial`): 0.5% is one broken character in every ~30 words, far beyond the odd stray
# byte of a mostly clean page.
MAX_REPLACEMENT_SHARE: Final = 0.005
# Detection needs evidence: with fewer non-ASCII bytes than this, charset_normalizer guesses
# wildly ("café" in latin-1 came back as two CJK characters) and windows-1252, the browsers'
# Western default, is the better bet.
DETECTION_MIN_NON_ASCII: Final = 16
# Warnings that start with this mark a document the batch must report as `partial`, not `ok`.
PARTIAL_WARNING_PREFIX: Final = "partial: "
_WHATWG_ALIASES: Final = {
    "iso-8859-1": "cp1252",
    "iso8859-1": "cp1252",
    "latin1": "cp1252",
    "latin-1": "cp1252",
    "l1": "cp1252",
    "us-ascii": "cp1252",
    "ascii": "cp1252",
    "iso-8859-9": "cp1254",
    "gb2312": "gbk",
    "x-sjis": "shift_jis",
    "utf8": "utf-8",
    "unicode": "utf-8",
}
# `<meta charset=x>` and `<meta http-equiv=Content-Type content="text/html; charset=x">` alike.
_META_CHARSET = regex.compile(rb"""(?i)<meta\b[^>]{0,500}?charset\s*=\s*["']?\s*([\w.:-]{2,40})""")
_XML_ENCODING = regex.compile(rb"""(?i)\s*<\?xml[^>]{0,200}?encoding\s*=\s*["']([\w.:-]{2,40})""")


class InputError(ValueError):
    """A document that cannot be cleaned; the message is the one-line reason for the report.

    `record_id` is the id a JSON record gave itself, where it was read that far: the error record and the report then
    name the record a user knows it by, not only the line it was on."""

    def __init__(self, reason: str, record_id: str | None = None) -> None:
        super().__init__(reason)
        self.record_id = record_id

    def __reduce__(self) -> tuple[type[InputError], tuple[str, str | None]]:
        # Pickled by its arguments (a pool's worker hands errors back): without this, `record_id` would be lost.
        return type(self), (str(self), self.record_id)


def maybe_gunzip(data: bytes, max_bytes: int = MAX_DOCUMENT_BYTES) -> bytes:
    """Decompress gzip data (sniffed by magic bytes, not by file name), bounded in size."""
    if not data.startswith(GZIP_MAGIC):
        return data
    try:
        d = zlib.decompressobj(16 + zlib.MAX_WBITS)
        out = d.decompress(data, max_bytes + 1)
    except (zlib.error, EOFError, gzip.BadGzipFile) as exc:
        raise InputError(f"corrupt gzip data ({exc})") from None
    if len(out) > max_bytes:
        raise InputError(f"document larger than {max_bytes // (1024 * 1024)} MB after decompression")
    return out


def looks_binary(data: bytes) -> bool:
    """NUL bytes or many control characters near the start: an image, PDF or archive, not text."""
    head = data[:BINARY_SNIFF_BYTES]
    if b"\x00" in head:
        return True
    # Counted in C, by what deleting them leaves: a Python loop over the bytes was ~70 us a dev page, 2% of `cleaner
    # batch -j 1`'s time (BENCHMARKS.md, forty-third round).
    controls = len(head) - len(head.translate(None, _CONTROLS))
    return bool(head) and controls / len(head) > BINARY_CONTROL_RATIO


def decode_bytes(data: bytes, max_bytes: int = MAX_DOCUMENT_BYTES) -> tuple[str, list[str]]:
    """Text plus warnings; raises InputError for empty, oversized or binary input.

    The encoding is chosen as a browser would: a BOM first, then the page's own declaration
    (`<meta charset>`, `http-equiv`, an XML prolog), then detection. A declaration is overruled only
    by bytes that are valid UTF-8 with non-ASCII characters, the commonest mislabelling on the web
    (a CMS that writes UTF-8 under a template still saying windows-1252).
    """
    if len(data) > max_bytes:
        raise InputError(f"document larger than {max_bytes // (1024 * 1024)} MB")
    data = maybe_gunzip(data, max_bytes)
    if not data.strip():
        raise InputError("empty document")
    for bom, enc in ((b"\xef\xbb\xbf", "utf-8"), (b"\xff\xfe", "utf-16-le"), (b"\xfe\xff", "utf-16-be")):
        if data.startswith(bom):
            try:
                return data[len(bom) :].decode(enc), []
            except UnicodeDecodeError:
                break
    if looks_binary(data):
        raise InputError("binary data, not text")
    declared = declared_encoding(data)
    utf8 = _try_decode(data, "utf-8")
    if declared and declared != "utf-8" and not (utf8 is not None and not data.isascii()):
        text = _try_decode(data, declared)
        if text is not None:
            return text, []
    if utf8 is not None:
        return utf8, []
    if declared:
        return _decode_with_replacements(data, declared, "declared")
    encoding = detect_encoding(data) or FALLBACK_ENCODING
    text, warnings = _decode_with_replacements(data, encoding, "detected")
    # Saying which encoding was guessed lets a user spot a wrong guess in the record.
    return text, [f"not UTF-8 and no charset declared; decoded as {encoding}", *warnings]


def _try_decode(data: bytes, encoding: str) -> str | None:
    try:
        return data.decode(encoding)
    except (UnicodeDecodeError, LookupError):
        return None


def _decode_with_replacements(data: bytes, encoding: str, how: str) -> tuple[str, list[str]]:
    """Decode what can be decoded; a text with many replacement characters is flagged partial."""
    text = data.decode(encoding, errors="replace")
    bad = text.count("\ufffd") - _count_replacement_chars_in_source(data, encoding)
    warnings: list[str] = []
    if bad > 0:
        share = bad / max(1, len(text))
        msg = f"{bad} undecodable bytes ({share:.2%}); decoded as {encoding} ({how}) with replacements"
        warnings.append(PARTIAL_WARNING_PREFIX + msg if share > MAX_REPLACEMENT_SHARE else msg)
    return text, warnings


def _count_replacement_chars_in_source(data: bytes, encoding: str) -> int:
    """U+FFFD the source itself holds (encoded), which are not decoding failures."""
    try:
        return data.count("\ufffd".encode(encoding))
    except (UnicodeEncodeError, LookupError):
        return 0


def declared_encoding(data: bytes) -> str | None:
    """The charset the document declares in its first bytes, as a Python codec name, or None.

    Browsers read the declaration from the first 1,024 bytes; pages in the wild put it further
    down after long comments or scripts, so we look in DECLARATION_SNIFF_BYTES.
    """
    head = data[:DECLARATION_SNIFF_BYTES]
    m = _META_CHARSET.search(head) or _XML_ENCODING.match(head)
    if not m:
        return None
    return normalise_encoding(m.group(1).decode("ascii", "ignore"))


def normalise_encoding(label: str) -> str | None:
    """A charset label to a Python codec name, with the WHATWG aliases browsers apply.

    Browsers decode "iso-8859-1", "latin1" and "ascii" as windows-1252, and "gb2312" as GBK;
    doing the same keeps curly quotes and euro signs that the stricter codec would turn into
    control characters.
    """
    name = label.strip().strip("\"'").lower()
    name = _WHATWG_ALIASES.get(name, name)
    try:
        return codecs.lookup(name).name
    except LookupError:
        return None


def detect_encoding(data: bytes) -> str | None:
    """charset_normalizer's best guess (trafilatura depends on it already), or None."""
    try:
        from charset_normalizer import from_bytes
    except ImportError:  # pragma: no cover - a trafilatura dependency, always present
        return None
    sample = data[:DETECTION_SNIFF_BYTES]
    if sum(1 for b in sample if b >= 0x80) < DETECTION_MIN_NON_ASCII:
        return None
    best = from_bytes(sample).best()
    return normalise_encoding(best.encoding) if best is not None else None


def is_partial_warning(warning: str) -> bool:
    """True for a warning that makes its document `partial`: the batch report reads this."""
    return warning.startswith(PARTIAL_WARNING_PREFIX)

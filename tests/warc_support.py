"""A small WARC written with warcio, for the WARC reader and batch tests."""

from __future__ import annotations

from io import BytesIO
from pathlib import Path

from tests.conftest import FIXTURES

HARBOUR_URL = "https://news.example.org/harbour"


def _http(status: str, content_type: str, body: bytes) -> list[tuple[str, str]]:
    return [("Content-Type", content_type), ("Content-Length", str(len(body)))]


def write_small_warc(path: Path, *, gzip: bool = True) -> dict[str, str]:
    """Two HTML pages, an image, a redirect, a request and warcinfo; returns {url: record id} of the pages."""
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    pages = {
        HARBOUR_URL: (FIXTURES / "scrapy" / "harbour.html").read_bytes(),
        "https://news.example.org/latin1": (
            "<html><head><title>Caf\u00e9 rules</title></head><body><article><h1>Caf\u00e9 rules</h1>"
            "<p>The town caf\u00e9 may open on Sundays from June, the council decided on Tuesday evening.</p>"
            "<p>Owners had asked for the change for three years, citing tourists who arrive at weekends.</p>"
            "</article></body></html>"
        ).encode("latin-1"),
    }
    charsets = {HARBOUR_URL: "utf-8", "https://news.example.org/latin1": "iso-8859-1"}
    ids: dict[str, str] = {}
    with open(path, "wb") as fh:
        writer = WARCWriter(fh, gzip=gzip)
        writer.write_record(writer.create_warcinfo_record("crawl.warc.gz", {"software": "cleaner tests"}))
        for url, body in pages.items():
            req = writer.create_warc_record(
                url,
                "request",
                payload=BytesIO(b""),
                http_headers=StatusAndHeaders("GET / HTTP/1.1", [], is_http_request=True),
            )
            writer.write_record(req)
            ctype = f"text/html; charset={charsets[url]}"
            rec = writer.create_warc_record(
                url,
                "response",
                payload=BytesIO(body),
                http_headers=StatusAndHeaders("200 OK", _http("200", ctype, body), protocol="HTTP/1.1"),
            )
            ids[url] = rec.rec_headers.get_header("WARC-Record-ID").strip("<>")
            writer.write_record(rec)
        png = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
        writer.write_record(
            writer.create_warc_record(
                "https://news.example.org/logo.png",
                "response",
                payload=BytesIO(png),
                http_headers=StatusAndHeaders("200 OK", _http("200", "image/png", png), protocol="HTTP/1.1"),
            )
        )
        moved = b"<html><body>Moved</body></html>"
        writer.write_record(
            writer.create_warc_record(
                "https://news.example.org/old",
                "response",
                payload=BytesIO(moved),
                http_headers=StatusAndHeaders(
                    "301 Moved Permanently", _http("301", "text/html", moved), protocol="HTTP/1.1"
                ),
            )
        )
    return ids

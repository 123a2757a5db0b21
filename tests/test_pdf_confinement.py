"""WeasyPrint may read the template folders and nothing else."""

from __future__ import annotations

import datetime as dt
import http.server
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

import briefer
from briefer.render.pdf import ConfinedFetcher


@pytest.fixture
def http_server() -> Iterator[tuple[str, list[str]]]:
    """A real HTTP server on loopback that records every path requested."""
    requested: list[str] = []

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            requested.append(self.path)
            self.send_response(200)
            self.send_header("Content-Type", "text/css")
            self.end_headers()
            self.wfile.write(b"body { color: red }")

        def log_message(self, *args: object) -> None:
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, args=(0.02,), daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}", requested
    server.shutdown()


def test_the_pdf_fetches_nothing_from_the_network(
    seeds: Path, tmp_path: Path, http_server: tuple[str, list[str]]
) -> None:
    url, requested = http_server
    templates = tmp_path / "templates"
    templates.mkdir()
    (templates / "brief.html.j2").write_text(
        f'<html><head><link rel="stylesheet" href="{url}/evil.css"></head>'
        f'<body><img src="{url}/pixel.png">{{{{ body }}}}</body></html>',
        encoding="utf-8",
    )
    brief = briefer.build_brief([seeds], date=dt.date(2026, 11, 23))
    paths = briefer.write_brief(brief, tmp_path / "out", ["pdf"], user_templates=templates)
    assert paths["pdf"].read_bytes().startswith(b"%PDF")
    assert requested == []


def test_files_outside_the_template_folders_are_refused(tmp_path: Path) -> None:
    allowed = tmp_path / "templates"
    allowed.mkdir()
    (allowed / "logo.svg").write_text("<svg xmlns='http://www.w3.org/2000/svg'/>")
    secret = tmp_path / "secret.txt"
    secret.write_text("secret")
    fetcher = ConfinedFetcher([allowed])
    assert fetcher.fetch((allowed / "logo.svg").as_uri()) is not None
    with pytest.raises(ValueError, match="does not let the PDF read"):
        fetcher.fetch(secret.as_uri())
    with pytest.raises(ValueError, match="does not let the PDF read"):
        fetcher.fetch((allowed / ".." / "secret.txt").as_uri())
    with pytest.raises(ValueError):
        fetcher.fetch("http://127.0.0.1:9/x.css")

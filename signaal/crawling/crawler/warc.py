"""The run's WARC file: request, response and metadata records, appended and flushed one by one.

A killed run leaves a file whose last record may be cut off; `recover` trims it
back to the end of its last complete record, so it reads cleanly (`warcio check`).
"""

from __future__ import annotations

import hashlib
import io
import json
import os
from pathlib import Path

from warcio.archiveiterator import ArchiveIterator
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter


class WarcLog:
    def __init__(
        self, path: str | Path, *, software: str = "Signaal crawler", info: dict | None = None
    ):
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        fresh = not self.path.exists() or self.path.stat().st_size == 0
        self.file = open(self.path, "ab")  # noqa: SIM115 (open for the whole run; close() ends it)
        self.writer = WARCWriter(self.file, gzip=True)
        self.records = 0
        if fresh:
            fields = {"software": software, "format": "WARC File Format 1.1", **(info or {})}
            self._write(self.writer.create_warcinfo_record(self.path.name, fields))

    def _write(self, record) -> dict:
        offset = self.file.tell()
        self.writer.write_record(record)
        self.file.flush()
        self.records += 1
        return {
            "record_id": record.rec_headers.get_header("WARC-Record-ID"),
            "offset": offset,
            "length": self.file.tell() - offset,
        }

    def write_exchange(
        self,
        *,
        url: str,
        method: str,
        request_headers,
        status: int,
        reason: str,
        response_headers,
        body: bytes,
    ) -> dict:
        """A response record and its request record; returns where the response lies."""
        http = StatusAndHeaders(
            f"{status} {reason}".strip(), list(response_headers), protocol="HTTP/1.1"
        )
        response = self.writer.create_warc_record(
            url, "response", payload=io.BytesIO(body), http_headers=http
        )
        response_id = response.rec_headers.get_header("WARC-Record-ID")
        parts = url.split("/", 3)
        target = "/" + (parts[3] if len(parts) > 3 else "")
        req_http = StatusAndHeaders(
            f"{method} {target} HTTP/1.1", list(request_headers), is_http_request=True
        )
        request = self.writer.create_warc_record(
            url,
            "request",
            payload=io.BytesIO(b""),
            http_headers=req_http,
            warc_headers_dict={"WARC-Concurrent-To": response_id},
        )
        where = self._write(response)
        self._write(request)
        where["sha256"] = hashlib.sha256(body).hexdigest()
        return where

    def write_metadata(self, *, url: str, data: dict) -> dict:
        """A JSON metadata record (images: URL and hashes, never their bytes)."""
        payload = json.dumps(data, sort_keys=True).encode()
        record = self.writer.create_warc_record(
            url, "metadata", payload=io.BytesIO(payload), warc_content_type="application/json"
        )
        return self._write(record)

    def close(self) -> None:
        if not self.file.closed:
            self.file.flush()
            os.fsync(self.file.fileno())
            self.file.close()


def recover(path: str | Path) -> int:
    """Trim a WARC to its last complete record; returns the number of records kept."""
    path = Path(path)
    good_end, count = 0, 0
    with open(path, "rb") as f:
        it = ArchiveIterator(f)
        try:
            for record in it:
                record.content_stream().read()
                it.read_to_end(record)
                good_end = it.get_record_offset() + it.get_record_length()
                count += 1
        except Exception:  # noqa: S110 (a cut-off gzip member or header: keep what came before)
            pass
    if path.stat().st_size != good_end:
        with open(path, "r+b") as f:
            f.truncate(good_end)
            f.flush()
            os.fsync(f.fileno())
    return count


def read_record(stream, offset: int):
    """(headers dict, http status, payload bytes) of the record at `offset` in a WARC stream."""
    stream.seek(offset)
    for record in ArchiveIterator(stream):
        status = record.http_headers.get_statuscode() if record.http_headers else None
        return dict(record.rec_headers.headers), status, record.content_stream().read()
    return None

"""Turn a crawled item into the ad record of DESIGN.md (plain data, no database)."""

from __future__ import annotations

import hashlib
import json

CONTENT_FIELDS = ("title", "text", "city", "age", "posted_at", "phones", "images")


def record_from_item(item: dict, seen_at: str | None = None) -> dict:
    fields = item["fields"]
    images = [
        {
            k: img.get(k)
            for k in ("url", "sha256", "phash", "size", "error")
            if img.get(k) is not None
        }
        for img in item.get("images", [])
    ]
    return {
        "id": f"{item['site']}:{item['external_id']}",
        "url": item["url"],
        "site": item["site"],
        "title": fields.get("title") or "",
        "text": fields.get("text") or "",
        "posted_at": fields.get("posted_at"),
        "seen_at": seen_at,
        "city": fields.get("city"),
        "age": fields.get("age"),
        "phones": list(fields.get("phones") or []),
        "images": images,
    }


def content_of(record: dict) -> dict:
    """What counts as the ad's content: a change here makes a new version."""
    content = {k: record.get(k) for k in CONTENT_FIELDS}
    # An image is the same image when its bytes are; the URL may carry cache-busters.
    content["images"] = [
        {"sha256": i.get("sha256"), "phash": i.get("phash")}
        if i.get("sha256")
        else {"url": i.get("url")}
        for i in record.get("images", [])
    ]
    return content


def content_hash(record: dict) -> str:
    blob = json.dumps(content_of(record), sort_keys=True, ensure_ascii=False).encode()
    return hashlib.sha256(blob).hexdigest()

"""Apply a profile's selectors to a page: CSS/XPath on HTML, dotted paths on JSON."""

from __future__ import annotations

import json

from signaal.crawling.profiles import LIST_FIELDS, Profile, Sel


class ExtractError(ValueError):
    """The page is not what the profile expects (e.g. invalid JSON)."""


def json_path(data, path: str) -> list:
    """Values at a dotted path; ``items[].src`` walks every item of a list."""
    current = [data]
    for part in path.split("."):
        spread = part.endswith("[]")
        key = part[:-2] if spread else part
        nxt = []
        for value in current:
            if key:
                value = value.get(key) if isinstance(value, dict) else None
            if value is None:
                continue
            if spread:
                nxt.extend(value if isinstance(value, list) else [value])
            else:
                nxt.append(value)
        current = nxt
    flat = []
    for value in current:
        flat.extend(value) if isinstance(value, list) else flat.append(value)
    return [v for v in flat if v is not None]


def load_json(response) -> object:
    try:
        return json.loads(response.text)
    except (ValueError, AttributeError) as e:
        raise ExtractError(f"not valid JSON: {e}") from None


def _html_values(response, sel: Sel) -> list[str]:
    try:
        found = response.css(sel.expr) if sel.kind == "css" else response.xpath(sel.expr)
    except (AttributeError, ValueError) as e:  # a binary or non-text response
        raise ExtractError(f"not an HTML page: {e}") from None
    return [v.strip() for v in found.getall() if v and v.strip()]


def values(response, data, sel: Sel) -> list:
    if sel.kind == "json":
        return json_path(data, sel.expr)
    return _html_values(response, sel)


def one(vals: list, sel: Sel):
    if sel.join is not None:
        return sel.join.join(str(v) for v in vals)
    return vals[0] if vals else None


def links(response, profile: Profile) -> tuple[list[str], str | None]:
    """Detail links and the next listing page (absolute URLs)."""
    data = load_json(response) if profile.listing_type == "json" else None
    found = [response.urljoin(str(v)) for v in values(response, data, profile.links)]
    nxt = None
    if profile.next is not None:
        got = values(response, data, profile.next)
        nxt = response.urljoin(str(got[0])) if got and isinstance(got[0], str) else None
    return found, nxt


def detail(response, profile: Profile) -> tuple[str | None, dict]:
    """The ad's external id and its fields as the profile names them."""
    data = load_json(response) if profile.detail_type == "json" else None
    if data is not None and not isinstance(data, dict):
        raise ExtractError("the JSON detail is not an object")
    ext = one(values(response, data, profile.detail_id), profile.detail_id)
    fields: dict = {}
    for name, sel in profile.fields.items():
        vals = values(response, data, sel)
        if name in LIST_FIELDS or sel.many:
            fields[name] = [str(v) for v in vals]
        else:
            fields[name] = one(vals, sel)
    if "images" in fields:
        fields["images"] = [response.urljoin(u) for u in fields["images"]]
    age = fields.get("age")
    if isinstance(age, str):
        fields["age"] = int(age) if age.strip().isdigit() else None
    for key in ("title", "text", "city", "posted_at"):
        if fields.get(key) is not None and not isinstance(fields[key], str):
            fields[key] = str(fields[key])
    return (str(ext) if ext is not None else None), fields

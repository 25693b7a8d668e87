"""Site profiles: one YAML file per source says where to start, what to follow and what to extract.

`load(name_or_path)` returns a validated `Profile`; every problem raises
`ProfileError` naming the file, the line and the field (``fixture-html.yaml:12:
detail.fields.city: ...``). Line numbers come from the YAML node marks.

Shape (see ``profiles/fixture-html.yaml`` and ``profiles/fixture-json.yaml``)::

    name: fixture-html            # also the source name
    site: fixture                 # ads get the id "<site>:<detail id>"
    start_urls: [http://127.0.0.1:8800/ads?page=1]
    listing:                      # type html: CSS/XPath selectors; type json: dotted paths
      type: html
      links: {css: "a.ad-link::attr(href)"}
      next: {css: "a[rel=next]::attr(href)"}
    detail:
      type: html
      id: {css: "article::attr(data-id)"}
      fields: {title: {css: "h1::text"}, text: {css: ".text ::text", join: " "}, ...}
    politeness: {concurrency: 4, delay: 0.5, obey_robots: true, timeout: 15, ...}
    proxy: null                   # e.g. http://proxy.internal:3128
    schedule: "0 */6 * * *"       # minute hour day month weekday, or null

JSON paths are dotted keys; ``photos[].src`` takes ``src`` from every item of ``photos``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import yaml

PROFILE_DIR = Path(__file__).resolve().parent / "profiles"
FIELDS = ("title", "text", "city", "age", "phones", "images", "posted_at", "url")
LIST_FIELDS = ("phones", "images")


class ProfileError(ValueError):
    """A profile that cannot be used; the message names file, line and field."""


@dataclass(frozen=True)
class Sel:
    kind: str  # css, xpath or json
    expr: str
    many: bool = False
    join: str | None = None


@dataclass(frozen=True)
class Politeness:
    concurrency: int = 4
    delay: float = 0.0
    obey_robots: bool = True
    autothrottle: bool = True
    timeout: float = 15.0
    retries: int = 2
    max_page_bytes: int = 4 * 1024 * 1024
    max_pages: int = 0  # 0: no limit
    max_seconds: int = 3600
    max_errors: int = 0


@dataclass(frozen=True)
class Profile:
    name: str
    site: str
    start_urls: list[str]
    listing_type: str
    links: Sel
    next: Sel | None
    detail_type: str
    detail_id: Sel
    fields: dict[str, Sel]
    politeness: Politeness = field(default_factory=Politeness)
    proxy: str | None = None
    schedule: str | None = None
    path: str = ""

    def with_base_url(self, base_url: str) -> Profile:
        """The same profile with every start URL's scheme and host (and path prefix) replaced."""
        base = base_url.rstrip("/")
        urls = []
        for url in self.start_urls:
            parts = urlsplit(url)
            rest = parts.path + (f"?{parts.query}" if parts.query else "")
            urls.append(base + rest)
        return Profile(**{**self.__dict__, "start_urls": urls})


def resolve_path(name_or_path: str) -> Path:
    """A profile file: an existing path, or a name in the shipped profile directory."""
    candidate = Path(name_or_path)
    if candidate.suffix in (".yaml", ".yml") or "/" in name_or_path:
        if not candidate.is_file():
            raise ProfileError(f"{name_or_path}: no such profile file.")
        return candidate
    shipped = PROFILE_DIR / f"{name_or_path}.yaml"
    if not shipped.is_file():
        names = ", ".join(sorted(p.stem for p in PROFILE_DIR.glob("*.yaml")))
        raise ProfileError(f"{name_or_path}: no such profile; shipped profiles are {names}.")
    return shipped


def available() -> list[str]:
    return sorted(p.stem for p in PROFILE_DIR.glob("*.yaml"))


def load(name_or_path: str) -> Profile:
    path = resolve_path(name_or_path)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as e:
        raise ProfileError(f"{path.name}: cannot read the profile: {e}.") from None
    return parse(text, source=path.name, path=str(path))


def parse(text: str, *, source: str = "<profile>", path: str = "") -> Profile:
    try:
        root = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError as e:
        mark = getattr(e, "problem_mark", None)
        line = f":{mark.line + 1}" if mark else ""
        problem = getattr(e, "problem", None) or str(e)
        raise ProfileError(f"{source}{line}: not valid YAML: {problem}.") from None
    return _Validator(source).profile(root, path)


class _Validator:
    def __init__(self, source: str):
        self.source = source

    def fail(self, node, field_name: str, message: str):
        line = node.start_mark.line + 1 if node is not None else 1
        raise ProfileError(f"{self.source}:{line}: {field_name}: {message}")

    # -- node helpers -------------------------------------------------------------

    def mapping(self, node, name: str, allowed: set[str], required: set[str] = frozenset()):
        if not isinstance(node, yaml.MappingNode):
            self.fail(node, name or "profile", "must be a mapping of keys to values.")
        out = {}
        for key_node, value_node in node.value:
            key = key_node.value
            full = f"{name}.{key}" if name else key
            if key not in allowed:
                self.fail(
                    key_node, full, f"unknown field; expected one of {', '.join(sorted(allowed))}."
                )
            if key in out:
                self.fail(key_node, full, "appears twice.")
            out[key] = value_node
        for key in sorted(required - set(out)):
            self.fail(node, f"{name}.{key}" if name else key, "is required.")
        return out

    def scalar(self, node, name: str):
        if not isinstance(node, yaml.ScalarNode):
            self.fail(node, name, "must be a single value.")
        return yaml.safe_load(yaml.serialize(node))

    def string(self, node, name: str, *, optional=False) -> str | None:
        value = self.scalar(node, name)
        if value is None and optional:
            return None
        if not isinstance(value, str) or not value.strip():
            self.fail(node, name, "must be a non-empty text.")
        return value.strip()

    def number(self, node, name: str, kind, lo, hi):
        value = self.scalar(node, name)
        if (
            isinstance(value, bool)
            or not isinstance(value, (int, float))
            or (kind is int and not isinstance(value, int))
        ):
            self.fail(node, name, f"must be a {'whole ' if kind is int else ''}number.")
        if not lo <= value <= hi:
            self.fail(node, name, f"must be between {lo} and {hi}.")
        return kind(value)

    def boolean(self, node, name: str) -> bool:
        value = self.scalar(node, name)
        if not isinstance(value, bool):
            self.fail(node, name, "must be true or false.")
        return value

    def url(self, node, name: str) -> str:
        value = self.string(node, name)
        parts = urlsplit(value)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            self.fail(node, name, f"{value!r} is not an http(s) URL.")
        return value

    # -- profile ------------------------------------------------------------------

    def profile(self, root, path: str) -> Profile:
        if root is None:
            raise ProfileError(f"{self.source}:1: profile: the file is empty.")
        top = self.mapping(
            root,
            "",
            {"name", "site", "start_urls", "listing", "detail", "politeness", "proxy", "schedule"},
            {"name", "site", "start_urls", "listing", "detail"},
        )
        name = self.string(top["name"], "name")
        if not all(c.isalnum() or c in "-_" for c in name):
            self.fail(top["name"], "name", "may hold only letters, digits, '-' and '_'.")
        site = self.string(top["site"], "site")
        urls_node = top["start_urls"]
        if not isinstance(urls_node, yaml.SequenceNode) or not urls_node.value:
            self.fail(urls_node, "start_urls", "must be a non-empty list of URLs.")
        start_urls = [self.url(n, f"start_urls[{i}]") for i, n in enumerate(urls_node.value)]

        listing = self.mapping(
            top["listing"], "listing", {"type", "links", "next"}, {"type", "links"}
        )
        listing_type = self.choice(listing["type"], "listing.type", ("html", "json"))
        links = self.selector(listing["links"], "listing.links", listing_type)
        next_sel = (
            self.selector(listing["next"], "listing.next", listing_type)
            if "next" in listing
            else None
        )

        detail = self.mapping(
            top["detail"], "detail", {"type", "id", "fields"}, {"type", "id", "fields"}
        )
        detail_type = self.choice(detail["type"], "detail.type", ("html", "json"))
        detail_id = self.selector(detail["id"], "detail.id", detail_type)
        fields_map = self.mapping(detail["fields"], "detail.fields", set(FIELDS), {"title", "text"})
        fields = {
            key: self.selector(node, f"detail.fields.{key}", detail_type, many=key in LIST_FIELDS)
            for key, node in fields_map.items()
        }

        politeness = Politeness()
        if "politeness" in top:
            politeness = self.politeness(top["politeness"])
        proxy = None
        if "proxy" in top and self.scalar(top["proxy"], "proxy") is not None:
            proxy = self.url(top["proxy"], "proxy")
        schedule = None
        if "schedule" in top:
            schedule = self.string(top["schedule"], "schedule", optional=True)
            if schedule is not None:
                try:
                    cron_matcher(schedule)
                except ValueError as e:
                    self.fail(top["schedule"], "schedule", f"{e}.")
        return Profile(
            name=name,
            site=site,
            start_urls=start_urls,
            listing_type=listing_type,
            links=links,
            next=next_sel,
            detail_type=detail_type,
            detail_id=detail_id,
            fields=fields,
            politeness=politeness,
            proxy=proxy,
            schedule=schedule,
            path=path,
        )

    def choice(self, node, name, options):
        value = self.string(node, name)
        if value not in options:
            self.fail(node, name, f"must be one of {', '.join(options)}, not {value!r}.")
        return value

    def selector(self, node, name: str, kind: str, *, many: bool = False) -> Sel:
        if kind == "json":
            if isinstance(node, yaml.ScalarNode):
                expr = self.string(node, name)
                return Sel("json", expr, many=many or "[]" in expr)
            spec = self.mapping(node, name, {"path", "many", "join"}, {"path"})
            expr = self.string(spec["path"], f"{name}.path")
            return Sel(
                "json",
                expr,
                many=self.boolean(spec["many"], f"{name}.many")
                if "many" in spec
                else many or "[]" in expr,
                join=self.string(spec["join"], f"{name}.join") if "join" in spec else None,
            )
        spec = self.mapping(node, name, {"css", "xpath", "many", "join"})
        chosen = [k for k in ("css", "xpath") if k in spec]
        if len(chosen) != 1:
            self.fail(node, name, "needs exactly one of css or xpath.")
        sel_kind = chosen[0]
        expr = self.string(spec[sel_kind], f"{name}.{sel_kind}")
        self.check_expression(spec[sel_kind], f"{name}.{sel_kind}", sel_kind, expr)
        join = None
        if "join" in spec:
            join = self.scalar(spec["join"], f"{name}.join")
            if not isinstance(join, str):
                self.fail(spec["join"], f"{name}.join", "must be a text.")
        return Sel(
            sel_kind,
            expr,
            many=self.boolean(spec["many"], f"{name}.many") if "many" in spec else many,
            join=join,
        )

    def check_expression(self, node, name: str, kind: str, expr: str) -> None:
        from parsel import Selector

        try:
            probe = Selector(text="<html><body></body></html>")
            probe.css(expr) if kind == "css" else probe.xpath(expr)
        except Exception as e:  # cssselect and lxml raise several types
            self.fail(node, name, f"invalid {kind.upper()} expression {expr!r} ({e}).")

    def politeness(self, node) -> Politeness:
        spec = self.mapping(node, "politeness", set(Politeness.__dataclass_fields__))
        kwargs = {}
        limits = {
            "concurrency": (int, 1, 64),
            "delay": (float, 0, 3600),
            "timeout": (float, 1, 600),
            "retries": (int, 0, 10),
            "max_page_bytes": (int, 1024, 512 * 1024 * 1024),
            "max_pages": (int, 0, 10_000_000),
            "max_seconds": (int, 1, 7 * 24 * 3600),
            "max_errors": (int, 0, 10_000_000),
        }
        for key, value_node in spec.items():
            full = f"politeness.{key}"
            if key in ("obey_robots", "autothrottle"):
                kwargs[key] = self.boolean(value_node, full)
            else:
                kind, lo, hi = limits[key]
                kwargs[key] = self.number(value_node, full, kind, lo, hi)
        return Politeness(**kwargs)


def cron_matcher(expression: str):
    """A function(datetime) -> bool for a five-field cron expression; ValueError if invalid."""
    from huey import crontab

    parts = expression.split()
    if len(parts) != 5:
        raise ValueError(f"{expression!r} must have five fields: minute hour day month weekday")
    minute, hour, day, month, weekday = parts
    try:
        return crontab(minute=minute, hour=hour, day=day, month=month, day_of_week=weekday)
    except Exception as e:
        raise ValueError(f"{expression!r} is not a valid schedule ({e})") from None

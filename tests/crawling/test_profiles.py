"""Site profiles: shipped ones load; a bad one is refused with its line and field."""

import pytest

from signaal.crawling import profiles
from signaal.crawling.profiles import ProfileError, parse

GOOD = """\
name: test-site
site: test
start_urls: ["http://127.0.0.1:8800/ads?page=1"]
listing:
  type: html
  links: {css: "a.ad-link::attr(href)"}
  next: {xpath: "//a[@rel='next']/@href"}
detail:
  type: html
  id: {css: "article::attr(data-id)"}
  fields:
    title: {css: "h1::text"}
    text: {css: ".text ::text", join: " "}
schedule: "*/30 * * * *"
"""


def refused(text: str) -> str:
    with pytest.raises(ProfileError) as e:
        parse(text, source="p.yaml")
    return str(e.value)


def test_it_loads_the_shipped_profiles():
    assert {"fixture-html", "fixture-json"} <= set(profiles.available())
    html = profiles.load("fixture-html")
    assert html.listing_type == "html" and html.politeness.obey_robots
    json_profile = profiles.load("fixture-json")
    assert json_profile.fields["images"].expr == "photos[].src"
    assert json_profile.fields["images"].many


def test_it_parses_a_valid_profile_with_defaults():
    p = parse(GOOD)
    assert p.next.kind == "xpath"
    assert p.fields["text"].join == " "
    assert p.politeness.concurrency == 4
    assert p.proxy is None


def test_it_names_line_and_field_of_an_unknown_field():
    msg = refused(GOOD.replace("    text: {css", "    colour: {css: x}\n    text: {css"))
    assert msg.startswith("p.yaml:13: detail.fields.colour: unknown field")


def test_it_names_line_and_field_of_an_invalid_css_selector():
    msg = refused(GOOD.replace('h1::text"', 'h1::[[text"'))
    assert msg.startswith("p.yaml:12: detail.fields.title.css: invalid CSS expression")


def test_it_names_line_and_field_of_an_invalid_xpath():
    msg = refused(GOOD.replace("//a[@rel='next']/@href", "//a[@rel="))
    assert msg.startswith("p.yaml:7: listing.next.xpath: invalid XPATH expression")


def test_it_refuses_a_missing_required_field():
    msg = refused(GOOD.replace("site: test\n", ""))
    assert msg == "p.yaml:1: site: is required."


def test_it_refuses_a_bad_start_url_with_its_index():
    msg = refused(
        GOOD.replace('["http://127.0.0.1:8800/ads?page=1"]', "[http://127.0.0.1/, 'ftp://x/']")
    )
    assert msg.startswith("p.yaml:3: start_urls[1]: 'ftp://x/' is not an http(s) URL")


def test_it_refuses_politeness_out_of_range():
    msg = refused(GOOD + "politeness:\n  concurrency: 1000\n")
    assert msg == "p.yaml:16: politeness.concurrency: must be between 1 and 64."


def test_it_refuses_a_wrong_type():
    msg = refused(GOOD + "politeness:\n  obey_robots: sometimes\n")
    assert msg == "p.yaml:16: politeness.obey_robots: must be true or false."


def test_it_refuses_a_bad_schedule():
    msg = refused(GOOD.replace('"*/30 * * * *"', '"every hour"'))
    assert msg.startswith("p.yaml:14: schedule: 'every hour' must have five fields")


def test_it_refuses_both_css_and_xpath():
    msg = refused(GOOD.replace('{css: "h1::text"}', '{css: "h1::text", xpath: "//h1"}'))
    assert msg == "p.yaml:12: detail.fields.title: needs exactly one of css or xpath."


def test_it_refuses_invalid_yaml_with_its_line():
    msg = refused("name: [unclosed\nsite: x\n")
    assert msg.startswith("p.yaml:")
    assert "not valid YAML" in msg


def test_it_refuses_an_unknown_profile_name():
    with pytest.raises(ProfileError, match="no such profile; shipped profiles are"):
        profiles.load("no-such-site")


def test_it_overrides_the_base_url_keeping_path_and_query():
    p = profiles.load("fixture-json").with_base_url("http://127.0.0.1:9999/h/500/")
    assert p.start_urls == ["http://127.0.0.1:9999/h/500/api/ads?page=1"]


def test_it_matches_a_schedule():
    import datetime as dt

    due = profiles.cron_matcher("17 */6 * * *")
    assert due(dt.datetime(2026, 12, 1, 6, 17))
    assert not due(dt.datetime(2026, 12, 1, 7, 17))

"""The synthetic ad site: two layouts, shared images in networks, epochs, robots.txt, hostile modes."""

import io
import json
import urllib.error
import urllib.request

import imagehash
import pytest
from PIL import Image

from fixtures.corpus import generate_corpus
from tests.commands import run_signaal, signaal_env
from tests.crawling.helpers import fixture_site


def get(url):
    with urllib.request.urlopen(url, timeout=10) as r:
        return r.status, r.headers, r.read()


def status_of(url):
    try:
        return get(url)[0]
    except urllib.error.HTTPError as e:
        return e.code


def test_it_serves_the_html_and_json_layouts_of_the_same_ads():
    with fixture_site(ads=45) as (site, url):
        _, _, listing = get(f"{url}/ads?page=1")
        assert listing.count(b'class="ad-link"') == 20 and b'rel="next"' in listing
        assert b'rel="next"' not in get(f"{url}/ads?page=3")[2]
        data = json.loads(get(f"{url}/api/ads?page=3")[2])
        assert len(data["ads"]) == 5 and data["next"] is None
        detail = json.loads(get(f"{url}{data['ads'][0]['detail']}")[2])
        html = get(f"{url}/ad/{detail['id']}")[2].decode()
        assert detail["location"]["city"] in html and site.records[40]["title"] == detail["title"]


def test_it_serves_robots_txt():
    with fixture_site(ads=5) as (_site, url):
        assert b"Disallow: /private/" in get(f"{url}/robots.txt")[2]


def test_it_gives_ads_of_one_network_the_same_abstract_image():
    truth = {r["id"]: t for r, t in generate_corpus(300, 7)}
    with fixture_site(ads=300) as (site, url):
        by_net = {}
        for record in site.records:
            net = truth[record["id"]]["network"]
            if net and f"{record['no']}-0" in record["image_names"]:
                by_net.setdefault(net, []).append(record["no"])
        net, nos = max(by_net.items(), key=lambda kv: len(kv[1]))
        hashes = []
        for no in nos[:4]:
            status, headers, body = get(f"{url}/img/{no}-0.png")
            assert headers["Content-Type"] == "image/png" and body.startswith(b"\x89PNG")
            hashes.append(imagehash.phash(Image.open(io.BytesIO(body))))
    assert len(hashes) >= 2
    assert min(hashes[0] - h for h in hashes[1:]) <= 6


def test_it_changes_moves_and_removes_ads_between_epochs():
    with fixture_site(ads=200) as (site, url):
        before = {r["no"]: site.ad(r["no"]) for r in site.records}
        assert json.loads(get(f"{url}/_control/epoch?n=2")[2]) == {"epoch": 2}
        after = {no: site.ad(no) for no in before}
        removed = [no for no, ad in after.items() if ad is None]
        assert removed and status_of(f"{url}/ad/{removed[0]}") == 404
        assert any(a and a["city"] != before[no]["city"] for no, a in after.items())
        assert any(a and a["text"] != before[no]["text"] for no, a in after.items())
        assert status_of(f"{url}/_control/epoch?n=x") == 400


@pytest.mark.parametrize(
    ("mode", "status"), [("500", 500), ("429", 429), ("junk", 200), ("huge", 200)]
)
def test_it_answers_in_hostile_modes_under_a_prefix(mode, status):
    with fixture_site(ads=5) as (_site, url):
        assert status_of(f"{url}/h/{mode}/ads?page=1") == status
        assert status_of(f"{url}/ads?page=1") == 200


def test_it_loops_redirects_and_paginates_endlessly():
    with fixture_site(ads=5) as (_site, url):
        req = urllib.request.Request(f"{url}/h/loop/ads")
        with pytest.raises(urllib.error.HTTPError):
            urllib.request.urlopen(req, timeout=10)  # urllib gives up on the loop
        page = get(f"{url}/h/endless/ads?page=500")[2]
        assert b'href="/h/endless/ads?page=501"' in page


def test_the_command_refuses_bad_options_with_exit_2():
    env = signaal_env()
    result = run_signaal("fixture-site", "--hostile", "nasty", env=env)
    assert result.returncode == 2
    assert "--hostile must be one of" in result.stderr
    assert run_signaal("fixture-site", "--help", env=env).returncode == 0

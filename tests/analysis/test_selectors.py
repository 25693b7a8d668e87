"""Selector extraction: phones under every obfuscation family, e-mail, handles, URLs."""

import pytest

from signaal.analysis import (
    Selector,
    canonical_url,
    extract_selectors,
    normalise_email,
    normalise_phone,
)

NL = "+31612345678"

OBFUSCATED_PHONES = [
    ("dutch-words", "bel nul zes een twee drie vier vijf zes zeven acht"),
    ("english-words", "call zero six one two three four five six seven eight"),
    ("words-upper", "NUL ZES EEN TWEE DRIE VIER VIJF ZES ZEVEN ACHT"),
    ("words-joined", "nulzeseentweedrievier 5678"),
    ("mixed-words-digits", "zero six 1 2 three 4 5 6 7 eight"),
    ("letter-o-and-i", "O6 I2345678"),
    ("stars", "06*12*34*56*78"),
    ("emoji-separators", "06💋12💋34💋56💋78"),
    ("keycaps", "0️⃣6️⃣1️⃣2️⃣3️⃣4️⃣5️⃣6️⃣7️⃣8️⃣"),
    ("full-width", "０６１２３４５６７８"),
]

PLAIN_PHONES = [
    ("dash", "Bel 06-12345678 nu"),
    ("pairs", "bel 06 12 34 56 78"),
    ("dots", "06.12.34.56.78"),
    ("dashes", "06-12-34-56-78"),
    ("plus", "+31 6 12345678"),
    ("plus-trunk-zero", "+31 (0)6 12345678"),
    ("double-zero", "0031612345678"),
    ("tel-link", "tel:+31612345678"),
    ("wa-me", "https://wa.me/31612345678"),
    ("glued-to-word", "bel0612345678"),
]

COUNTRIES = [
    ("BE", "+32 470 12 34 56", "+32470123456"),
    ("DE", "0049 1512 3456789", "+4915123456789"),
    ("RO", "+40 712 034 567", "+40712034567"),
    ("BG", "+359 43 012 345", "+35943012345"),
    ("HU", "+36 20 123 4567", "+36201234567"),
    ("PL", "+48 512 345 678", "+48512345678"),
    ("UK-drama", "+44 7700 900123", "+447700900123"),
    ("UK-drama-00", "0044 7700 900123", "+447700900123"),
]

NOT_PHONES = [
    ("price-euro-sign", "€150 per uur"),
    ("price-word", "150 euro, 1500 euro"),
    ("price-glued", "150€ of 1500€"),
    ("price-reference", "€ 0612345678"),
    ("date-dashes", "12-03-2026"),
    ("date-slash", "12/03 en 01-03-2026"),
    ("time-colon", "22:00 tot 23:30"),
    ("time-uur", "10.00 uur"),
    ("postcode", "3511 AB Utrecht"),
    ("iban", "NL91ABNA0417164300"),
    ("height-weight", "1.72 m, 172cm, 55 kg"),
    ("age", "19 jaar, 21 years"),
    ("reference", "ref. 123456789"),
    ("order-number", "ordernummer 0612345678"),
    ("order-number-colon", "ordernummer: 0612345678"),
    ("digit-run-too-long", "06123456789012"),
]


def phones(text):
    return [s for s in extract_selectors(text) if s.kind == "phone"]


@pytest.mark.parametrize(
    ("family", "text"), OBFUSCATED_PHONES, ids=[f for f, _ in OBFUSCATED_PHONES]
)
def test_it_finds_an_obfuscated_phone(family, text):
    found = phones(text)
    assert [p.value for p in found] == [NL]
    assert found[0].obfuscated


@pytest.mark.parametrize(
    ("family", "text"), OBFUSCATED_PHONES, ids=[f for f, _ in OBFUSCATED_PHONES]
)
def test_it_maps_an_obfuscated_span_back_to_the_original_text(family, text):
    p = phones(text)[0]
    raw = text[p.start : p.end]
    assert raw[0] not in " \t" and raw[-1] not in " \t"
    assert normalise_phone(raw) == NL


@pytest.mark.parametrize(("family", "text"), PLAIN_PHONES, ids=[f for f, _ in PLAIN_PHONES])
def test_it_finds_a_plainly_written_phone(family, text):
    found = phones(text)
    assert [p.value for p in found] == [NL]
    assert not found[0].obfuscated


@pytest.mark.parametrize(("country", "text", "e164"), COUNTRIES, ids=[c for c, _, _ in COUNTRIES])
def test_it_normalises_international_prefixes(country, text, e164):
    assert [p.value for p in phones(text)] == [e164]


@pytest.mark.parametrize(("family", "text"), NOT_PHONES, ids=[f for f, _ in NOT_PHONES])
def test_it_never_takes_numbers_that_are_not_phones(family, text):
    assert phones(text) == []


def test_it_finds_several_numbers_in_one_text():
    text = "Bel 06-12345678 of 06-12345679, of app +44 7700 900123."
    assert [p.value for p in phones(text)] == [NL, "+31612345679", "+447700900123"]


def test_it_keeps_a_phone_next_to_a_price_and_a_time():
    text = "€150 per uur, bel 06 12 34 56 78 na 22:00"
    assert [p.value for p in phones(text)] == [NL]


def test_it_returns_a_frozen_selector_with_the_raw_span():
    text = "Bel 06-12345678 nu"
    sel = extract_selectors(text)[0]
    assert sel == Selector("phone", NL, 4, 15)
    assert text[sel.start : sel.end] == "06-12345678"
    with pytest.raises(AttributeError):
        sel.value = "x"


def test_it_normalises_a_raw_phone_string():
    assert normalise_phone("06-12345678") == NL
    assert normalise_phone("0470 12 34 56", default_region="BE") == "+32470123456"


def test_it_returns_none_for_a_raw_string_without_a_phone():
    assert normalise_phone("geen nummer") is None
    assert normalise_phone(None) is None  # type: ignore[arg-type]


@pytest.mark.parametrize(
    "text",
    ["mail lisa@Example.NL", "lisa [at] example [dot] nl", "lisa(at)example.nl", "lisa at example dot nl",
     "LISA [@] EXAMPLE (punt) NL"],
)  # fmt: skip
def test_it_finds_an_email_address_in_any_style(text):
    emails = [s for s in extract_selectors(text) if s.kind == "email"]
    assert [e.value for e in emails] == ["lisa@example.nl"]


def test_it_does_not_read_ordinary_at_and_dot_words_as_an_email():
    assert extract_selectors("I am at home dot now") == []


def test_it_normalises_an_email_address():
    assert normalise_email("Lisa.X@Example.NL") == "lisa.x@example.nl"


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("snap: lisa_x", "snapchat:lisa_x"),
        ("Snapchat lisa_x", "snapchat:lisa_x"),
        ("sc: Lisa", "snapchat:lisa"),
        ("insta @Lisa", "instagram:lisa"),
        ("IG: lisa.x", "instagram:lisa.x"),
        ("telegram: @lisa99", "telegram:lisa99"),
        ("t.me/lisa_2", "telegram:lisa_2"),
        ("tiktok.com/@lisa.x", "tiktok:lisa.x"),
        ("onlyfans.com/lisa", "onlyfans:lisa"),
        ("OF: lisa", "onlyfans:lisa"),
        ("x: @lisa", "x:lisa"),
        ("twitter.com/Lisa", "x:lisa"),
        ("signal: lisa.01", "signal:lisa.01"),
    ],
)
def test_it_finds_a_social_handle_with_its_platform(text, value):
    handles = [s for s in extract_selectors(text) if s.kind == "handle"]
    assert [h.value for h in handles] == [value]


@pytest.mark.parametrize("text", ["snap me", "06 of 07", "insta is leuk", "mysnap: lisa"])
def test_it_does_not_take_ordinary_words_as_handles(text):
    assert [s for s in extract_selectors(text) if s.kind == "handle"] == []


@pytest.mark.parametrize(
    ("raw", "canonical"),
    [
        ("HTTPS://WWW.Example.NL:443/Pagina/#top", "https://www.example.nl/Pagina"),
        ("http://example.nl:80", "http://example.nl/"),
        ("http://example.nl:8800/ad/1/", "http://example.nl:8800/ad/1"),
        ("www.example.nl/", "http://www.example.nl/"),
        ("https://example.nl/a?b=1#c", "https://example.nl/a?b=1"),
    ],
)
def test_it_canonicalises_urls(raw, canonical):
    assert canonical_url(raw) == canonical


def test_it_finds_a_url_in_text_without_trailing_punctuation():
    text = "Kijk op https://Example.NL/profiel/lisa."
    urls = [s for s in extract_selectors(text) if s.kind == "url"]
    assert [u.value for u in urls] == ["https://example.nl/profiel/lisa"]
    assert text[urls[0].start : urls[0].end] == "https://Example.NL/profiel/lisa"


@pytest.mark.parametrize("value", [None, 12, "", ["06-12345678"]])
def test_it_returns_nothing_for_non_text(value):
    assert extract_selectors(value) == []  # type: ignore[arg-type]


def test_it_keeps_a_phone_glued_to_a_price():
    assert [p.value for p in phones("06-12345678€100")] == [NL]

"""The passive rule: which sensitive topics a text raises (framework-free).

A decoy never raises sex, money, age, a meeting or images first. Every message
the system sends passes `check_outgoing`, and imports record per topic who
raised it first (`first_raised`).

One exception, and only for one purpose: the deterrence message. It answers
someone who already replied to a sex ad, and to be correct under Dutch law it
has to say that *paying* for *sex* with someone under *18* is a crime. So a
message sent for the purpose ``deterrence`` may mention the topics in
`DETERRENCE_MAY_RAISE` (sex, money, age) and nothing else: it never invites a
meeting and never asks for or offers images. Every other purpose
(``acknowledgement``, anything a future feature sends) may raise no topic at all.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

TOPICS = ("sex", "money", "age", "meeting", "images")

TOPIC_LABELS = {
    "sex": "seks",
    "money": "geld",
    "age": "leeftijd",
    "meeting": "afspreken",
    "images": "beelden",
}

DETERRENCE = "deterrence"
ACKNOWLEDGEMENT = "acknowledgement"
DETERRENCE_MAY_RAISE = frozenset({"sex", "money", "age"})

# Dutch and English, lower case; \b keeps "sexy" from matching inside other words.
_PATTERNS: dict[str, list[str]] = {
    "sex": [
        r"\bseks\w*",
        r"\bsex\w*",
        r"\bneuk\w*",
        r"\bpijp\w*",
        r"\bblowjob\w*",
        r"\bfuck\w*",
        r"\bescort\w*",
        r"\bgfe\b",
        r"\bgeil\w*",
        r"\bhorny\b",
        r"\bopgewonden\b",
        r"\bintiem\w*",
        r"\bintimate\b",
        r"\bnaakt\w*",
        r"\bnaked\b",
        r"\bnude\w*",
        r"\bprostitu\w*",
        r"\bsexual\w*",
        r"\bkinky\b",
        r"\bbed in\b",
        r"\bnaar bed\b",
    ],
    "money": [
        r"\bgeld\b",
        r"\beuro'?s?\b",
        r"€",
        r"\d+\s?(?:eur|euro)\b",
        r"\bbetaa?l\w*",
        r"\bbetaling\w*",
        r"\bprijs\w*",
        r"\btarie\w*",
        r"\bkost(?:en|t)?\b",
        r"\bcash\b",
        r"\bcontant\w*",
        r"\btikkie\w*",
        r"\bpaypal\b",
        r"\bmoney\b",
        r"\bpa(?:y|id|ying|yment)\b",
        r"\bprice\w*",
        r"\bhow much\b",
        r"\bhoeveel\b",
        r"\brates?\b",
        r"\bbitcoin\w*",
        r"\bgift ?card\w*",
        r"\bcadeaukaart\w*",
    ],
    "age": [
        r"\bleeftijd\w*",
        r"\bhoe oud\b",
        r"\bjaar oud\b",
        r"\b\d{1,2}\s?(?:jaar|jr|yo|y/o|years?(?: old)?)\b",
        r"\bage[ds]?\b",
        r"\bhow old\b",
        r"\bminderjarig\w*",
        r"\bunder ?age\w*",
        r"\bonder de 1[68]\b",
        r"\bunder 1[68]\b",
        r"\bminor\w*",
        r"\btiener\w*",
        r"\bteen\w*",
        r"\bwelke klas\b",
        r"\bwhat grade\b",
        r"\basl\b",
    ],
    "meeting": [
        r"\bafspr\w*",
        r"\bafspraak\w*",
        r"\bontmoet\w*",
        r"\blangs ?(?:komen|kom)\b",
        r"\bzien we elkaar\b",
        r"\belkaar zien\b",
        r"\bkom je\b",
        r"\bbij (?:mij|jou|je) thuis\b",
        r"\bhotel\w*",
        r"\badres\w*",
        r"\baddress\w*",
        r"\bophal\w*",
        r"\bhaal je op\b",
        r"\bmeet\w*",
        r"\bhook ?up\b",
        r"\bcome over\b",
        r"\bvisit\w*",
        r"\bpick you up\b",
        r"\b(?:your|my) place\b",
        r"\bincall\b",
        r"\boutcall\b",
    ],
    "images": [
        r"\bfoto\w*",
        r"\bfoto's\b",
        r"\bplaatje\w*",
        r"\bpics?\b",
        r"\bpictures?\b",
        r"\bphotos?\b",
        r"\bselfie\w*",
        r"\bwebcam\w*",
        r"\bcam\b",
        r"\bcamera\w*",
        r"\bvideo\w*",
        r"\bfacetime\w*",
        r"\bbeeldbel\w*",
        r"\bnudes?\b",
        r"\bsnap ?(?:je|me|mij)\b",
    ],
}

_COMPILED = {
    topic: re.compile("|".join(f"(?:{p})" for p in patterns), re.IGNORECASE)
    for topic, patterns in _PATTERNS.items()
}


def topics_in(text: str) -> set[str]:
    """The topics (`TOPICS`) that `text` raises, in Dutch or English."""
    text = text or ""
    return {topic for topic, pattern in _COMPILED.items() if pattern.search(text)}


class TopicRefused(Exception):
    """An outgoing message would raise a topic the decoy may not raise."""

    def __init__(self, topics: Iterable[str], purpose: str):
        self.topics = sorted(topics)
        self.purpose = purpose
        names = ", ".join(TOPIC_LABELS.get(t, t) for t in self.topics)
        super().__init__(
            f"Dit bericht noemt {names}; een lokmiddel mag dat nooit als eerste ter sprake brengen."
        )


def allowed_topics(purpose: str) -> frozenset[str]:
    """What a message sent for `purpose` may mention: only deterrence has an exemption."""
    return DETERRENCE_MAY_RAISE if purpose == DETERRENCE else frozenset()


def check_outgoing(text: str, *, purpose: str) -> None:
    """Raise TopicRefused unless `text` may be sent for `purpose` (see the module docstring)."""
    raised = topics_in(text) - allowed_topics(purpose)
    if raised:
        raise TopicRefused(raised, purpose)


def first_raised(messages: Iterable[tuple[str, str]]) -> dict[str, dict]:
    """Per topic, who raised it first: `messages` are (who, text) in time order.

    `who` is "counterpart", "decoy" or "deterrence"; the result maps a topic to
    {"by": who, "index": position in `messages`}.
    """
    result: dict[str, dict] = {}
    for index, (who, text) in enumerate(messages):
        for topic in sorted(topics_in(text)):
            result.setdefault(topic, {"by": who, "index": index})
    return result

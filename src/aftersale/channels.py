"""The channels a seller reaches customers by: the method's own, the known apps, and any other.

A known channel is read by any spelling (`Call` -> phone, `sms` -> text); a
known app keeps its usual spelling (`wechat` -> WeChat) and is worded like the
kind of channel it is; a name close to a known one is taken for a typo; any
other name is kept as written.
"""

from __future__ import annotations

import difflib
from enum import StrEnum
from typing import Annotated

from pydantic import BeforeValidator

from aftersale.values import enum_field, normalize_token


class Channel(StrEnum):
    """The ways of reaching a customer that the method's wording knows."""

    VISIT = "visit"
    PHONE = "phone"
    EMAIL = "email"
    TEXT = "text"
    VIDEO = "video"
    LETTER = "letter"


# Other channels sellers use, with their usual spelling and the way they work: a
# message app is written like a text, a meeting app like a video call.
NAMED_CHANNELS: dict[str, tuple[str, Channel]] = {
    "whatsapp": ("WhatsApp", Channel.TEXT),
    "wechat": ("WeChat", Channel.TEXT),
    "weixin": ("WeChat", Channel.TEXT),
    "telegram": ("Telegram", Channel.TEXT),
    "signal": ("Signal", Channel.TEXT),
    "viber": ("Viber", Channel.TEXT),
    "line": ("LINE", Channel.TEXT),
    "kakaotalk": ("KakaoTalk", Channel.TEXT),
    "messenger": ("Messenger", Channel.TEXT),
    "imessage": ("iMessage", Channel.TEXT),
    "slack": ("Slack", Channel.TEXT),
    "linkedin": ("LinkedIn", Channel.EMAIL),
    "teams": ("Teams", Channel.VIDEO),
    "skype": ("Skype", Channel.VIDEO),
    "google_meet": ("Google Meet", Channel.VIDEO),
    "meet": ("Google Meet", Channel.VIDEO),
}
_FAMILY_BY_NAME = dict(NAMED_CHANNELS.values())


def channel_family(name: str | None) -> Channel | None:
    """How a channel works (a text, a call, ...), or None for one the method does not know."""
    if name is None:
        return None
    if name in Channel.__members__.values():
        return Channel(name)
    return _FAMILY_BY_NAME.get(name)


_CHANNEL = enum_field(
    Channel,
    {
        "call": "phone",
        "telephone": "phone",
        "mail": "email",
        "e_mail": "email",
        "sms": "text",
        "meeting": "visit",
        "in_person": "visit",
        "zoom": "video",
        "video_call": "video",
        "card": "letter",
        "note": "letter",
        "post": "letter",
    },
)


_CHANNEL_NAMES = frozenset(c.value for c in Channel) | frozenset(
    name for name, _ in NAMED_CHANNELS.values()
)


def _to_channel(value: object) -> str:
    """A known channel by any spelling, a named app in its usual spelling, else as written."""
    if isinstance(value, Channel):
        return value.value
    if value in _CHANNEL_NAMES:  # the common case, read a hundred thousand times in a log
        return value
    if not isinstance(value, str) or not value.strip():
        raise ValueError(f"expected a channel such as phone, email or WhatsApp, got {value!r}")
    try:
        return str(_CHANNEL.func(value).value)  # type: ignore[call-arg]
    except ValueError:
        pass
    key = normalize_token(value)
    named = NAMED_CHANNELS.get(key)
    if named is not None:
        return named[0]
    known = [c.value for c in Channel] + list(NAMED_CHANNELS)
    close = difflib.get_close_matches(key, known, n=1, cutoff=0.75)
    if close:
        # Most likely a typo ("emial"): say so rather than plan by a channel nobody uses.
        spelled = NAMED_CHANNELS[close[0]][0] if close[0] in NAMED_CHANNELS else close[0]
        raise ValueError(
            f'unknown channel {value!r}; did you mean "{spelled}"? (a channel of your own '
            "is kept as written when it is not that close to a known one)"
        )
    text = " ".join(value.split())
    if len(text) > 40:
        raise ValueError(f"expected a channel name of at most 40 characters, got {value!r}")
    return text


ChannelName = Annotated[str, BeforeValidator(_to_channel)]

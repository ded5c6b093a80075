"""Messages ready to send to a mentor, in the tone of their preferred channel. Pure."""

from __future__ import annotations

from mentee.kinds import Channel
from mentee.models import Mentor


def first_name(mentor: Mentor) -> str:
    parts = mentor.name.split()
    return parts[0] if parts else mentor.name


def thanks(mentor: Mentor, text: str, signature: str | None = None) -> str:
    """A short thank-you telling the mentor how their advice helped."""
    name = first_name(mentor)
    body = text.strip()
    if not body.endswith((".", "!", "?")):
        body += "."
    if mentor.channel in (Channel.CHAT, Channel.OTHER):
        return f"Hi {name}! A quick thank-you: {body} Your help made a real difference."
    sign = f"\n{signature}" if signature else ""
    greeting = f"Hi {name},\n\n"
    message = (
        f"{greeting}I wanted to say thank you. {body}\n\n"
        f"Your advice made a real difference, and I am grateful for your time.\n\n"
        f"Best,{sign}"
    )
    if mentor.channel == Channel.EMAIL or (mentor.channel is None and mentor.email):
        return f"Subject: Thank you\n\n{message}"
    return message

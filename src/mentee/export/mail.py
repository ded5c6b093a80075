"""`agenda next --format email`: the agenda and its invitation in one RFC 5322 message.

The message is what `sendmail -t` (or any mail client that opens a `.eml`) expects: `From`
the mentee, `To` the mentor, a `Subject` naming the meeting, `Date` and `Message-ID`, then a
multipart/mixed body: the agenda as text/plain (the items of the Markdown agenda, without
private ones unless the caller kept them, both clocks where the mentor's differs), and the
invitation as `text/calendar; method=REQUEST` (`invite.ics`, base64 so its CRLF lines arrive
intact), whose calendar says METHOD:REQUEST with the mentee as ORGANIZER and the mentor as
ATTENDEE (RSVP), UID and SEQUENCE as `--format ics` gives them. Built with the standard
library's `email` package: headers folded, non-ASCII names encoded (RFC 2047), LF line ends
(a local `sendmail` reads LF; the mail system turns them into CRLF on the wire).

Pure: an agenda and the addresses in, bytes out; MenteeError names what to fix when an
address is missing or is not one.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, tzinfo
from typing import TYPE_CHECKING

from mentee.errors import MenteeError
from mentee.text import plural

if TYPE_CHECKING:
    from email.headerregistry import Address

    from mentee.agenda import Agenda


@dataclass(frozen=True)
class Sender:
    """Who the mail is from: the mentee."""

    name: str | None
    email: str


def sender_from(name: str | None, email: str | None, environ_email: str | None) -> Sender:
    """The mentee as a sender: `name` and `email` from config.toml, else `$EMAIL` (an
    address, or `Name <address>`), else a MenteeError saying how to set one."""
    from email.utils import parseaddr

    if email and email.strip():
        sender = Sender(_clean(name), email.strip())
        _address(
            sender.name,
            sender.email,
            f"email {email!r} in config.toml is not an address such as name@example.com",
        )
        return sender
    if environ_email and environ_email.strip():
        shown, address = parseaddr(environ_email.strip())
        problem = (
            f"$EMAIL {environ_email!r} is not an address; set it to name@example.com, "
            'or put email = "name@example.com" in config.toml'
        )
        if not address:
            raise MenteeError(problem)
        sender = Sender(_clean(name) or _clean(shown), address)
        _address(sender.name, sender.email, problem)
        return sender
    raise MenteeError(
        "no sender address for the email: put "
        'name = "Your Name" and email = "you@example.com" in config.toml, or set $EMAIL'
    )


def check_sendable(agenda: Agenda, private_left_out: int = 0) -> None:
    """MenteeError when the agenda is not worth a mail: its meeting is over (log it or move
    it first), or nothing is on it (SPEC: no agenda items, cancel the meeting politely and
    respect the mentor's time). `private_left_out`: private items kept out of it."""
    from mentee.text import escape

    name = escape(agenda.mentor.name)
    meeting = agenda.meeting
    if meeting is not None and agenda.meeting_over:
        raise MenteeError(
            f"the meeting with {name} on {meeting.at:%a %Y-%m-%d %H:%M} is over: log it "
            f"(mentee meeting log {meeting.id}) or plan it again "
            f"(mentee meeting move {meeting.id} --at ...) before sending its invitation"
        )
    if not agenda.empty:
        return
    private = (
        f"; {plural(private_left_out, 'private item')} "
        f"{'was' if private_left_out == 1 else 'were'} left out: --include-private sends them"
        if private_left_out
        else ""
    )
    add = f"mentee topic add TEXT --mentor {agenda.mentor.id}"
    if meeting is None:
        raise MenteeError(
            f"nothing on the agenda for {name} yet, so no email to send: add a topic first "
            f"({add}){private}"
        )
    raise MenteeError(
        f"nothing on the agenda for the meeting with {name} on "
        f"{meeting.at:%a %Y-%m-%d %H:%M}, so no email to send: add a topic ({add}) or "
        f"cancel it politely (mentee meeting cancel {meeting.id}){private}"
    )


def agenda_email(
    agenda: Agenda,
    sender: Sender,
    now: datetime,
    *,
    default_minutes: int = 30,
    zone: tzinfo | None = None,
) -> bytes:
    """The message for `agenda` (pass `without_private()` to leave private items out),
    sent by `sender` at `now` (an aware time: the Date header and the invitation's
    DTSTAMP). MenteeError when the mentor has no usable email, or `sender`'s is not one."""
    from datetime import UTC
    from email import policy
    from email.message import EmailMessage
    from email.utils import format_datetime, make_msgid

    from mentee.export.ics import agenda_ics

    mentor = agenda.mentor
    if not mentor.email or not mentor.email.strip():
        raise MenteeError(
            f"mentor {mentor.id} has no email to send the agenda to; add one: "
            f"mentee mentor edit {mentor.id} --email ADDR"
        )
    to = _address(
        mentor.name,
        mentor.email.strip(),
        f"mentor {mentor.id}'s email {mentor.email!r} is not an address; "
        f"fix it: mentee mentor edit {mentor.id} --email ADDR",
    )
    origin = _address(
        sender.name,
        sender.email,
        f"the sender address {sender.email!r} (email in config.toml, or $EMAIL) is not an "
        "address such as name@example.com",
    )
    message = EmailMessage(policy=policy.default)
    message["From"] = origin
    message["To"] = to
    message["Subject"] = _subject(agenda, zone)
    message["Date"] = format_datetime(now)
    message["Message-ID"] = make_msgid("mentee", domain=origin.domain)
    body = _body(agenda, sender, zone)
    message.set_content(body, cte=_text_encoding(body))
    invitation = agenda_ics(
        agenda,
        now.astimezone(UTC).replace(microsecond=0),
        default_minutes,
        zone,
        organizer=(origin.display_name or None, origin.addr_spec),
    )
    message.add_attachment(
        invitation,
        maintype="text",
        subtype="calendar",
        filename="invite.ics",
        params={"method": "REQUEST", "charset": "utf-8"},
    )
    for part in message.iter_parts():
        del part["MIME-Version"]  # a header of the message, not of its parts
    try:
        data: bytes = message.as_bytes(policy=policy.default)
    except (ValueError, UnicodeError) as exc:  # an address mail cannot carry as it is
        raise MenteeError(f"cannot write the email: {exc}") from None
    return data


def _clean(name: str | None) -> str | None:
    """A display name on one line, control characters shown escaped (never raw in a
    header); None when empty."""
    from mentee.text import escape

    if name is None:
        return None
    cleaned = " ".join(escape(name).split())
    return cleaned or None


def _address(name: str | None, spec: str, problem: str) -> Address:
    from email.headerregistry import Address

    try:
        address = Address(display_name=_clean(name) or "", addr_spec=spec)
    except Exception:  # noqa: BLE001 - the email package raises many kinds for a bad address
        raise MenteeError(problem) from None
    if not address.username or not address.domain or address.addr_spec != spec:
        raise MenteeError(problem)
    return address


def _subject(agenda: Agenda, zone: tzinfo | None) -> str:
    from mentee.agenda import suggested_date
    from mentee.messages import meeting_time

    if agenda.meeting is not None:
        when = meeting_time(agenda.meeting.at, agenda.mentor, zone, to_mentor=True)
        return f"Agenda for our meeting on {when}"
    day = suggested_date(agenda.mentor, agenda.last_meeting, agenda.today)
    return f"Agenda for our next meeting (proposed: {day:%a %Y-%m-%d})"


def _body(agenda: Agenda, sender: Sender, zone: tzinfo | None) -> str:
    from mentee.agenda import suggested_date
    from mentee.export.agenda import agenda_text
    from mentee.messages import first_name, meeting_time
    from mentee.text import escape

    name = escape(first_name(agenda.mentor))
    meeting = agenda.meeting
    if meeting is not None:
        when = meeting_time(meeting.at, agenda.mentor, zone, long=True, to_mentor=True)
        opening = (
            f"Here is my agenda for our meeting on {when}, so we can make the most of your "
            "time. The invitation is attached."
        )
        if meeting.where:
            opening += f"\n\nWhere: {escape(meeting.where)}"
    else:
        day = suggested_date(agenda.mentor, agenda.last_meeting, agenda.today)
        opening = (
            f"It is about time for our next meeting: would {day:%A} {day.day} {day:%B} suit "
            "you? The attached invitation holds the day; tell me a time that works for you. "
            "Here is what I would like to cover."
        )
    signature = f"\n{sender.name}" if sender.name else ""
    return f"Hi {name},\n\n{opening}\n\n{agenda_text(agenda).rstrip()}\n\nThank you,{signature}\n"


def _text_encoding(text: str) -> str:
    """7bit for ASCII lines of at most 78 characters, else quoted-printable: 7-bit clean,
    no line over 78 characters (RFC 5322), and a reader still sees whole paragraphs."""
    if text.isascii() and all(len(line) <= 78 for line in text.splitlines()):
        return "7bit"
    return "quoted-printable"

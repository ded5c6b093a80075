"""`agenda next --format email`: one RFC 5322 message for `sendmail -t` with the agenda as
text and the invitation (METHOD:REQUEST, ORGANIZER, ATTENDEE) as text/calendar; read back
here with the standard library's parser and icalendar, as a mail client would."""

from __future__ import annotations

import email
import json
import os
import subprocess
import sys
from datetime import UTC, date, datetime
from email import policy
from email.message import EmailMessage
from pathlib import Path

import pytest
from cli_helpers import error_line

MENTEE = str(Path(sys.executable).with_name("mentee"))


@pytest.fixture
def journal(run, run_json, home) -> dict[str, str]:
    """Sam (config.toml) mentored by Priya, 8 hours behind (TZ=UTC in the tests), with a
    planned meeting, a topic, a win and a private topic."""
    home.mkdir(parents=True, exist_ok=True)
    (home / "config.toml").write_text('name = "Sam Doe"\nemail = "sam@example.com"\n')
    run(
        "mentor", "add", "Priya Raman", "--email", "priya@example.com",
        "--timezone", "America/Los_Angeles",
    )  # fmt: skip
    meeting = run_json("meeting", "add", "--mentor", "priya", "--at", "2026-11-24 17:00")["id"]
    run("topic", "add", "How do I pick a talk topic?", "--mentor", "priya")
    run("note", "add", "Gave the team demo", "--kind", "win")
    run("topic", "add", "Salary bands", "--mentor", "priya", "--private")
    return {"meeting": meeting, "mentor": "priya-raman"}


def mail_of(run, *args: str, env: dict[str, str] | None = None) -> EmailMessage:
    result = run("agenda", "next", "--format", "email", *args, env=env)
    assert result.exit_code == 0, result.stderr
    message = email.message_from_bytes(result.stdout_bytes, policy=policy.default)
    assert isinstance(message, EmailMessage)
    return message


def calendar_of(message: EmailMessage):
    from icalendar import Calendar

    (part,) = [p for p in message.walk() if p.get_content_type() == "text/calendar"]
    assert part.get_param("method") == "REQUEST"
    assert part.get_content_charset() == "utf-8"
    payload = part.get_payload(decode=True)
    assert isinstance(payload, bytes), payload
    return Calendar.from_ical(payload)


def text_of(message: EmailMessage) -> str:
    body = message.get_body(("plain",))
    assert body is not None
    return str(body.get_content())


def test_the_message_has_the_headers_a_mail_client_needs(run, journal):
    message = mail_of(run)
    assert message["From"] == "Sam Doe <sam@example.com>"
    assert message["To"] == "Priya Raman <priya@example.com>"
    assert message["Subject"] == (
        "Agenda for our meeting on Tue 2026-11-24 17:00 (09:00 your time, America/Los_Angeles)"
    )
    assert message["Date"].datetime.tzinfo is not None
    assert message["Message-ID"].startswith("<")
    assert message["Message-ID"].endswith("@example.com>")
    assert message["MIME-Version"] == "1.0"
    assert message.get_content_type() == "multipart/mixed"
    types = [p.get_content_type() for p in message.iter_parts()]
    assert types == ["text/plain", "text/calendar"]


def test_the_text_is_the_agenda_to_send_with_both_clocks_and_no_private_item(run, journal):
    text = text_of(mail_of(run))
    assert text.startswith("Hi Priya,\n\n")
    assert "our meeting on Tuesday 24 November at 17:00 (09:00 your time, " in text
    assert "Topics:\n\n- How do I pick a talk topic?" in text
    assert "Progress:\n\n- Win (2026-11-21): Gave the team demo" in text
    assert "Salary bands" not in text
    assert text.rstrip().endswith("Thank you,\nSam Doe")
    assert "Salary bands" in text_of(mail_of(run, "--include-private"))


def test_the_invitation_is_a_request_from_the_mentee_to_the_mentor(run, journal):
    """METHOD:REQUEST; the VEVENT has the UID and SEQUENCE of `--format ics`, the start
    and end, the mentee as ORGANIZER and the mentor as an ATTENDEE asked to answer."""
    calendar = calendar_of(mail_of(run))
    assert str(calendar["METHOD"]) == "REQUEST"
    (event,) = calendar.walk("VEVENT")
    assert str(event["UID"]) == f"{journal['meeting']}@mentee"
    assert int(event["SEQUENCE"]) == 0
    assert event.decoded("DTSTART") == datetime(2026, 11, 24, 17, 0, tzinfo=UTC)
    assert event.decoded("DTEND") == datetime(2026, 11, 24, 17, 30, tzinfo=UTC)
    organizer = event["ORGANIZER"]
    assert str(organizer) == "mailto:sam@example.com"
    assert organizer.params["CN"] == "Sam Doe"
    attendee = event["ATTENDEE"]
    assert str(attendee) == "mailto:priya@example.com"
    assert attendee.params["CN"] == "Priya Raman"
    assert attendee.params["ROLE"] == "REQ-PARTICIPANT"
    assert attendee.params["PARTSTAT"] == "NEEDS-ACTION"
    assert attendee.params["RSVP"] == "TRUE"
    assert "How do I pick a talk topic?" in str(event["DESCRIPTION"])
    assert "Salary bands" not in str(event["DESCRIPTION"])
    ics = run("agenda", "next", "--format", "ics").stdout_bytes
    from icalendar import Calendar

    (plain_event,) = Calendar.from_ical(ics).walk("VEVENT")
    assert str(plain_event["UID"]) == str(event["UID"])


def test_a_moved_meeting_is_invited_again_with_a_higher_sequence(run, journal):
    assert run("meeting", "move", journal["meeting"], "--at", "2026-11-26 17:00").exit_code == 0
    message = mail_of(run)
    assert "Thu 2026-11-26 17:00" in message["Subject"]
    (event,) = calendar_of(message).walk("VEVENT")
    assert int(event["SEQUENCE"]) == 1
    assert str(event["UID"]) == f"{journal['meeting']}@mentee"
    assert event.decoded("DTSTART") == datetime(2026, 11, 26, 17, 0, tzinfo=UTC)


def test_non_ascii_names_are_encoded_and_read_back(run, journal, home):
    """Names outside ASCII are encoded in the headers (RFC 2047: the raw headers stay
    ASCII) and read back exactly; the invitation carries them in UTF-8."""
    (home / "config.toml").write_text('name = "Jörg Müller"\nemail = "joerg@example.com"\n')
    run("mentor", "add", "Zoë Ångström", "--email", "zoe@example.com")
    run("topic", "add", "Öffentliche Vorträge", "--mentor", "zoe")
    result = run("agenda", "next", "--mentor", "zoe", "--format", "email")
    assert result.exit_code == 0, result.stderr
    raw_headers = result.stdout_bytes.split(b"\n\n", 1)[0]
    assert raw_headers.isascii()
    message = email.message_from_bytes(result.stdout_bytes, policy=policy.default)
    assert message["From"].addresses[0].display_name == "Jörg Müller"
    assert message["To"].addresses[0].display_name == "Zoë Ångström"
    assert "Hi Zoë," in text_of(message)
    assert "- Öffentliche Vorträge" in text_of(message)
    (event,) = calendar_of(message).walk("VEVENT")
    assert event["ORGANIZER"].params["CN"] == "Jörg Müller"
    assert event["ATTENDEE"].params["CN"] == "Zoë Ångström"


def test_the_sender_comes_from_email_when_config_has_none(run, journal, home):
    """No `email` in config.toml: $EMAIL (`Name <address>` or an address, named with
    config's `name`); config's `email` wins over $EMAIL."""
    (home / "config.toml").write_text("")
    message = mail_of(run, env={"EMAIL": "Sam Smith <sam.smith@example.org>"})
    assert message["From"] == "Sam Smith <sam.smith@example.org>"
    (home / "config.toml").write_text('name = "Sam Doe"\n')
    assert mail_of(run, env={"EMAIL": "sd@example.org"})["From"] == "Sam Doe <sd@example.org>"
    (home / "config.toml").write_text('email = "cfg@example.com"\n')
    assert mail_of(run, env={"EMAIL": "env@example.org"})["From"] == "cfg@example.com"


def test_no_sender_is_an_error_naming_the_fix(run, journal, home, monkeypatch):
    (home / "config.toml").write_text('name = "Sam Doe"\n')
    monkeypatch.delenv("EMAIL", raising=False)
    result = run("agenda", "next", "--format", "email")
    assert result.exit_code == 1
    line = error_line(result)
    assert "no sender address" in line
    assert 'email = "you@example.com" in config.toml' in line
    assert "$EMAIL" in line
    assert result.stdout == ""
    bad = run("agenda", "next", "--format", "email", env={"EMAIL": "not an address"})
    assert bad.exit_code == 1
    assert "is not an address" in error_line(bad)


def test_a_mentor_without_email_is_an_error_naming_the_fix(run, journal):
    run("mentor", "add", "Alex Kim")
    run("topic", "add", "Scope", "--mentor", "alex")
    result = run("agenda", "next", "--mentor", "alex", "--format", "email")
    assert result.exit_code == 1
    assert error_line(result) == (
        "mentee: mentor alex-kim has no email to send the agenda to; add one: "
        "mentee mentor edit alex-kim --email ADDR"
    )
    assert result.stdout == ""
    run("mentor", "edit", "alex", "--email", "alex at example")
    bad = run("agenda", "next", "--mentor", "alex", "--format", "email")
    assert bad.exit_code == 1
    assert "mentee mentor edit alex-kim --email ADDR" in error_line(bad)


def test_nothing_on_the_agenda_is_no_mail_but_a_cancel_hint(run, run_json, home):
    """An empty agenda (its only item private) sends nothing: exit 1, stdout empty, the
    message points to `meeting cancel` and to --include-private."""
    home.mkdir(parents=True, exist_ok=True)
    (home / "config.toml").write_text('email = "sam@example.com"\n')
    run("mentor", "add", "Alex Kim", "--email", "alex@example.com")
    meeting = run_json("meeting", "add", "--mentor", "alex", "--at", "2026-11-24 10:00")["id"]
    run("topic", "add", "Salary bands", "--private")
    result = run("agenda", "next", "--format", "email")
    assert result.exit_code == 1
    assert result.stdout == ""
    line = error_line(result)
    assert "nothing on the agenda for the meeting with Alex Kim" in line
    assert f"mentee meeting cancel {meeting}" in line
    assert "--include-private" in line
    assert run("agenda", "next", "--format", "email", "--include-private").exit_code == 0


def test_a_meeting_already_over_is_not_invited_to(run, journal):
    result = run("agenda", "next", "--format", "email", env={"MENTEE_TODAY": "2026-11-25"})
    assert result.exit_code == 1
    line = error_line(result)
    assert "is over" in line
    assert f"mentee meeting move {journal['meeting']}" in line


def test_with_no_planned_meeting_the_invitation_is_for_the_day_the_cadence_suggests(run, home):
    """As `--format ics` does: an all-day event on the suggested day (same UID)."""
    home.mkdir(parents=True, exist_ok=True)
    (home / "config.toml").write_text('email = "sam@example.com"\n')
    run("mentor", "add", "Alex Kim", "--email", "alex@example.com", "--cadence", "2w")
    run("topic", "add", "Career ladder")
    message = mail_of(run)
    assert message["Subject"] == "Agenda for our next meeting (proposed: Sun 2026-11-22)"
    assert "would Sunday 22 November suit you?" in text_of(message)
    (event,) = calendar_of(message).walk("VEVENT")
    assert event.decoded("DTSTART") == date(2026, 11, 22)
    from icalendar import Calendar

    ics = run("agenda", "next", "--format", "ics").stdout_bytes
    (plain_event,) = Calendar.from_ical(ics).walk("VEVENT")
    assert str(plain_event["UID"]) == str(event["UID"])


def test_piped_into_a_mail_reader_it_is_seven_bit_folded_and_lf(journal, tmp_path):
    """The installed command's output, as `sendmail -t` reads it: ASCII only, LF line
    ends, no line over 78 characters (headers folded), parsed by a separate Python."""
    env = {**os.environ}
    done = subprocess.run(
        [MENTEE, "agenda", "next", "--format", "email"],
        env=env,
        capture_output=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    data = done.stdout
    assert data.isascii()
    assert b"\r" not in data
    assert max(len(line) for line in data.split(b"\n")) <= 78
    reader = subprocess.run(
        [
            sys.executable,
            "-c",
            (
                "import email, sys, json\n"
                "m = email.message_from_binary_file(sys.stdin.buffer)\n"
                "print(json.dumps([m['To'], [p.get_content_type() for p in m.walk()]]))"
            ),
        ],
        input=data,
        capture_output=True,
        timeout=120,
        check=True,
    )
    to, types = json.loads(reader.stdout)
    assert to == "Priya Raman <priya@example.com>"
    assert types == ["multipart/mixed", "text/plain", "text/calendar"]

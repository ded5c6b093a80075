"""`mentee mentor`: add, list, show, edit, thank."""

from __future__ import annotations

import json

import pytest
from cli_helpers import append_unknown_keys, assert_unknown_keys_kept, error_line

# -- add ----------------------------------------------------------------------------------


def test_add_derives_handle_from_name_and_defaults_to_active(run_json, on_disk):
    """A new mentor's id is a handle made from the name, status active, written to disk."""
    mentor = run_json("mentor", "add", "Alex Kim")
    assert mentor["id"] == "alex-kim"
    assert mentor["name"] == "Alex Kim"
    assert mentor["status"] == "active"
    assert mentor["thanks"] == []
    assert on_disk("mentors", "alex-kim")["name"] == "Alex Kim"


def test_add_handle_drops_accents(run_json):
    """Accented names give plain ASCII handles."""
    assert run_json("mentor", "add", "José Núñez")["id"] == "jose-nunez"


def test_add_same_name_twice_gets_suffixed_handle_and_a_note(run, run_json):
    """A second mentor with a taken handle becomes `-2`, and the user is told."""
    run("mentor", "add", "Alex Kim")
    result = run("mentor", "add", "Alex Kim", "--json")
    assert result.exit_code == 0
    assert json.loads(result.stdout)["id"] == "alex-kim-2"
    assert "alex-kim-2" in result.stderr


def test_add_all_contact_options_are_stored(run_json, on_disk):
    """Every `mentor add` option lands in the field SPEC.md names."""
    mentor = run_json(
        "mentor",
        "add",
        "Alex Kim",
        "--email",
        "alex@example.com",
        "--phone",
        "+49 30 1234",
        "--org",
        "Northwind",
        "--role",
        "Principal Engineer",
        "--channel",
        "video",
        "--cadence",
        "2w",
        "--timezone",
        "Europe/Berlin",
        "--expertise",
        "system design",
        "--expertise",
        "promotions",
        "--status",
        "prospect",
        "--why",
        "Went from senior to principal",
        "--met",
        "Mentoring programme",
        "--availability",
        "Tuesdays",
        "--response-time",
        "1-2 days",
        "--link",
        "https://example.com/alex",
        "--since",
        "2026-06-01",
    )
    expected = {
        "email": "alex@example.com",
        "phone": "+49 30 1234",
        "org": "Northwind",
        "role": "Principal Engineer",
        "channel": "video",
        "cadence_days": 14,
        "timezone": "Europe/Berlin",
        "expertise": ["system design", "promotions"],
        "status": "prospect",
        "why": "Went from senior to principal",
        "met": "Mentoring programme",
        "availability": "Tuesdays",
        "response_time": "1-2 days",
        "links": ["https://example.com/alex"],
        "since": "2026-06-01",
    }
    assert {k: mentor[k] for k in expected} == expected
    stored = on_disk("mentors", "alex-kim")
    assert stored["cadence_days"] == 14
    assert stored["channel"] == "video"


@pytest.mark.parametrize(("cadence", "days"), [("14", 14), ("10d", 10), ("2w", 14), ("1m", 30)])
def test_add_cadence_forms(run_json, cadence, days):
    """`--cadence` takes days, weeks or months and stores whole days."""
    assert run_json("mentor", "add", "Alex Kim", "--cadence", cadence)["cadence_days"] == days


def test_add_cadence_defaults_from_config(run_json, home):
    """Without `--cadence`, `cadence` from config.toml applies."""
    home.mkdir()
    (home / "config.toml").write_text('cadence = "3w"\n')
    assert run_json("mentor", "add", "Alex Kim")["cadence_days"] == 21


@pytest.mark.parametrize(
    ("args", "option"),
    [
        (("--cadence", "0"), "--cadence"),
        (("--cadence", "often"), "--cadence"),
        (("--timezone", "Mars/Olympus"), "--timezone"),
        (("--channel", "fax"), "--channel"),
        (("--status", "friend"), "--status"),
        (("--since", "2026-02-30"), "--since"),
    ],
)
def test_add_bad_values_are_usage_errors(run, home, args, option):
    """A bad option value exits 2 naming the option, and no mentor file is written."""
    result = run("mentor", "add", "Alex Kim", *args)
    assert result.exit_code == 2
    assert option in error_line(result)
    assert not (home / "mentors" / "alex-kim.toml").exists()


def test_add_never_overwrites_a_damaged_file_with_the_same_handle(run, run_json, home):
    """If `alex-kim.toml` exists but is damaged, a new Alex Kim becomes `alex-kim-2`."""
    (home / "mentors").mkdir(parents=True)
    damaged = home / "mentors" / "alex-kim.toml"
    damaged.write_bytes(b"name = [\n")
    result = run("mentor", "add", "Alex Kim", "--json")
    assert result.exit_code == 0
    assert json.loads(result.stdout)["id"] == "alex-kim-2"
    assert damaged.read_bytes() == b"name = [\n"


def test_add_blank_name_is_refused(run):
    """A blank name exits 2."""
    result = run("mentor", "add", "  ")
    assert result.exit_code == 2
    assert "name" in error_line(result)


def test_add_with_goal_links_it(run_json):
    """`--goal` takes a goal prefix and stores the full goal id."""
    goal = run_json("goal", "add", "Lead a team")
    assert run_json("mentor", "add", "Alex Kim", "--goal", goal["id"][:4])["goals"] == [goal["id"]]


def test_add_with_unknown_goal_exits_1(run, home):
    """An unknown `--goal` exits 1 and writes nothing."""
    result = run("mentor", "add", "Alex Kim", "--goal", "nope")
    assert result.exit_code == 1
    assert "nope" in error_line(result)
    assert not (home / "mentors" / "alex-kim.toml").exists()


# -- list, show -----------------------------------------------------------------------------


def test_list_hides_ended_unless_all_and_filters_by_status(run, run_json):
    """Ended mentorships are hidden by default; `--all` and `--status` bring them back."""
    run("mentor", "add", "Alex Kim")
    run("mentor", "add", "Sam Lee", "--status", "prospect")
    run("mentor", "add", "Old Friend", "--status", "ended")
    assert [m["id"] for m in run_json("mentor", "list")] == ["alex-kim", "sam-lee"]
    assert [m["id"] for m in run_json("mentor", "list", "--all")] == [
        "alex-kim",
        "old-friend",
        "sam-lee",
    ]
    assert [m["id"] for m in run_json("mentor", "list", "--status", "prospect")] == ["sam-lee"]
    assert [m["id"] for m in run_json("mentor", "list", "--status", "ended")] == ["old-friend"]


def test_list_by_goal_follows_links_on_either_record(run, run_json):
    """`mentor list --goal` keeps mentors linked from the goal or from the mentor."""
    goal = run_json("goal", "add", "Lead a team")["id"]
    run("mentor", "add", "Alex Kim", "--goal", goal)
    run("mentor", "add", "Sam Lee")
    run("mentor", "add", "Kai Berg")
    run("goal", "edit", goal, "--mentor", "sam-lee")
    assert [m["id"] for m in run_json("mentor", "list", "--goal", goal)] == [
        "alex-kim",
        "sam-lee",
    ]


def test_list_table_and_empty_hint(run):
    """The table shows handle, name, channel and cadence; an empty journal gets a hint."""
    empty = run("mentor", "list")
    assert empty.exit_code == 0
    assert empty.stdout == ""
    assert "mentor add" in empty.stderr
    run("mentor", "add", "Alex Kim", "--channel", "chat", "--cadence", "2w", "--org", "Northwind")
    result = run("mentor", "list")
    row = next(line for line in result.stdout.splitlines() if "alex-kim" in line)
    for value in ("Alex Kim", "active", "chat", "14d", "Northwind"):
        assert value in row


def test_show_by_prefix_and_ambiguity(run, run_json):
    """A unique prefix shows the mentor; a shared prefix exits 1 listing both handles."""
    run("mentor", "add", "Alex Kim")
    run("mentor", "add", "Alexa Berg")
    assert run_json("mentor", "show", "alex-")["id"] == "alex-kim"
    result = run("mentor", "show", "alex")
    assert result.exit_code == 1
    line = error_line(result)
    assert "alex-kim" in line
    assert "alexa-berg" in line


def test_show_human_lists_set_fields(run):
    """`mentor show` prints the handle and each field that has a value."""
    run("mentor", "add", "Alex Kim", "--email", "alex@example.com", "--expertise", "design")
    result = run("mentor", "show", "alex-kim")
    assert result.exit_code == 0
    assert "mentor alex-kim" in result.stdout
    assert "alex@example.com" in result.stdout
    assert "design" in result.stdout
    assert "phone" not in result.stdout


def test_show_unknown_exits_1(run):
    """Showing a mentor that does not exist exits 1."""
    result = run("mentor", "show", "nobody")
    assert result.exit_code == 1
    assert "nobody" in error_line(result)


# -- edit -----------------------------------------------------------------------------------


def test_edit_changes_fields_keeps_id_and_unknown_keys(run, run_json, record_file, on_disk):
    """Renaming keeps the handle; unknown keys in the file survive the rewrite."""
    run("mentor", "add", "Alex Kim")
    append_unknown_keys(record_file("mentors", "alex-kim"))
    edited = run_json(
        "mentor",
        "edit",
        "alex",
        "--name",
        "Alex Kim-Berg",
        "--cadence",
        "3w",
        "--status",
        "paused",
        "--notes",
        "Prefers mornings",
        "--expertise",
        "public speaking",
    )
    assert edited["id"] == "alex-kim"
    assert edited["name"] == "Alex Kim-Berg"
    assert edited["cadence_days"] == 21
    assert edited["status"] == "paused"
    assert edited["notes"] == "Prefers mornings"
    assert edited["expertise"] == ["public speaking"]
    stored = on_disk("mentors", "alex-kim")
    assert stored["name"] == "Alex Kim-Berg"
    assert_unknown_keys_kept(stored)


def test_edit_adds_goals_without_duplicates(run, run_json):
    """`mentor edit --goal` adds goal links once."""
    goal = run_json("goal", "add", "Lead")["id"]
    run("mentor", "add", "Alex Kim", "--goal", goal)
    assert run_json("mentor", "edit", "alex-kim", "--goal", goal)["goals"] == [goal]


def test_edit_blank_name_and_bad_timezone_refused(run, record_file):
    """A blank `--name` or unknown `--timezone` exits 2 and leaves the file as it was."""
    run("mentor", "add", "Alex Kim")
    path = record_file("mentors", "alex-kim")
    before = path.read_bytes()
    for args in (("--name", " "), ("--timezone", "Nowhere/City"), ("--cadence", "0")):
        result = run("mentor", "edit", "alex-kim", *args)
        assert result.exit_code == 2, args
        error_line(result)
    assert path.read_bytes() == before


# -- thank ----------------------------------------------------------------------------------


def test_thank_records_thanks_and_prints_message_to_send(run, on_disk):
    """`mentor thank` appends a dated thanks and prints a message naming the mentor."""
    run("mentor", "add", "Alex Kim", "--email", "alex@example.com")
    result = run("mentor", "thank", "alex", "Your outline got my design doc approved")
    assert result.exit_code == 0
    assert "Alex Kim" in result.stderr
    assert "Hi Alex" in result.stdout
    assert "Your outline got my design doc approved." in result.stdout
    assert "Subject: Thank you" in result.stdout
    stored = on_disk("mentors", "alex-kim")
    assert [(str(t["date"]), t["text"]) for t in stored["thanks"]] == [
        ("2026-11-21", "Your outline got my design doc approved")
    ]


def test_thank_message_is_not_hard_wrapped(run):
    """Piped or narrow, the message keeps each sentence whole, ready to paste."""
    run("mentor", "add", "Alex Kim", "--email", "alex@example.com")
    text = "Your advice to write the design doc first got the whole team aligned in a week"
    result = run("mentor", "thank", "alex-kim", text, env={"COLUMNS": "40"})
    assert result.exit_code == 0
    assert any(f"{text}." in line for line in result.stdout.splitlines())
    assert all(line == line.rstrip() for line in result.stdout.splitlines())


def test_thank_twice_keeps_both_and_json_has_message(run, run_json):
    """Each thanks is kept; `--json` gives the mentor and the message."""
    run("mentor", "add", "Sam Lee", "--channel", "chat")
    run("mentor", "thank", "sam", "The intro helped")
    out = run_json("mentor", "thank", "sam", "The mock interview helped!")
    assert [t["text"] for t in out["mentor"]["thanks"]] == [
        "The intro helped",
        "The mock interview helped!",
    ]
    assert out["message"].startswith("Hi Sam!")
    assert "The mock interview helped!" in out["message"]


def test_thank_signs_with_configured_name(run, home):
    """`name` in config.toml signs the thank-you message."""
    home.mkdir()
    (home / "config.toml").write_text('name = "Robin"\n')
    run("mentor", "add", "Alex Kim", "--channel", "email")
    result = run("mentor", "thank", "alex-kim", "Thanks for the review")
    assert result.stdout.rstrip().endswith("Robin")


def test_thank_keeps_unknown_keys(run, record_file, on_disk):
    """Unknown keys in a mentor file survive `mentor thank`."""
    run("mentor", "add", "Alex Kim")
    append_unknown_keys(record_file("mentors", "alex-kim"))
    assert run("mentor", "thank", "alex-kim", "Thanks").exit_code == 0
    assert_unknown_keys_kept(on_disk("mentors", "alex-kim"))


def test_thank_blank_text_or_unknown_mentor_fails(run, record_file):
    """A blank thanks exits 2, an unknown mentor 1; neither changes the file."""
    run("mentor", "add", "Alex Kim")
    before = record_file("mentors", "alex-kim").read_bytes()
    blank = run("mentor", "thank", "alex-kim", "   ")
    assert blank.exit_code == 2
    error_line(blank)
    unknown = run("mentor", "thank", "nobody", "Thanks")
    assert unknown.exit_code == 1
    assert "nobody" in error_line(unknown)
    assert record_file("mentors", "alex-kim").read_bytes() == before


def test_damaged_mentor_file_warns_and_is_left_alone(run, home):
    """`mentor list` skips a damaged mentor file with one warning; `thank` refuses to touch it."""
    run("mentor", "add", "Alex Kim")
    path = home / "mentors" / "sam-lee.toml"
    damaged = b'id = "sam-lee"\nname = [\n'
    path.write_bytes(damaged)
    listed = run("mentor", "list", "--json")
    assert listed.exit_code == 0
    assert [m["id"] for m in json.loads(listed.stdout)] == ["alex-kim"]
    assert listed.stderr.count(str(path)) == 1
    thank = run("mentor", "thank", "sam-lee", "Thanks")
    assert thank.exit_code == 1
    assert str(path) in error_line(thank)
    assert path.read_bytes() == damaged


# -- ask ------------------------------------------------------------------------------------


def test_ask_drafts_a_first_call_request_with_the_goals(run, new):
    """`mentor ask` prints a request naming the mentor and the goals they would serve."""
    run("mentor", "add", "Alex Kim", "--status", "prospect", "--email", "alex@example.com")
    new("goal", "add", "Promoted to senior", "--mentor", "alex-kim", "--by", "2027-06-30")
    new("goal", "add", "Unrelated goal")
    result = run("mentor", "ask", "alex")
    assert result.exit_code == 0
    assert "Hi Alex" in result.stdout
    assert "Promoted to senior" in result.stdout
    assert "Unrelated goal" not in result.stdout
    assert "--status requested" in result.stderr


def test_ask_json_and_read_only(run, run_json, record_file):
    """`mentor ask --json` gives the message and changes nothing on disk."""
    run("mentor", "add", "Alex Kim")
    path = record_file("mentors", "alex-kim")
    before = path.read_bytes()
    out = run_json("mentor", "ask", "alex-kim")
    assert out["mentor"] == "alex-kim"
    assert "Alex" in out["message"]
    assert path.read_bytes() == before


def test_ask_message_is_not_hard_wrapped(run):
    """The request keeps its paragraphs on whole lines at any width."""
    run("mentor", "add", "Alex Kim")
    result = run("mentor", "ask", "alex-kim", env={"COLUMNS": "40"})
    assert result.exit_code == 0
    message = run("mentor", "ask", "alex-kim", "--json").stdout
    expected = json.loads(message)["message"]
    assert result.stdout.rstrip("\n") == expected


def test_ask_unknown_exits_1(run):
    """Asking a mentor who does not exist exits 1."""
    result = run("mentor", "ask", "nobody")
    assert result.exit_code == 1
    error_line(result)

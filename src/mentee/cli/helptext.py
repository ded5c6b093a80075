"""Help that teaches: one or two real examples ending every command's `--help` (and its
section of docs/cli.md), and the one-line summaries of group listings, by command path.

Kept in one place, apart from the commands, so they read as a set; tests check that every
command has examples, that each one parses with the command's real options, and that every
summary fits on one line at 80 columns. Ids are those of a typical journal: `alex-kim` is a
mentor's handle, `k7m2` the start of a goal's random id, `x4tq` an action's, `p9rd` a
meeting's.
"""

from __future__ import annotations

EXAMPLES: dict[str, tuple[str, ...]] = {
    "": (
        "mentee",
        "mentee --json | jq '.overdue[].title'",
    ),
    "goal": (
        'mentee goal add "Promoted to senior" --by 2027-06-30',
        "mentee goal list --all",
    ),
    "goal add": (
        'mentee goal add "Promoted to senior" --by 2027-06-30 --mentor "Alex Kim"',
        'mentee goal add "Speak at a conference" --by eoy --tag talks',
    ),
    "goal list": (
        "mentee goal list",
        "mentee goal list --mentor alex-kim --json | jq -r '.[].title'",
    ),
    "goal show": ("mentee goal show k7m2",),
    "goal edit": (
        'mentee goal edit k7m2 --success "Leads the Q3 launch" --mentor priya',
        "mentee goal edit k7m2",
    ),
    "goal done": ("mentee goal done k7m2",),
    "goal drop": (
        "mentee goal drop k7m2",
        "mentee goal drop k7m2 --force",
    ),
    "goal retarget": ('mentee goal retarget k7m2 --by 2027-09-30 --reason "Reorg in Q2"',),
    "goal milestone": (
        'mentee goal milestone add k7m2 "Lead a design review" --due eoq',
        "mentee goal milestone done k7m2 1",
    ),
    "goal milestone add": ('mentee goal milestone add k7m2 "Lead a design review" --due eoq',),
    "goal milestone done": ("mentee goal milestone done k7m2 1",),
    "goal milestone edit": (
        "mentee goal milestone edit k7m2 2 --due 2027-01-15",
        'mentee goal milestone edit k7m2 2 --title "Run the review" --due none',
    ),
    "goal milestone remove": ("mentee goal milestone remove k7m2 3",),
    "mentor": (
        'mentee mentor add "Alex Kim" --email alex@example.com --cadence 2w',
        "mentee mentor list",
    ),
    "mentor add": (
        'mentee mentor add "Alex Kim" --email alex@example.com --cadence 2w',
        'mentee mentor add "Priya Raman" --status prospect --timezone Asia/Kolkata',
    ),
    "mentor list": (
        "mentee mentor list",
        "mentee mentor list --status prospect --json | jq -r '.[].id'",
    ),
    "mentor show": ('mentee mentor show "Alex Kim"',),
    "mentor ask": ("mentee mentor ask priya",),
    "mentor edit": (
        "mentee mentor edit alex-kim --since 2025-03-01 --timezone Europe/Berlin",
        "mentee mentor edit alex-kim --email none --no-goal k7m2",
    ),
    "mentor thank": ('mentee mentor thank alex-kim "Your review tips got my design approved"',),
    "meeting": (
        "mentee meeting add --mentor alex-kim --at 'fri 15:00'",
        "mentee meeting log p9rd",
    ),
    "meeting add": (
        "mentee meeting add --mentor alex-kim --at 'fri 15:00'",
        "mentee meeting add --mentor priya --at '2026-12-03 09:30' --duration 45",
    ),
    "meeting list": (
        "mentee meeting list",
        "mentee meeting list --all --mentor alex-kim",
    ),
    "meeting show": ("mentee meeting show p9rd",),
    "meeting edit": ("mentee meeting edit p9rd",),
    "meeting log": (
        "mentee meeting log p9rd",
        "mentee meeting log --mentor alex-kim --at 'yesterday 10:00' --notes 'On pay'",
    ),
    "meeting move": (
        "mentee meeting move p9rd --at 'tue 15:00'",
        "mentee meeting move p9rd --at '2026-12-08 09:30' --json | jq -r .message",
    ),
    "meeting cancel": ('mentee meeting cancel p9rd --reason "Nothing new to discuss"',),
    "action": (
        "mentee action add 'Draft the design doc' --due fri --goal k7m2",
        "mentee action list --overdue",
    ),
    "action add": (
        "mentee action add 'Draft the design doc' --due fri --goal k7m2",
        "id=$(mentee action add 'Give the team demo' --practice --mentor alex-kim)",
    ),
    "action list": (
        "mentee action list --overdue",
        "mentee action list --mentor alex-kim --json | jq -r '.[].title'",
    ),
    "action show": ("mentee action show x4tq",),
    "action done": ("mentee action done x4tq --note 'Shipped on time'",),
    "action drop": ("mentee action drop x4tq --note 'The project was cancelled'",),
    "action note": ("mentee action note x4tq 'Blocked on the API review'",),
    "action edit": (
        "mentee action edit x4tq --due mon --feedback f3zb",
        "mentee action edit x4tq --due none --practice",
    ),
    "feedback": (
        "mentee feedback add 'Rushed the ending' --from manager --kind constructive",
        "mentee feedback list --undiscussed",
    ),
    "feedback add": (
        "mentee feedback add 'Rushed the ending' --from manager --kind constructive",
        "mentee feedback add 'Great demo' --from 'Alex Kim' --kind praise --goal k7m2",
    ),
    "feedback list": (
        "mentee feedback list --since 3m --kind constructive",
        "mentee feedback list --from 'Alex Kim'",
    ),
    "feedback show": ("mentee feedback show f3zb",),
    "feedback edit": ("mentee feedback edit f3zb",),
    "note": (
        "mentee note add 'Led my first design review' --kind win --goal k7m2",
        "mentee note list --since 2w",
    ),
    "note add": (
        "mentee note add 'Led my first design review' --kind win --goal k7m2",
        "mentee note add 'Estimates keep slipping' --kind challenge --private",
    ),
    "note list": (
        "mentee note list --since 2w",
        "mentee note list --kind win --json | jq length",
    ),
    "note show": ("mentee note show n8wc",),
    "note edit": ("mentee note edit n8wc",),
    "topic": (
        "mentee topic add 'How to say no to side projects' --mentor alex-kim",
        "mentee topic list",
    ),
    "topic add": (
        "mentee topic add 'How to say no to side projects' --mentor alex-kim",
        "mentee topic add 'Salary bands' --private",
    ),
    "topic list": ("mentee topic list --mentor alex-kim",),
    "topic show": ("mentee topic show t2hv",),
    "topic drop": ("mentee topic drop t2hv",),
    "topic edit": ("mentee topic edit t2hv",),
    "agenda": (
        "mentee agenda next --mentor alex-kim",
        "mentee agenda next --format markdown | pbcopy",
    ),
    "agenda next": (
        "mentee agenda next --mentor alex-kim",
        "mentee agenda next --mentor priya --format email | sendmail -t",
    ),
    "sync": (
        "mentee sync init git@example.com:me/journal.git",
        "mentee sync",
    ),
    "sync init": (
        "mentee sync init git@example.com:me/journal.git",
        "mentee sync init /media/usb/journal.git",
    ),
    "sync status": ("mentee sync status",),
    "sync resolve": (
        "mentee sync resolve",
        "mentee sync resolve k7m2 --take mine",
    ),
    "check": (
        "mentee check",
        "mentee check --quiet || echo 'mentee needs you'",
    ),
    "doctor": (
        "mentee doctor",
        "mentee doctor --fix",
    ),
    "undo": (
        "mentee undo --list",
        "mentee undo",
    ),
    "review": (
        "mentee review --since 3m",
        "mentee review --format html > review.html",
    ),
    "export": (
        "mentee export -o backup.json",
        "mentee export --format csv --kind actions -o actions.csv",
    ),
    "import": (
        "mentee import backup.json",
        "mentee export --format jsonl | mentee --home ~/other import -",
    ),
    "where": ('cd "$(mentee where)"',),
    "search": (
        "mentee search 'design review'",
        "mentee search launch --kind note --json | jq -r '.[].id'",
    ),
    "demo": (
        "mentee demo",
        "mentee demo --home ~/mentee-sample",
    ),
}


# Summaries for group listings where the help's first sentence is longer than a line
# (elsewhere the first sentence is the summary).
SUMMARIES: dict[str, str] = {
    "sync": "Sync the journal between devices with git.",
    "sync status": "What is to push, to pull, uncommitted or in conflict.",
    "check": "What needs attention now (exit 3 when something does).",
    "undo": "Revert the last change (again to go further back).",
    "review": "Progress against each goal's own plan, and what to do next.",
    "export": "Export the journal as json, jsonl, csv, markdown or ics.",
    "import": "Import an export: every record valid, or nothing written.",
    "search": "Find TEXT across every record (exit 1 when nothing matches).",
    "goal done": "Mark a goal achieved (today).",
    "meeting add": "Plan a meeting, from today on (one held already: meeting log).",
    "meeting list": "List planned meetings: unlogged ones first, then upcoming ones.",
    "meeting log": "Mark a meeting held and record what was agreed.",
    "meeting move": "Move a planned meeting to another time, with a message to send.",
    "meeting cancel": "Cancel a planned meeting, with a message to send if not over yet.",
    "mentor show": "Show one mentor, with their local time now.",
    "mentor ask": "Draft the request for a first call.",
    "mentor edit": "Change a mentor; with no options, open it in $EDITOR.",
    "action edit": "Change an action; with no options, open it in $EDITOR.",
}


def examples_epilog(path: str) -> str | None:
    """The `Example:` or `Examples:` section ending the help of the command at `path`
    (`goal add`; "" for `mentee` itself), kept as written (`\\b`: no rewrapping)."""
    lines = EXAMPLES.get(path)
    if not lines:
        return None
    title = "Example:" if len(lines) == 1 else "Examples:"
    return "\b\n" + title + "\n" + "\n".join(f"  {line}" for line in lines)

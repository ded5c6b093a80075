"""Journals that stress the review page's chart, written through the store with fixed ids.

Every journal is reviewed on TODAY (2026-11-21). Goal titles start with `Goal NN:` (and, in
the stress journal, end with `endNN`) so a test can find each goal's row in a printed PDF.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

from mentee.models import Action, Goal, Meeting, Mentor, Milestone, Note, Record, Retarget
from mentee.store import Store

TODAY = "2026-11-21"
CREATED = dt.datetime(2025, 1, 1, 9, 0, tzinfo=dt.UTC)
HOSTILE_TITLE = (
    "Goal 05: <script>document.title='pwned'</script><img src=x "
    "onerror=\"document.title='pwned'\"> & \u202eevil\u202c 目標を達成する 🚀"
)
LONG_WORD = "Supercalifragilisticexpialidocious" * 9


def d(text: str) -> dt.date:
    return dt.date.fromisoformat(text)


def _milestones(*items: tuple[str, str | None, str | None]) -> list[Milestone]:
    return [
        Milestone(title=title, due=d(due) if due else None, done=d(done) if done else None)
        for title, due, done in items
    ]


def stress() -> list[Record]:
    """Many goals over more than three years: quarters on the axis, a retarget on the day of
    a milestone, two milestones on one day, a forecast on a milestone, long and hostile
    titles, a goal without a target, achieved, paused, overdue and unplanned goals, and
    milestones without dates (drawn where the plan's even spread puts them)."""
    goals = [
        Goal(id="g01", title="Goal 01: Staff engineer by mid 2028", start=d("2025-01-15"),
             target=d("2028-06-30"),
             milestones=_milestones(
                 ("Lead a platform migration", "2025-09-30", "2025-09-20"),
                 ("Write the architecture strategy", "2026-06-30", "2026-07-10"),
                 ("Sponsor two senior engineers", "2027-03-31", None),
                 ("Speak at an industry conference", "2027-09-30", None),
                 ("Own a company-wide initiative", "2028-03-31", None),
             ),
             timeline=[Retarget(date=d("2026-03-01"), from_=d("2028-01-31"),
                                to=d("2028-06-30"), reason="Reorg moved the cycle")]),
        Goal(id="g02", title="Goal 02: Retargeted on the day a milestone was due",
             start=d("2026-06-01"), target=d("2027-09-01"),
             milestones=_milestones(
                 ("First draft", "2026-09-15", "2026-09-10"),
                 ("Review with the team", "2027-03-01", None),
                 ("Two on one day, one", "2027-05-03", None),
                 ("Two on one day, two", "2027-05-03", None),
             ),
             timeline=[Retarget(date=d("2026-10-01"), from_=d("2027-03-01"),
                                to=d("2027-09-01"), reason="Scope grew")]),
        # Two milestones done in the last 8 weeks, two left: the forecast is 56 days on,
        # 2027-01-16, the day the third milestone is due.
        Goal(id="g03", title="Goal 03: Forecast falls on a milestone", start=d("2026-08-01"),
             target=d("2027-04-01"),
             milestones=_milestones(
                 ("Kick-off", "2026-10-15", "2026-10-10"),
                 ("Prototype", "2026-11-15", "2026-11-01"),
                 ("Pilot", "2027-01-16", None),
                 ("Launch", "2027-03-15", None),
             )),
        Goal(id="g04", title=f"Goal 04: {LONG_WORD}", start=d("2026-02-01"),
             target=d("2027-02-01"),
             milestones=_milestones(("Only step", "2026-12-01", None))),
        Goal(id="g05", title=HOSTILE_TITLE, start=d("2026-05-01"), target=d("2027-05-01"),
             milestones=_milestones((HOSTILE_TITLE, "2026-12-20", None))),
        Goal(id="g06", title="Goal 06: Write regularly (no target date)", start=d("2026-03-01")),
        # Achieved in the review's period (the page leaves out goals achieved before it).
        Goal(id="g07", title="Goal 07: Ship the Rust service (achieved before its target)",
             status="achieved", start=d("2025-06-01"), target=d("2026-12-15"),
             achieved=d("2026-11-05")),
        # Paused with a milestone past its due date: never at risk, so not marked late.
        Goal(id="g08", title="Goal 08: Learn to sail (paused for the winter)", status="paused",
             start=d("2026-01-01"), target=d("2027-12-31"),
             milestones=_milestones(("Dinghy course", "2026-07-01", "2026-06-20"),
                                    ("Skipper exam", "2026-10-01", None),
                                    ("Crew a regatta", "2027-06-01", None))),
        Goal(id="g09", title="Goal 09: Lead a cross-team project (past its target)",
             start=d("2025-09-01"), target=d("2026-10-01")),
        Goal(id="g10", title="Goal 10: Find a topic for a talk (nothing planned yet)",
             start=d("2026-09-01"), target=d("2027-04-01")),
        Goal(id="g11", title="Goal 11: Five milestones in one week",
             start=d("2026-10-01"), target=d("2027-06-01"),
             milestones=_milestones(*(
                 (f"Step {n}", f"2027-01-{10 + n:02d}", None) for n in range(1, 6)
             ))),
        # Milestones without dates, spread evenly over 365 days (due on days 92, 183, 274
        # and 365): the first done, the second late, the third and fourth to come.
        Goal(id="g19", title="Goal 19: Milestones without dates, spread over the year",
             start=d("2026-03-01"), target=d("2027-03-01"),
             milestones=_milestones(("Outline", None, "2026-05-10"), ("Draft", None, None),
                                    ("Review", None, None), ("Publish", None, None))),
    ]  # fmt: skip
    for n in range(12, 19):
        start = d("2025-03-01") + dt.timedelta(days=61 * (n - 12))
        goals.append(
            Goal(
                id=f"g{n:02d}",
                title=f"Goal {n:02d}: Filler goal number {n} with a title that wraps",
                start=start,
                target=start + dt.timedelta(days=420 + 30 * n),
                milestones=[
                    Milestone(
                        title=f"Step {k}",
                        due=start + dt.timedelta(days=90 * k),
                        done=start + dt.timedelta(days=90 * k - 3) if k < n - 10 else None,
                    )
                    for k in range(1, 5)
                ],
            )
        )
    # Each title ends with `endNN`: in a printed PDF, where a goal's row ends.
    goals = [g.model_copy(update={"title": f"{g.title} end{g.id[1:]}"}) for g in goals]
    actions = [
        Action(id="a-post-1", title="First post", goal="g06", status="done", done=d("2026-10-01")),
        Action(id="a-post-2", title="Second post", goal="g06"),
    ]
    mentor = Mentor(id="alex-kim", name="Alex Kim", cadence_days=14, since=d("2025-01-01"))
    meeting = Meeting(id="m-1", mentor="alex-kim", at=dt.datetime(2026, 11, 10, 15, tzinfo=dt.UTC),
                      status="held", notes="Went through the plan.")  # fmt: skip
    note = Note(id="n-1", date=d("2026-11-12"), kind="win", text="Migration finished early.")
    return [*goals, *actions, mentor, meeting, note]


def short() -> list[Record]:
    """Goals of two and three weeks, milestones on consecutive days."""
    return [
        Goal(id="g01", title="Goal 01: Prepare the demo", start=d("2026-11-10"),
             target=d("2026-11-30"),
             milestones=_milestones(("Script", "2026-11-12", "2026-11-12"),
                                    ("Slides", "2026-11-13", "2026-11-14"),
                                    ("Dry run", "2026-11-14", None),
                                    ("Demo", "2026-11-30", None))),
        Goal(id="g02", title="Goal 02: Onboard the new hire", start=d("2026-11-15"),
             target=d("2026-12-05"),
             milestones=_milestones(("Accounts", "2026-11-16", "2026-11-16"),
                                    ("First change", "2026-11-20", "2026-11-19"))),
    ]  # fmt: skip


def eighteen_months() -> list[Record]:
    """A year and a half: every month labelled, tightly on a phone."""
    return [
        Goal(id="g01", title="Goal 01: Promoted to senior engineer", start=d("2026-01-01"),
             target=d("2027-06-30"),
             milestones=_milestones(*(
                 (f"Step {m}", f"2026-{m:02d}-15", f"2026-{m:02d}-14" if m < 11 else None)
                 for m in range(2, 13)
             ))),
        Goal(id="g02", title="Goal 02: Give a conference talk", start=d("2026-04-01"),
             target=d("2027-03-31"),
             milestones=_milestones(("Topic", "2026-06-01", "2026-05-20"),
                                    ("Proposal", "2026-09-01", None))),
    ]  # fmt: skip


def empty() -> list[Record]:
    return []


JOURNALS: dict[str, Callable[[], list[Record]]] = {
    "stress": stress,
    "short": short,
    "eighteen_months": eighteen_months,
    "empty": empty,
}


def write_journal(name: str, home: Path) -> None:
    """Write journal `name` into the data directory `home`."""
    store = Store(home, home.parent / f".{home.name}.lock")
    for record in JOURNALS[name]():
        store.put(record.model_copy(update={"created": CREATED, "updated": CREATED}))

"""mentee.reading: the read-only use cases give what the pure functions give on the whole
journal, however little of it they read."""

from __future__ import annotations

import datetime as dt
import tempfile
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from hypothesis_examples import examples
from mentee.agenda import next_agenda
from mentee.models import Action, Meeting, Mentor, Note, Record, Topic
from mentee.reading import dashboard, load_book
from mentee.store import Store
from mentee.store.recordfile import serialize

TODAY = dt.date(2026, 11, 21)
STAMP = dt.datetime(2026, 1, 1, 9, 0, tzinfo=dt.UTC)
MENTORS = ["alex", "sam"]

Drafts = st.SearchStrategy[list[dict[str, Any]]]

actions: Drafts = st.lists(
    st.builds(
        dict,
        mentor=st.sampled_from([*MENTORS, None]),
        status=st.sampled_from(["open", "done", "dropped"]),
        owner=st.sampled_from(["me", "mentor"]),
        done=st.integers(0, 60),
    ),
    max_size=6,
)
notes: Drafts = st.lists(
    st.builds(
        dict,
        kind=st.sampled_from(["win", "challenge", "note"]),
        discussed=st.booleans(),
        age=st.integers(0, 60),
    ),
    max_size=4,
)
topics: Drafts = st.lists(
    st.builds(
        dict, mentor=st.sampled_from([*MENTORS, None]), status=st.sampled_from(["open", "dropped"])
    ),
    max_size=4,
)


def _write(home: Path, records: list[Record]) -> Store:
    for record in records:
        folder = home / record.KIND.plural
        folder.mkdir(parents=True, exist_ok=True)
        (folder / f"{record.id}.toml").write_bytes(serialize(record))
    return Store(home, home.parent / "lock", index_path=home.parent / "index.sqlite")


@settings(max_examples=examples(150))
@given(actions=actions, notes=notes, topics=topics, held=st.booleans())
def test_the_dashboard_says_the_next_agenda_is_empty_exactly_when_it_is(
    actions, notes, topics, held
):
    """The dashboard's "its agenda is empty" is the next agenda's own verdict, whether it
    was told by an open action agreed with the mentor or by building the agenda."""
    records: list[Record] = [
        Mentor(id=m, name=m.title(), status="active", created=STAMP, updated=STAMP) for m in MENTORS
    ]
    planned = Meeting(
        id="m-next",
        mentor="alex",
        at=dt.datetime(2026, 11, 25, 15, 0, tzinfo=dt.UTC),
        created=STAMP,
        updated=STAMP,
    )
    records.append(planned)
    if held:
        records.append(
            Meeting(
                id="m-held",
                mentor="alex",
                at=dt.datetime(2026, 11, 1, 15, 0, tzinfo=dt.UTC),
                status="held",
                created=STAMP,
                updated=STAMP,
            )
        )
    for number, spec in enumerate(actions):
        records.append(
            Action(
                id=f"a{number}",
                title=f"Action {number}",
                mentor=spec["mentor"],
                status=spec["status"],
                owner=spec["owner"],
                done=TODAY - dt.timedelta(days=spec["done"]) if spec["status"] == "done" else None,
                created=STAMP,
                updated=STAMP,
            )
        )
    for number, spec in enumerate(notes):
        records.append(
            Note(
                id=f"n{number}",
                date=TODAY - dt.timedelta(days=spec["age"]),
                kind=spec["kind"],
                text="x",
                discussed_in="m-held" if spec["discussed"] else None,
                created=STAMP,
                updated=STAMP,
            )
        )
    for number, spec in enumerate(topics):
        records.append(
            Topic(
                id=f"t{number}",
                text="x",
                mentor=spec["mentor"],
                status=spec["status"],
                created=STAMP,
                updated=STAMP,
            )
        )
    with tempfile.TemporaryDirectory() as folder:
        store = _write(Path(folder) / "journal", records)
        board = dashboard(store, TODAY)
        book = load_book(store)
        mentor = next(m for m in book.mentors if m.id == "alex")
        expected = next_agenda(book, mentor, TODAY, meeting=planned).empty
        assert board.next_meeting is not None
        assert board.next_agenda_empty == expected


@pytest.mark.parametrize("journal", ["golden", "fixed"])
@pytest.mark.parametrize("since", [None, "2026-08-21", "2025-11-21", "2019-01-01", "2026-11-21"])
def test_the_review_book_gives_the_review_of_the_whole_journal(tmp_path, journal, since):
    """`build_review` on what `load_review_book` reads is the review of every record: the
    same JSON and the same text, for any period."""
    from golden_journal import build_golden_journal
    from mentee.export.review import review_json
    from mentee.reading import load_review_book
    from mentee.render import plain_text
    from mentee.review import build_review
    from mentee.ui.review import review_view
    from transfer_journal import build_fixed_journal

    home = tmp_path / "journal"
    (build_golden_journal if journal == "golden" else build_fixed_journal)(home)
    store = Store(home, tmp_path / "lock", index_path=tmp_path / "index.sqlite")
    start = dt.date.fromisoformat(since) if since else None
    whole = build_review(load_book(store), TODAY, start)
    read = build_review(load_review_book(store, TODAY, start), TODAY, start)
    assert review_json(read) == review_json(whole)
    assert plain_text(review_view(read), 100) == plain_text(review_view(whole), 100)


@settings(max_examples=examples(120))
@given(
    actions=st.lists(
        st.builds(
            dict,
            mentor=st.sampled_from([*MENTORS, None]),
            goal=st.sampled_from(["g-active", "g-paused", "g-done", "g-other", None]),
            status=st.sampled_from(["open", "done", "dropped"]),
            owner=st.sampled_from(["me", "mentor"]),
            done=st.integers(0, 90),
        ),
        max_size=8,
    ),
    held=st.lists(st.integers(1, 80), max_size=3),
    kept=st.lists(st.integers(0, 7), max_size=3),
    notes=notes,
    topics=topics,
)
def test_the_agenda_book_gives_the_agenda_of_the_whole_journal(actions, held, kept, notes, topics):
    """`next_agenda` on what `load_agenda_book` reads is the agenda of the whole journal:
    the same JSON, whatever was held, kept, done, open or served."""
    from mentee.export.agenda import agenda_json
    from mentee.models import AgendaItem, Goal
    from mentee.reading import load_agenda_book

    records: list[Record] = [
        Mentor(id=m, name=m.title(), status="active", created=STAMP, updated=STAMP) for m in MENTORS
    ]
    for goal_id, status, mentors in (
        ("g-active", "active", ["alex"]),
        ("g-paused", "paused", ["alex"]),
        ("g-done", "achieved", ["alex"]),
        ("g-other", "active", ["sam"]),
    ):
        records.append(
            Goal(id=goal_id, title=goal_id, status=status, mentors=mentors, created=STAMP)
        )
    for number, spec in enumerate(actions):
        records.append(
            Action(
                id=f"a{number}",
                title=f"Action {number}",
                mentor=spec["mentor"],
                goal=spec["goal"],
                status=spec["status"],
                owner=spec["owner"],
                done=TODAY - dt.timedelta(days=spec["done"]) if spec["status"] == "done" else None,
                created=STAMP,
                updated=STAMP,
            )
        )
    for number, days in enumerate(sorted(set(held), reverse=True)):
        items = [
            AgendaItem(
                section="open",
                kind="action",
                id=f"a{k}",
                text="x",
                decision="kept" if k in kept else "discussed",
            )
            for k in range(len(actions))
            if (k + number) % 2 == 0
        ]
        records.append(
            Meeting(
                id=f"m{number}",
                mentor="alex",
                at=dt.datetime.combine(TODAY - dt.timedelta(days=days), dt.time(15), dt.UTC),
                status="held",
                agenda=items,
                created=STAMP,
                updated=STAMP,
            )
        )
    for number, spec in enumerate(notes):
        records.append(
            Note(
                id=f"n{number}",
                date=TODAY - dt.timedelta(days=spec["age"]),
                kind=spec["kind"],
                text="x",
                goal="g-active" if number % 2 else None,
                discussed_in="m0" if spec["discussed"] else None,
                created=STAMP,
                updated=STAMP,
            )
        )
    for number, spec in enumerate(topics):
        records.append(
            Topic(
                id=f"t{number}",
                text="x",
                mentor=spec["mentor"],
                status=spec["status"],
                created=STAMP,
                updated=STAMP,
            )
        )
    with tempfile.TemporaryDirectory() as folder:
        store = _write(Path(folder) / "journal", records)
        whole = load_book(store)
        alex = next(m for m in whole.mentors if m.id == "alex")
        expected = agenda_json(next_agenda(whole, alex, TODAY))
        assert agenda_json(next_agenda(load_agenda_book(store, alex), alex, TODAY)) == expected
        # Read again: from the index this time (the first read cached every file).
        again = Store(store.root, store.lock_path, index_path=store.index.path)  # type: ignore[union-attr]
        assert agenda_json(next_agenda(load_agenda_book(again, alex), alex, TODAY)) == expected
        # And without an index: every file parsed, the selection made in Python.
        plain = Store(store.root, store.lock_path)
        assert agenda_json(next_agenda(load_agenda_book(plain, alex), alex, TODAY)) == expected


def test_the_dashboard_puts_a_goal_with_every_unit_done_apart_from_the_goals_at_risk(
    tmp_path: Path,
) -> None:
    """A goal whose every unit is done waits to be marked achieved, past its target or not:
    the dashboard lists it apart, the goals the review suggests to `achieve`, never at risk.
    A milestone done after today is not done today, so its goal can be behind."""
    from mentee.models import Goal, Milestone
    from mentee.review import build_review

    def goal(goal_id: str, target: str, milestones: list[Milestone] | None = None) -> Goal:
        return Goal(
            id=goal_id,
            title=goal_id,
            start=dt.date(2026, 6, 1),
            target=dt.date.fromisoformat(target),
            milestones=milestones or [],
            created=STAMP,
            updated=STAMP,
        )

    def action(action_id: str, goal_id: str, done: dt.date | None) -> Action:
        return Action(
            id=action_id,
            title=action_id,
            goal=goal_id,
            status="open" if done is None else "done",
            done=done,
            created=STAMP,
            updated=STAMP,
        )

    records: list[Record] = [
        goal("g-done-late", "2026-10-01"),
        action("a1", "g-done-late", dt.date(2026, 7, 1)),
        action("a2", "g-done-late", dt.date(2026, 9, 1)),
        goal("g-late", "2026-10-15"),
        action("a3", "g-late", None),
        action("a4", "g-late", dt.date(2026, 8, 1)),
        goal("g-milestones", "2027-03-01", [Milestone(title="m", done=dt.date(2026, 11, 1))]),
        goal(
            "g-what-if",
            "2027-03-01",
            [Milestone(title="m", due=dt.date(2026, 11, 10), done=dt.date(2026, 11, 25))],
        ),
    ]
    store = _write(tmp_path / "journal", records)
    board = dashboard(store, TODAY)
    assert [p.goal.id for p in board.at_risk] == ["g-late", "g-what-if"]
    assert [p.goal.id for p in board.all_done] == ["g-done-late", "g-milestones"]
    assert board.all_done[0].status.value == "overdue"
    achieve = {
        s.goal for s in build_review(load_book(store), TODAY).suggestions if s.kind == "achieve"
    }
    assert achieve == {p.goal.id for p in board.all_done}
    # On the 25th the milestone is done: nothing of that goal is at risk any more.
    later = dashboard(store, dt.date(2026, 11, 25))
    assert [p.goal.id for p in later.at_risk] == ["g-late"]
    assert [p.goal.id for p in later.all_done] == ["g-done-late", "g-milestones", "g-what-if"]

"""The smallest end-to-end path: a goal added through the CLI is listed as JSON."""

from __future__ import annotations


def test_goal_add_then_list_json(run, run_json):
    """A goal added with a target date comes back in `goal list --json` with its fields."""
    added = run_json("goal", "add", "Promoted to senior", "--by", "2027-06-30")
    listed = run_json("goal", "list")
    assert [g["id"] for g in listed] == [added["id"]]
    assert listed[0]["title"] == "Promoted to senior"
    assert listed[0]["target"] == "2027-06-30"
    assert listed[0]["start"] == "2026-11-21"

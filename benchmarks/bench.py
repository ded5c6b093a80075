"""Time whole mentee commands as a user runs them, beside taskwarrior and jrnl.

    python benchmarks/bench.py                    # 1,000 / 10,000 / 50,000 records
    python benchmarks/bench.py --sizes 200 --rounds 2 --smoke --out -   # CI smoke run

Each command runs in its own process. After a warm-up, every round runs all commands once
in a shuffled order; the table reports medians and ratios to the floor (`python -c pass`)
measured in the same rounds, so a busy machine slows the floor as much as the commands.
The table goes to docs/performance.md (or stdout with `--out -`) with the machine and
versions. Journals are generated realistically: a few mentors, tens of goals, hundreds of
meetings, thousands of actions, notes and feedback.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

TODAY = date(2026, 11, 21)
ROOT = Path(__file__).resolve().parent.parent


# -- journal generation ---------------------------------------------------------------------


def generate(home: Path, size: int, seed: int = 7) -> dict[str, int]:
    """Write a realistic journal of about `size` records into `home` (plain writes: fast)."""
    from mentee.kinds import Kind
    from mentee.models import Action, Dated, Feedback, Goal, Meeting, Mentor, Milestone, Note, Topic
    from mentee.store import serialize

    rng = random.Random(seed)
    stamp = datetime(2026, 1, 1, 9, 0, tzinfo=UTC)
    mentors = max(3, min(8, size // 1500 + 3))
    goals = max(5, min(60, size // 250))
    meetings = max(10, size // 40)
    rest = max(size - mentors - goals - meetings, 0)
    counts = {
        "mentor": mentors,
        "goal": goals,
        "meeting": meetings,
        "action": rest * 40 // 100,
        "note": rest * 30 // 100,
        "feedback": rest * 18 // 100,
    }
    counts["topic"] = rest - counts["action"] - counts["note"] - counts["feedback"]
    words = [
        "launch",
        "plan",
        "review",
        "design",
        "doc",
        "scope",
        "promotion",
        "talk",
        "practice",
        "feedback",
        "onboarding",
        "migration",
        "incident",
        "retro",
        "roadmap",
        "hiring",
        "architecture",
        "metrics",
        "stakeholder",
        "demo",
    ]

    def text(n: int) -> str:
        return " ".join(rng.choice(words) for _ in range(n)).capitalize() + "."

    def day(back: int) -> date:
        return TODAY - timedelta(days=rng.randint(0, back))

    records = []
    mentor_ids = [f"mentor-{i}" for i in range(mentors)]
    goal_ids = [f"g{i:07d}" for i in range(goals)]
    for i, mid in enumerate(mentor_ids):
        records.append(
            Mentor(
                id=mid,
                name=f"Mentor {i}",
                email=f"m{i}@example.com",
                cadence_days=14,
                timezone="Europe/Berlin",
                created=stamp,
                updated=stamp,
            )
        )
    for i, gid in enumerate(goal_ids):
        start = day(600)
        records.append(
            Goal(
                id=gid,
                title=text(5),
                start=start,
                target=start + timedelta(days=rng.randint(60, 700)),
                mentors=[mentor_ids[i % mentors]],
                milestones=[
                    Milestone(
                        title=text(4), due=day(300), done=day(300) if rng.random() < 0.5 else None
                    )
                    for _ in range(rng.randint(0, 5))
                ],
                status="active" if i % 5 else "achieved",
                created=stamp,
                updated=stamp,
            )
        )
    for i in range(counts["meeting"]):
        held = i < counts["meeting"] - len(mentor_ids)
        at = datetime.combine(
            day(700) if held else TODAY + timedelta(days=rng.randint(1, 20)),
            datetime.min.time(),
            tzinfo=UTC,
        ) + timedelta(hours=15)
        records.append(
            Meeting(
                id=f"m{i:07d}",
                mentor=mentor_ids[i % mentors],
                at=at,
                duration=30,
                status="held" if held else "planned",
                notes=text(30) if held else None,
                advice=[text(8)] if held else [],
                created=stamp,
                updated=stamp,
            )
        )
    for i in range(counts["action"]):
        # Years of a journal: most actions done, some dropped, a few dozen to a few hundred
        # open at a time.
        roll = rng.random()
        done = roll < 0.85
        records.append(
            Action(
                id=f"a{i:07d}",
                title=text(6),
                status="done" if done else "dropped" if roll < 0.95 else "open",
                due=day(700) + timedelta(days=30),
                done=day(700) if done else None,
                goal=rng.choice(goal_ids),
                mentor=rng.choice(mentor_ids),
                notes=[Dated(date=day(700), text=text(12))] if rng.random() < 0.3 else [],
                created=stamp,
                updated=stamp,
            )
        )
    for i in range(counts["note"]):
        records.append(
            Note(
                id=f"n{i:07d}",
                date=day(700),
                kind=rng.choice(["win", "challenge", "learning", "note"]),
                text=text(25),
                goal=rng.choice(goal_ids),
                discussed_in=None if rng.random() < 0.02 else "m0000000",
                created=stamp,
                updated=stamp,
            )
        )
    for i in range(counts["feedback"]):
        records.append(
            Feedback(
                id=f"f{i:07d}",
                date=day(700),
                source=rng.choice(["manager", "peer", *mentor_ids]),
                kind=rng.choice(["praise", "constructive", "observation"]),
                text=text(20),
                goals=[rng.choice(goal_ids)],
                discussed_in=None if rng.random() < 0.02 else "m0000000",
                created=stamp,
                updated=stamp,
            )
        )
    for i in range(counts["topic"]):
        records.append(
            Topic(
                id=f"t{i:07d}",
                text=text(10),
                mentor=rng.choice([None, *mentor_ids]),
                status="open" if rng.random() < 0.05 else "discussed",
                created=stamp,
                updated=stamp,
            )
        )
    for kind in Kind:
        (home / kind.folder).mkdir(parents=True, exist_ok=True, mode=0o700)
    for record in records:
        path = home / record.KIND.folder / f"{record.id}.toml"
        path.write_bytes(serialize(record))
        path.chmod(0o600)
    return counts


def generate_taskwarrior(data: Path, size: int, seed: int = 7) -> Path:
    """A taskwarrior data folder with `size` tasks (most completed, like a real history)."""
    rng = random.Random(seed)
    data.mkdir(parents=True, exist_ok=True)
    rc = data / "taskrc"
    rc.write_text(f"data.location={data}\nconfirmation=off\nhooks=off\nnews.version=2.6.0\n")
    tasks = []
    for i in range(size):
        entry = datetime(2025, 1, 1, tzinfo=UTC) + timedelta(minutes=i * 37)
        task = {
            "uuid": f"{i:08x}-0000-4000-8000-{rng.getrandbits(48):012x}",
            "description": f"task {i} review design doc launch plan",
            "entry": entry.strftime("%Y%m%dT%H%M%SZ"),
            "status": "completed" if rng.random() < 0.8 else "pending",
            "project": f"p{i % 30}",
        }
        if task["status"] == "completed":
            task["end"] = (entry + timedelta(days=3)).strftime("%Y%m%dT%H%M%SZ")
        else:
            task["due"] = (entry + timedelta(days=30)).strftime("%Y%m%dT%H%M%SZ")
        tasks.append(task)
    source = data / "import.json"
    source.write_text("\n".join(json.dumps(t) for t in tasks))
    subprocess.run(
        ["task", f"rc:{rc}", "import", str(source)],
        check=True,
        capture_output=True,
        env={**os.environ, "TASKRC": str(rc)},
    )
    return rc


def generate_jrnl(folder: Path, size: int, seed: int = 7) -> Path:
    """A jrnl journal of `size` entries and its config; returns XDG_CONFIG_HOME."""
    rng = random.Random(seed)
    folder.mkdir(parents=True, exist_ok=True)
    journal = folder / "journal.txt"
    start = datetime(2020, 1, 1, 9, 0)
    with journal.open("w") as out:
        for i in range(size):
            when = start + timedelta(hours=i * 5)
            out.write(
                f"[{when.strftime('%Y-%m-%d %I:%M:%S %p')}] Entry {i} about the launch plan.\n"
                f"{'Notes on the design review and what I learned. ' * rng.randint(1, 4)}\n\n"
            )
    config = folder / "config"
    (config / "jrnl").mkdir(parents=True, exist_ok=True)
    (config / "jrnl" / "jrnl.yaml").write_text(
        "colors: {body: none, date: none, tags: none, title: none}\n"
        "default_hour: 9\ndefault_minute: 0\neditor: ''\nencrypt: false\nhighlight: false\n"
        "indent_character: '|'\n"
        f"journals:\n  default:\n    journal: {journal}\n"
        "linewrap: 79\ntagsymbols: '#@'\ntemplate: false\ntimeformat: '%Y-%m-%d %I:%M:%S %p'\n"
        "version: v4.6\n"
    )
    return config


# -- timing ---------------------------------------------------------------------------------


@dataclass
class Case:
    name: str
    argv: list[str]
    env: dict[str, str] = field(default_factory=dict)
    times: list[float] = field(default_factory=list)

    @property
    def median(self) -> float:
        return statistics.median(self.times)


def run_once(case: Case) -> float:
    env = {**os.environ, **case.env}
    begin = time.perf_counter()
    result = subprocess.run(case.argv, env=env, capture_output=True, check=False)
    elapsed = time.perf_counter() - begin
    if result.returncode not in (0, 3):
        message = result.stderr.decode(errors="replace").strip()[-500:]
        raise SystemExit(f"{case.name}: exit {result.returncode}: {message}")
    return elapsed


def measure(cases: Sequence[Case], rounds: int, warmup: int = 2) -> None:
    for case in cases:
        for _ in range(warmup):
            run_once(case)
    order = list(cases)
    for _ in range(rounds):
        random.shuffle(order)
        for case in order:
            case.times.append(run_once(case))


def mentee_cases(exe: str, home: Path, cache: Path, size: int) -> list[Case]:
    env = {
        "MENTEE_HOME": str(home),
        "MENTEE_TODAY": TODAY.isoformat(),
        "XDG_CACHE_HOME": str(cache),
        "NO_COLOR": "1",
        "COLUMNS": "100",
    }
    label = f"{size:,}"
    return [
        Case(f"mentee (dashboard), {label}", [exe], env),
        Case(f"mentee agenda next, {label}", [exe, "agenda", "next", "--mentor", "mentor-0"], env),
        Case(f"mentee action list, {label}", [exe, "action", "list"], env),
        Case(f"mentee review, {label}", [exe, "review"], env),
        Case(f"mentee action add, {label}", [exe, "action", "add", "Benchmark action"], env),
        Case(
            f"mentee TAB: action done ..., {label}",
            [exe],
            {
                **env,
                "_MENTEE_COMPLETE": "complete_bash",
                "COMP_WORDS": "mentee action done ",
                "COMP_CWORD": "3",
            },
        ),
    ]


def machine() -> str:
    cpu = ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    versions = []
    for module in ("mentee", "typer", "rich", "pydantic"):
        try:
            from importlib.metadata import version

            versions.append(f"{module} {version(module)}")
        except Exception:  # noqa: BLE001, S112 - a missing package is just not listed
            continue
    return (
        f"{os.cpu_count()} cores, {cpu or platform.machine()}; Python "
        f"{platform.python_version()}; {', '.join(versions)}"
    )


def tool_version(argv: list[str]) -> str:
    try:
        out = subprocess.run(argv, capture_output=True, check=False, text=True, timeout=30)
    except (OSError, subprocess.TimeoutExpired):
        return ""
    return (out.stdout or out.stderr).strip().splitlines()[0] if (out.stdout or out.stderr) else ""


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1000,10000,50000")
    parser.add_argument("--rounds", type=int, default=7)
    parser.add_argument("--out", default=str(ROOT / "docs" / "performance.md"))
    parser.add_argument("--smoke", action="store_true", help="a quick run: no comparisons")
    parser.add_argument("--no-compare", action="store_true", help="skip taskwarrior and jrnl")
    args = parser.parse_args(argv)
    sizes = [int(s) for s in args.sizes.split(",") if s.strip()]
    exe = shutil.which("mentee", path=str(Path(sys.executable).parent)) or "mentee"
    work = Path(tempfile.mkdtemp(prefix="mentee-bench-"))
    floor = Case("floor: python -c pass", [sys.executable, "-c", "pass"])
    cases: list[Case] = [
        floor,
        Case("mentee --version", [exe, "--version"]),
        Case("mentee --help", [exe, "--help"]),
    ]
    notes = []
    try:
        for size in sizes:
            home = work / f"journal-{size}"
            started = time.perf_counter()
            counts = generate(home, size)
            notes.append(
                f"{size:,} records ({', '.join(f'{n:,} {k}' for k, n in counts.items())}) "
                f"generated in {time.perf_counter() - started:.1f} s"
            )
            cases += mentee_cases(exe, home, work / f"cache-{size}", size)
        compare = not (args.smoke or args.no_compare)
        if compare and shutil.which("task"):
            size = 10_000 if 10_000 in sizes else max(sizes)
            rc = generate_taskwarrior(work / "task", size)
            env = {"TASKRC": str(rc)}
            cases.append(Case(f"task next, {size:,} tasks", ["task", f"rc:{rc}", "next"], env))
            notes.append(f"taskwarrior: {tool_version(['task', '--version'])}")
        jrnl = shutil.which("jrnl") or os.environ.get("JRNL")
        if compare and jrnl:
            size = 10_000 if 10_000 in sizes else max(sizes)
            config = generate_jrnl(work / "jrnl", size)
            env = {"XDG_CONFIG_HOME": str(config)}
            cases.append(Case(f"jrnl -n 10, {size:,} entries", [jrnl, "-n", "10"], env))
            cases.append(Case(f"jrnl add one, {size:,} entries", [jrnl, "A benchmark entry."], env))
            notes.append(f"jrnl: {tool_version([jrnl, '--version'])}")
        measure(cases, args.rounds)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    lines = [
        "# Performance",
        "",
        (
            "Generated by `python benchmarks/bench.py`; whole commands in separate processes, "
            f"{args.rounds} shuffled rounds after a warm-up, medians. Ratios are to the floor "
            "(`python -c pass`) measured in the same rounds."
        ),
        "",
        f"Machine: {machine()}.",
        "",
        "| command | median (ms) | x floor |",
        "|---|---:|---:|",
    ]
    for case in cases:
        lines.append(
            f"| {case.name} | {case.median * 1000:.1f} | {case.median / floor.median:.1f} |"
        )
    lines += ["", *(f"- {n}" for n in notes), ""]
    report = "\n".join(lines)
    if args.out == "-":
        sys.stdout.write(report)
        return 0
    out = Path(args.out)
    start, end = "<!-- bench:start -->", "<!-- bench:end -->"
    previous = out.read_text() if out.exists() else ""
    if start in previous and end in previous:
        # Keep the hand-written analysis around the generated table.
        head, _, rest = previous.partition(start)
        _, _, tail = rest.partition(end)
        body = report.split("\n", 2)[2]  # without the "# Performance" title
        out.write_text(f"{head}{start}\n{body}\n{end}{tail}")
    else:
        out.write_text(report)
    sys.stdout.write(report)
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Bringing the runs from the watch: activity files and folders read, runs already recorded
left out (one starting within a minute of a recorded run), the rest kept in one write."""

from __future__ import annotations

import bisect
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from companion.domain import runs as running
from companion.domain.models import Run
from companion.io.runs import SUFFIXES, RunFileError, read_runs
from companion.store import Store
from companion.training.same_start import near


@dataclass
class RunImport:
    added: list[Run] = field(default_factory=list)
    duplicates: list[Run] = field(default_factory=list)
    not_runs: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)  # files that could not be read, and why
    files: int = 0


def activity_files(paths: Iterable[str | Path]) -> tuple[list[Path], list[str]]:
    """The activity files named, and those in the folders named (at any depth), in name order;
    and what could not be used, with why."""
    files: list[Path] = []
    problems: list[str] = []
    for given in paths:
        path = Path(given).expanduser()
        if path.is_dir():
            inside = sorted(p for p in path.rglob("*") if p.suffix.lower() in SUFFIXES)
            if not inside:
                problems.append(f"{path}: a folder with no .fit, .gpx or .tcx file in it")
            files += inside
        elif path.exists():
            files.append(path)
        else:
            problems.append(f"{path}: no such file or folder")
    return files, problems


def import_runs(store: Store, paths: Iterable[str | Path], dry_run: bool = False) -> RunImport:
    """Read every file and keep the runs not recorded yet (nothing kept with ``dry_run``)."""
    files, problems = activity_files(paths)
    result = RunImport(problems=problems, files=len(files))
    starts = sorted(r.started_at for r in store.runs())
    for path in files:
        try:
            found = read_runs(path.read_bytes(), str(path))
        except RunFileError as exc:
            result.problems.append(str(exc))
            continue
        except OSError as exc:
            result.problems.append(f"{path}: could not be read ({exc.strerror})")
            continue
        result.not_runs += found.not_runs
        for run in found.runs:
            if near(run.started_at, starts):
                result.duplicates.append(run)
                continue
            bisect.insort(starts, run.started_at)
            result.added.append(run)
    if result.added and not dry_run:
        store.add_runs(result.added)
    return result


def describe(run: Run, marks: running.Marks | None = None) -> str:
    """One line: ``Sat 28 Nov 2026 08:00  21.1 km  1:45:30  5:00 /km  HR 148  long``."""
    total = round(run.moving_s)
    moving = f"{total // 3600}:{total % 3600 // 60:02d}:{total % 60:02d}"
    hr = f"HR {run.avg_hr}" if run.avg_hr else ""
    marked = marks.words if marks else ""
    cells = [f"{run.started_at:%a %d %b %Y %H:%M}", f"{run.km:5.1f} km", moving,
             running.pace_text(run.pace_s), hr, marked]  # fmt: skip
    return "  ".join(c for c in cells if c)

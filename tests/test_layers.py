"""The core never imports the UI: domain, store and io load without Textual."""

import subprocess
import sys

import pytest


@pytest.mark.parametrize(
    "package", ["companion.domain", "companion.store", "companion.io", "companion.training"]
)
def test_core_package_imports_no_textual(package: str) -> None:
    code = (
        "import importlib, pkgutil, sys\n"
        f"pkg = importlib.import_module({package!r})\n"
        "for m in pkgutil.walk_packages(pkg.__path__, pkg.__name__ + '.'):\n"
        "    importlib.import_module(m.name)\n"
        "bad = sorted(n for n in sys.modules if n == 'textual' or n.startswith('textual.'))\n"
        "print(len(list(pkgutil.walk_packages(pkg.__path__))), bad)\n"
        "sys.exit(1 if bad else 0)\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert done.returncode == 0, f"{package} pulled in Textual: {done.stdout}{done.stderr}"
    modules = int(done.stdout.split()[0])
    assert modules > 0, f"{package} has no modules to check"


# --- imports point down only: each package imports only the layers below it -----------------

import ast  # noqa: E402
from pathlib import Path  # noqa: E402

ROOT = Path(__file__).resolve().parents[1] / "companion"
ALLOWED = {
    "domain": {"domain", "data"},
    "io": {"io", "domain", "data"},
    "store": {"store", "domain"},
    "training": {"training", "domain", "io", "store"},
    # the app: everything below it, never the commands that start it
    "ui": {"ui", "training", "domain", "io", "store", "data", "startup", "locations"},
    "commands": {"commands", "ui", "training", "domain", "io", "store", "data", "startup",
                 "locations", "demo"},  # fmt: skip
}


def _imports(path: Path) -> set[str]:
    """The companion packages one module imports (``companion.x.y`` -> ``x``), lazily or not."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        names = []
        if isinstance(node, ast.Import):
            names = [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names = [node.module]
        for name in names:
            parts = name.split(".")
            if parts[0] == "companion" and len(parts) > 1:
                found.add(parts[1])
    return found


@pytest.mark.parametrize("package", sorted(ALLOWED))
def test_each_package_imports_only_the_layers_below_it(package: str) -> None:
    files = sorted((ROOT / package).rglob("*.py"))
    assert files, f"companion/{package} has no modules"
    wrong = {
        str(f.relative_to(ROOT)): sorted(_imports(f) - ALLOWED[package])
        for f in files
        if _imports(f) - ALLOWED[package]
    }
    assert not wrong, f"imports above companion.{package}: {wrong}"


# the rules and numbers the screens must take from one place, never work out themselves
RULES = {
    "companion.domain.progression": "progression rules (companion.training decides targets)",
    "companion.domain.progression_rules": "progression rules",
    "companion.domain.symmetry": "the left/right comparison (read it from the summary/insights)",
    "companion.domain.e1rm": "e1RM (read it from the digests and summaries)",
}


BANDS = {"band", "OK_AT", "WATCH_AT", "Band"}  # reading an LSI already worked out is fine


def test_no_screen_works_out_a_training_number_itself() -> None:
    offenders = []
    for path in sorted((ROOT / "ui").rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and node.module in RULES:
                names = {a.name for a in node.names} - BANDS
                offenders += [f"{path.relative_to(ROOT)} imports {node.module}.{n}" for n in names]
            if isinstance(node, ast.ImportFrom) and node.module == "companion.domain":
                picked = {a.name for a in node.names} & {"progression", "symmetry", "e1rm"}
                offenders += [f"{path.relative_to(ROOT)} imports {p}" for p in sorted(picked)]
            if isinstance(node, ast.Call) and getattr(node.func, "id", "") in {"lsi", "epley"}:
                offenders.append(f"{path.relative_to(ROOT)} calls {node.func.id}()")  # type: ignore[attr-defined]
    assert not offenders, "; ".join(offenders)


def _ui_imports(path: Path) -> set[str]:
    """The companion.ui modules one module imports, lazily or not (type-checking imports
    aside: they never run)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    skip: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            skip |= {id(n) for n in ast.walk(node)}
    found = set()
    for node in ast.walk(tree):
        if id(node) in skip:
            continue
        if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith(
            "companion.ui"
        ):
            names = [f"{node.module}.{a.name}" for a in node.names]
            found |= {n if _is_module(n) else node.module for n in names}
        elif isinstance(node, ast.Import):
            found |= {a.name for a in node.names if a.name.startswith("companion.ui")}
    return found


def _is_module(name: str) -> bool:
    rel = Path(*name.split(".")[1:])
    return (ROOT / rel).with_suffix(".py").exists() or (ROOT / rel / "__init__.py").exists()


def test_no_import_loop_inside_the_ui() -> None:
    graph = {}
    for path in (ROOT / "ui").rglob("*.py"):
        rel = path.relative_to(ROOT.parent).with_suffix("")
        name = ".".join(rel.parts).removesuffix(".__init__")
        graph[name] = {m for m in _ui_imports(path) if m != name}
    loops = []

    def visit(node: str, trail: list[str]) -> None:
        for nxt in sorted(graph.get(node, ())):
            if nxt in trail:
                loops.append(" → ".join([*trail[trail.index(nxt):], nxt]))
            elif len(trail) < 12:
                visit(nxt, [*trail, nxt])

    for start in sorted(graph):
        visit(start, [start])
    assert not loops, f"import loops in companion/ui: {sorted(set(loops))[:5]}"


@pytest.mark.slow
def test_mypy_finds_no_error_in_companion(tmp_path: Path) -> None:
    """The types check: ``mypy companion`` as configured in pyproject.toml, from a cold cache."""
    done = subprocess.run(
        [sys.executable, "-m", "mypy", "--cache-dir", str(tmp_path), "companion"],
        capture_output=True, text=True, cwd=ROOT.parent, timeout=600,
    )  # fmt: skip
    assert done.returncode == 0, done.stdout[-3000:]

"""The core never imports the UI: domain, store and io load without Textual."""

import subprocess
import sys

import pytest


@pytest.mark.parametrize("package", ["companion.domain", "companion.store", "companion.io"])
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

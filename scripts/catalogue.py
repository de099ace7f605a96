"""Write ``companion/data/exercises.json`` from ``companion/data/exercises.yaml``.

The YAML is the catalogue's source, the file people edit; the app reads the JSON twin because
it loads in about a millisecond where the YAML (parser import included) takes ~50 ms of every
launch. ``tests/test_catalogue.py`` fails when the two differ.

    python scripts/catalogue.py
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import yaml

DATA = Path(__file__).resolve().parent.parent / "companion" / "data"


def from_yaml() -> dict:
    return yaml.safe_load((DATA / "exercises.yaml").read_text("utf-8"))


def as_json(raw: dict) -> str:
    return json.dumps(raw, ensure_ascii=False, indent=1) + "\n"


def main() -> int:
    (DATA / "exercises.json").write_text(as_json(from_yaml()), "utf-8")
    print("wrote companion/data/exercises.json")
    return 0


if __name__ == "__main__":
    sys.exit(main())

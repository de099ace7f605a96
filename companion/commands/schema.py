"""``companion schema``: the plan format as a JSON Schema, for editors."""

from __future__ import annotations

import argparse
import json


def schema_text() -> str:
    from companion.domain.catalogue import builtin
    from companion.io.plan_schema import plan_schema

    return json.dumps(plan_schema(builtin()), indent=2, ensure_ascii=False) + "\n"


def run(args: argparse.Namespace) -> int:
    """Print the schema (or write it to ``--out``)."""
    text = schema_text()
    if getattr(args, "out", None):
        with open(args.out, "w", encoding="utf-8") as out:
            out.write(text)
        print(f"wrote {args.out}")
    else:
        print(text, end="")
    return 0

"""``textfix glossary``: list the shipped glossaries, show, validate and count one."""

from __future__ import annotations

import argparse
import json

from textfix import Glossary, GlossaryError, get_glossary
from textfix.catalog import DEFAULT, available, check_glossaries, stats
from textfix.cli.common import Commands
from textfix.cli.report import EX_OK, EX_USAGE


def register(commands: Commands) -> None:
    """Add ``glossary`` and its subcommands to the commands."""
    p = commands.sub.add_parser("glossary", help="list, show, validate or count glossaries",
                                description="Work with glossaries: the shipped ones by name, "
                                            "your own by path.")
    gsub = p.add_subparsers(dest="glossary_command", required=True, metavar="COMMAND")
    ls = gsub.add_parser("list", help="the shipped glossaries: name, entries, description",
                         description="List the shipped glossaries: name, number of entries "
                                     "and description; * marks the default set.")
    ls.set_defaults(func=run_list)
    show = gsub.add_parser("show", help="metadata and counts of a glossary",
                           description="Print a glossary's metadata and counts, and with "
                                       "--entries every entry.")
    show.add_argument("name", metavar="NAME|PATH")
    show.add_argument("--entries", action="store_true", help="also print every entry")
    show.set_defaults(func=run_show)
    val = gsub.add_parser("validate", help="load each glossary; print OK or the error",
                          description="Load and check each glossary file: OK, or the error "
                                      "with file, line and entry (exit 2 if any fails).")
    val.add_argument("paths", nargs="+", metavar="PATH")
    val.set_defaults(func=run_validate)
    st = gsub.add_parser("stats", help="counts: terms, synonyms, rules by tier, ...",
                         description="Count what each glossary holds: terms, synonym words "
                                     "and substitutes, rules by tier, exceptions, channel "
                                     "words and rules.")
    st.add_argument("paths", nargs="+", metavar="PATH")
    st.add_argument("--json", action="store_true", help="one JSON object per glossary")
    st.set_defaults(func=run_stats)
    commands.glossary = gsub


def run_list(args: argparse.Namespace) -> int:
    """Print each shipped glossary: name, number of entries, description (* = default set)."""
    code = EX_OK
    for name in available():
        mark = "*" if name in DEFAULT else " "
        try:
            g = get_glossary(name)
        except GlossaryError as exc:
            print(f"{mark} {name:<24} ERROR {exc}")
            code = EX_USAGE
            continue
        first = g.description.strip().splitlines()[0] if g.description.strip() else ""
        print(f"{mark} {name:<24} {len(g):>6}  {first}")
    return code


def run_show(args: argparse.Namespace) -> int:
    """Print a glossary's metadata and counts, and with ``--entries`` every entry."""
    try:
        g = get_glossary(args.name)
    except GlossaryError as exc:
        print(f"textfix: {exc}")
        return EX_USAGE
    for key in ("name", "path", "description", "language", "source", "license"):
        value = getattr(g, key)
        if value:
            print(f"{key + ':':<14}{value}")
    for key, value in g.meta.items():
        if key not in ("name", "description", "language", "source", "license"):
            print(f"{key + ':':<14}{value}")
    for key, value in stats(g).items():
        if key not in ("name", "path"):
            print(f"{key + ':':<14}{value}")
    if args.entries:
        _entries(g)
    return EX_OK


def _entries(g: Glossary) -> None:
    for t in g.terms:
        extra = f"  [{t.tier}]" if t.tier else ""
        print(f"term      {t.text}{extra}")
    for word, subs, _ in g.synonyms:
        print(f"synonyms  {word} <- {', '.join(subs)}")
    for r in g.rules:
        cond = "  (with context)" if r.condition else ""
        print(f"rule      {r.spun} -> {r.canonical}  [{r.tier}]{cond}")
    for text, _ in g.exceptions:
        print(f"exception {text}")
    for word, counts, _ in g.channel:
        print(f"channel   {word}: " + ", ".join(f"{f}={n}" for f, n in counts))


def run_validate(args: argparse.Namespace) -> int:
    """Load each glossary and print OK or its error; then check them together; 2 on errors."""
    loaded: list[Glossary] = []
    code = EX_OK
    for path in args.paths:
        try:
            g = get_glossary(path)
        except GlossaryError as exc:
            print(f"ERROR {exc}")
            code = EX_USAGE
            continue
        loaded.append(g)
        print(f"OK    {path} ({g.name}: {len(g)} entries)")
    if code == EX_OK and len(loaded) > 1:
        try:
            check_glossaries(loaded)
        except GlossaryError as exc:
            print(f"ERROR together: {exc}")
            return EX_USAGE
        print(f"OK    together ({len(loaded)} glossaries)")
    return code


def run_stats(args: argparse.Namespace) -> int:
    """Print the counts of each glossary, as a table or JSON lines."""
    code = EX_OK
    rows = []
    for path in args.paths:
        try:
            rows.append(stats(get_glossary(path)))
        except GlossaryError as exc:
            print(f"textfix: {exc}")
            code = EX_USAGE
    if args.json:
        for row in rows:
            print(json.dumps(row, ensure_ascii=False))
        return code
    if rows:
        keys = [k for k in rows[0] if k != "path"]
        print("  ".join(f"{k:>{max(len(k), 6)}}" if k != "name" else f"{k:<24}" for k in keys))
        for row in rows:
            print("  ".join(f"{row[k]:>{max(len(k), 6)}}" if k != "name" else f"{row[k]:<24}"
                            for k in keys))
    return code

"""The ``textfix`` command line: ``fix``, ``detect``, ``review``, ``apply``, ``glossary``,
``eval`` and ``learn``.

``main(argv)`` returns the exit code instead of exiting, so it can be called in-process.
Exit codes: :data:`EX_OK` (done), :data:`EX_FOUND` (``--check`` or ``--threshold`` found
something), :data:`EX_USAGE` (usage or input error), :data:`EX_INTERRUPTED` (Ctrl-C).

Every command lives in a module of this package that adds it with ``register(commands)``
(see :class:`~textfix.cli.common.Commands`); they are listed in :data:`COMMANDS`.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence

from textfix import __version__, cache
from textfix.cli import apply, detect, evaluate, fix, glossary, review
from textfix.cli.common import Commands
from textfix.cli.report import EX_FOUND, EX_OK, EX_USAGE
from textfix.cli.stop import EX_TERMINATED, Terminated, install

__all__ = ["EX_FOUND", "EX_INTERRUPTED", "EX_OK", "EX_USAGE", "main"]

#: Exit code after Ctrl-C (128 + SIGINT), as shells expect.
EX_INTERRUPTED = 130

#: The command modules, in the order their commands are listed.
COMMANDS = (fix, detect, review, apply, glossary, evaluate)


def _parser() -> tuple[argparse.ArgumentParser, Commands]:
    p = argparse.ArgumentParser(prog="textfix", description="Repair synonym-spun text.")
    p.add_argument("--version", action="version", version=f"textfix {__version__}")
    commands = Commands(p.add_subparsers(dest="command", required=True, metavar="COMMAND"))
    for module in COMMANDS:
        module.register(commands)
    return p, commands


def _note(message: str) -> None:
    """A refusal of the compile cache, on stderr (the run goes on without it)."""
    print(f"textfix: {message}", file=sys.stderr)


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line with ``argv`` (default: ``sys.argv[1:]``); return the exit code."""
    parser, _commands = _parser()
    args = parser.parse_args(argv)
    install()
    cache.set_notify(_note)  # for this run only: library use in this process stays silent
    try:
        code: int = args.func(args)
    except KeyboardInterrupt:
        print("textfix: interrupted", file=sys.stderr)
        return EX_INTERRUPTED
    except Terminated:
        print("textfix: terminated", file=sys.stderr)
        return EX_TERMINATED
    except BrokenPipeError:
        # the reader went away (| head): stop quietly, and keep Python from complaining
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return EX_OK
    except OSError as exc:
        print(f"textfix: {exc}", file=sys.stderr)
        return EX_USAGE
    finally:
        cache.set_notify(None)
    return code


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())

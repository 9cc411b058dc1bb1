"""The ``csmo`` command: a thin shell over the library.

Exit codes: 0 success, 1 the audit found something at or above ``--fail-on``,
2 unreadable or invalid input (every problem printed, one per line).
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from pathlib import Path

from csmo_model import examples
from csmo_model._version import __version__
from csmo_model.analysis.links import CSMO_FUNCTIONS
from csmo_model.audit import audit
from csmo_model.errors import LoadError, ModelError
from csmo_model.io import DEFAULT_MAX_BYTES, dump, load, syntax_for
from csmo_model.model import Function, Organization
from csmo_model.report import Severity, use_color

__all__ = ["main"]

EXIT_OK, EXIT_FINDINGS, EXIT_INVALID = 0, 1, 2


class _UsageError(Exception):
    """A problem to print (one per line) before exiting with status 2."""

    def __init__(self, *lines: str) -> None:
        self.lines = lines


def _add_source(parser: argparse.ArgumentParser) -> None:
    group = parser.add_mutually_exclusive_group(required=True)
    group.add_argument("file", nargs="?", help="organization file (.yaml, .yml, .json, .toml)")
    group.add_argument(
        "--example",
        metavar="NAME",
        help=f"use a built-in example instead of a file ({', '.join(examples.names())})",
    )
    parser.add_argument(
        "--max-bytes",
        type=int,
        default=DEFAULT_MAX_BYTES,
        metavar="N",
        help="refuse input files larger than N bytes (default: %(default)s)",
    )


def _read(args: argparse.Namespace) -> tuple[str, Organization]:
    if args.example is not None:
        if args.example not in examples.names():
            raise _UsageError(
                f"no example {args.example!r}; choose one of {', '.join(examples.names())}"
            )
        return f"example {args.example}", examples.load(args.example)
    return args.file, load(args.file, max_bytes=args.max_bytes)


def _summary(org: Organization) -> str:
    counts = [
        (len(org.departments), "department"),
        (len(org.responsibilities), "responsibility"),
        (len(org.roles), "role"),
        (len(org.people), "person"),
        (len(org.links), "link"),
    ]
    plural = {"responsibility": "responsibilities", "person": "people"}
    text = ", ".join(f"{n} {plural.get(w, w + 's') if n != 1 else w}" for n, w in counts)
    return f"{org.name}: {text}"


def _cmd_validate(args: argparse.Namespace) -> int:
    source, org = _read(args)
    print(f"{source}: valid; {_summary(org)}")
    return EXIT_OK


def _cmd_convert(args: argparse.Namespace) -> int:
    src, out = Path(args.input), Path(args.output)
    syntax_for(out)  # refuse an unknown suffix before reading anything
    if src.resolve() == out.resolve():
        raise _UsageError(f"{out}: refusing to overwrite the input file; choose another output")
    if out.exists() and not args.force:
        raise _UsageError(f"{out}: already exists; pass --force to overwrite it")
    org = load(src, max_bytes=args.max_bytes)
    dump(org, out)
    print(f"{src} -> {out}: {_summary(org)}")
    return EXIT_OK


def _cmd_audit(args: argparse.Namespace) -> int:
    _, org = _read(args)
    report = audit(
        org,
        max_span=args.max_span,
        max_roles=args.max_roles,
        required_functions=args.require or CSMO_FUNCTIONS,
    )
    if args.format == "json":
        sys.stdout.write(report.to_json() + "\n")
    elif args.format == "markdown":
        sys.stdout.write(report.to_markdown())
    else:
        sys.stdout.write(report.to_text(color=use_color(sys.stdout)))
    if args.fail_on == "never":
        return EXIT_OK
    threshold = Severity(args.fail_on).rank
    failing = any(f.severity.rank >= threshold for f in report)
    return EXIT_FINDINGS if failing else EXIT_OK


def _positive(text: str) -> int:
    value = int(text)
    if value < 0:
        raise argparse.ArgumentTypeError(f"must be 0 or more, got {value}")
    return value


def build_parser() -> argparse.ArgumentParser:
    """Return the argument parser of the ``csmo`` command."""
    parser = argparse.ArgumentParser(
        prog="csmo",
        description="Model and audit how an organization runs social media.",
    )
    parser.add_argument("--version", action="version", version=f"csmo {__version__}")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    validate = sub.add_parser("validate", help="check an organization file and list every problem")
    _add_source(validate)
    validate.set_defaults(run=_cmd_validate)

    audit_cmd = sub.add_parser(
        "audit",
        help="find coverage gaps, single points of failure, missing links, reporting problems",
        description=(
            "Audit an organization. Exit status: 0 when no finding reaches --fail-on, "
            "1 when one does, 2 when the input is unreadable or invalid."
        ),
    )
    _add_source(audit_cmd)
    audit_cmd.add_argument(
        "--format",
        choices=("text", "json", "markdown"),
        default="text",
        help="output format (default: text; json follows csmo-audit/1)",
    )
    audit_cmd.add_argument(
        "--fail-on",
        choices=("info", "warning", "critical", "never"),
        default="warning",
        help="exit 1 when a finding of this severity or worse exists (default: warning)",
    )
    audit_cmd.add_argument(
        "--max-span",
        type=_positive,
        default=10,
        metavar="N",
        help="flag roles with more than N direct reports (default: 10)",
    )
    audit_cmd.add_argument(
        "--max-roles",
        type=_positive,
        default=3,
        metavar="N",
        help="flag people holding more than N roles (default: 3)",
    )
    audit_cmd.add_argument(
        "--require",
        action="append",
        choices=[f.value for f in Function],
        metavar="FUNCTION",
        help="a function the social lead needs a tie into; repeat for several "
        "(default: the seven CSMO groups)",
    )
    audit_cmd.set_defaults(run=_cmd_audit)

    convert = sub.add_parser("convert", help="convert between YAML, JSON and TOML (by suffix)")
    convert.add_argument("input", help="organization file to read")
    convert.add_argument("output", help="file to write; its suffix chooses the format")
    convert.add_argument("--force", action="store_true", help="overwrite an existing output")
    convert.add_argument("--max-bytes", type=int, default=DEFAULT_MAX_BYTES, metavar="N")
    convert.set_defaults(run=_cmd_convert)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the ``csmo`` command with *argv*; return the exit status."""
    args = build_parser().parse_args(argv)
    try:
        status: int = args.run(args)
    except ModelError as exc:
        where = exc.source or getattr(args, "file", None) or getattr(args, "input", None)
        prefix = f"{where}: " if where else ""
        kind = "cannot read" if isinstance(exc, LoadError) else "invalid"
        print(f"{prefix}{kind}: {len(exc.problems)} problem(s)", file=sys.stderr)
        for problem in exc.problems:
            print(f"{prefix}{problem}", file=sys.stderr)
        return EXIT_INVALID
    except _UsageError as exc:
        for line in exc.lines:
            print(line, file=sys.stderr)
        return EXIT_INVALID
    except BrokenPipeError:
        # Output piped into a command that stopped reading (e.g. head).
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return EXIT_OK
    return status

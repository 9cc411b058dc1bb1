"""The ``csmo`` command: a thin shell over the library.

Exit codes: 0 success, 1 the audit found something at or above ``--fail-on``,
2 unreadable or invalid input (every problem printed, one per line).
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import sys
import time
from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path
from typing import TextIO

from csmo_model import catalog, examples, interop, synthetic
from csmo_model._version import __version__
from csmo_model.analysis.links import CSMO_FUNCTIONS
from csmo_model.audit import audit
from csmo_model.errors import LoadError, ModelError, Problem
from csmo_model.io import DEFAULT_MAX_BYTES, dump, dumps, load, syntax_for, write_atomic
from csmo_model.io._parse import Syntax
from csmo_model.model import Function, Organization
from csmo_model.report import Severity, use_color

__all__ = ["main"]

EXIT_OK, EXIT_FINDINGS, EXIT_INVALID = 0, 1, 2


class _UsageError(Exception):
    """A problem to print (one per line) before exiting with status 2."""

    def __init__(self, *lines: str) -> None:
        self.lines = lines


class _ProgressBar:
    """A one-line progress display on stderr, shown only once work passes a second."""

    def __init__(self, enabled: bool, stream: TextIO = sys.stderr, delay: float = 1.0) -> None:
        self.enabled = enabled
        self.stream = stream
        self.start = time.monotonic()
        self.delay = delay
        self.last = 0.0
        self.shown = False

    def __call__(self, stage: str, done: int, total: int) -> None:
        if not self.enabled:
            return
        now = time.monotonic()
        if now - self.start < self.delay or (now - self.last < 0.1 and done < total):
            return
        self.last = now
        width = 30
        filled = width * done // total if total else width
        bar = "#" * filled + "-" * (width - filled)
        self.stream.write(f"\r{stage:<16} [{bar}] {done:>10,}/{total:,}")
        self.stream.flush()
        self.shown = True

    def close(self) -> None:
        if self.shown:
            self.stream.write("\r" + " " * 72 + "\r")
            self.stream.flush()


def _progress(args: argparse.Namespace) -> _ProgressBar:
    choice = getattr(args, "progress", None)
    enabled = sys.stderr.isatty() if choice is None else choice
    return _ProgressBar(enabled)


def _add_progress(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--progress",
        action=argparse.BooleanOptionalAction,
        default=None,
        help="show a progress bar on large inputs (default: on a terminal, off when piped)",
    )


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
        type=_count,
        default=DEFAULT_MAX_BYTES,
        metavar="N",
        help="refuse input files larger than N bytes (default: %(default)s)",
    )
    _add_progress(parser)


def _read(args: argparse.Namespace) -> tuple[str, Organization]:
    if args.example is not None:
        if args.example not in examples.names():
            raise _UsageError(
                f"no example {args.example!r}; choose one of {', '.join(examples.names())}"
            )
        return f"example {args.example}", examples.load(args.example)
    bar = _progress(args)
    try:
        return args.file, load(args.file, max_bytes=args.max_bytes, progress=bar)
    finally:
        bar.close()


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


def _our_syntax(out: Path) -> Syntax:
    """The syntax of our format that *out*'s suffix names, or a usage error."""
    try:
        return syntax_for(out)
    except ModelError as exc:
        raise _UsageError(f"{out}: {exc.problems[0].message}") from None


def _refuse_existing(out: Path, force: bool) -> None:
    if out.exists() and not force:
        raise _UsageError(f"{out}: already exists; pass --force to overwrite it")


@contextlib.contextmanager
def _writing(out: Path) -> Iterator[None]:
    """Turn a failure to write *out* into a usage error that names it."""
    try:
        yield
    except OSError as exc:
        raise _UsageError(f"{out}: cannot write the file: {exc.strerror}") from None


def _cmd_validate(args: argparse.Namespace) -> int:
    source, org = _read(args)
    print(f"{source}: valid; {_summary(org)}")
    return EXIT_OK


def _cmd_convert(args: argparse.Namespace) -> int:
    src, out = Path(args.input), Path(args.output)
    _our_syntax(out)  # refuse an unknown suffix before reading anything
    if src.resolve() == out.resolve():
        raise _UsageError(f"{out}: refusing to overwrite the input file; choose another output")
    _refuse_existing(out, args.force)
    bar = _progress(args)
    try:
        org = load(src, max_bytes=args.max_bytes, progress=bar)
    finally:
        bar.close()
    with _writing(out):
        dump(org, out)
    print(f"{src} -> {out}: {_summary(org)}")
    return EXIT_OK


def _cmd_generate(args: argparse.Namespace) -> int:
    out = Path(args.output)
    syntax = _our_syntax(out)
    _refuse_existing(out, args.force)
    if args.n_people < 2:
        raise _UsageError(f"N must be at least 2, got {args.n_people}")
    doc = synthetic.document(args.n_people, seed=args.seed)
    text = (
        json.dumps(doc)
        if syntax == "json"
        else dumps(synthetic.organization(args.n_people, seed=args.seed), syntax)
    )
    with _writing(out):
        write_atomic(out, text)
    print(
        f"wrote {out}: {args.n_people:,} people, {len(doc['roles']):,} roles, "
        f"{len(doc['departments']):,} departments, {len(doc['links']):,} links"
    )
    return EXIT_OK


def _foreign_format(path: Path, table: Mapping[str, interop.Format]) -> interop.Format:
    suffix = path.suffix.lower()
    if suffix not in table:
        raise _UsageError(
            f"{path}: cannot tell the format from the suffix {suffix or '(none)'!r}; "
            f"use one of {', '.join(table)}"
        )
    return table[suffix]


def _formats(table: Mapping[str, interop.Format], suffixes: bool = True) -> str:
    """``GraphML (.graphml), ...``: the formats of *table* for a help text."""
    by_name: dict[str, list[str]] = {}
    for suffix, fmt in table.items():
        by_name.setdefault(fmt.name, []).append(suffix)
    return ", ".join(
        f"{name} ({', '.join(s)})" if suffixes else name for name, s in by_name.items()
    )


def _cmd_export(args: argparse.Namespace) -> int:
    out = Path(args.output)
    fmt = _foreign_format(out, interop.WRITERS)
    _refuse_existing(out, args.force)
    _, org = _read(args)
    given = {"view": args.view, "base": args.base}
    options = {k: v for k, v in given.items() if k in fmt.options and v is not None}
    try:
        with _writing(out):
            interop.export(org, out, **options)
    except (ImportError, ValueError) as exc:
        raise _UsageError(f"{out}: {exc}") from None
    print(f"wrote {out}: {_summary(org)}")
    return EXIT_OK


def _cmd_import(args: argparse.Namespace) -> int:
    src, out = Path(args.input), Path(args.output)
    suffix = _foreign_format(src, interop.READERS).suffix
    _our_syntax(out)
    _refuse_existing(out, args.force)
    notes: list[Problem] = []
    on_problem: interop.OnProblem = "raise" if args.strict else notes.append
    mapping = {}
    for item in args.map or ():
        field, sep, column = item.partition("=")
        if not sep:
            raise _UsageError(f"--map {item!r}: write FIELD=COLUMN, e.g. manager_id='Reports To'")
        mapping[field.strip()] = column.strip()
    try:
        if suffix == ".csv":
            org = interop.from_hr_csv(
                src,
                mapping=mapping or None,
                name=args.name,
                encoding=args.encoding,
                on_problem=on_problem,
                max_bytes=args.max_bytes,
            )
        else:
            org = interop.from_w3c_org(
                src, name=args.name, on_problem=on_problem, max_bytes=args.max_bytes
            )
    except ImportError as exc:
        raise _UsageError(str(exc)) from None
    except ValueError as exc:
        if isinstance(exc, ModelError):
            raise
        raise _UsageError(str(exc)) from None
    for note in notes:
        print(f"{src}: not imported: {note}", file=sys.stderr)
    with _writing(out):
        dump(org, out)
    print(f"{src} -> {out}: {_summary(org)}")
    return EXIT_OK


def _table(header: Sequence[str], rows: Sequence[Sequence[str]]) -> list[str]:
    widths = [max(len(str(x)) for x in column) for column in zip(header, *rows, strict=True)]

    def line(cells: Sequence[str]) -> str:
        return "  ".join(str(c).ljust(w) for c, w in zip(cells, widths, strict=True)).rstrip()

    return [line(header), line(["-" * w for w in widths]), *(line(r) for r in rows)]


def _blueprint(blueprint_id: str) -> catalog.Blueprint:
    try:
        return catalog.get(blueprint_id)
    except KeyError as exc:
        raise _UsageError(str(exc.args[0])) from None


def _cmd_catalog(args: argparse.Namespace) -> int:
    if args.action is None:
        rows = []
        for bp_id in catalog.names():
            bp = catalog.get(bp_id)
            rows.append([bp.id, f"{len(bp.jobs)} jobs", f"{len(bp.roles)} roles", bp.title])
        print("\n".join(_table(["blueprint", "jobs", "roles", "title"], rows)))
        return EXIT_OK
    if args.action != "show" or args.id is None:
        raise _UsageError("usage: csmo catalog [show BLUEPRINT]")
    bp = _blueprint(args.id)
    names = {job.responsibility.id: job.responsibility.name for job in bp.jobs}
    out = [f"{bp.id}: {bp.title}", "", bp.summary, "", f"Source: {bp.source}", ""]
    role_rows = [
        [
            t.id,
            t.title,
            t.acronym or "",
            "; ".join(f"{names[r]} ({letter.value})" for r, letter in t.raci.items()),
        ]
        for t in bp.roles
    ]
    out += _table(["id", "title", "acronym", "what it covers"], role_rows)
    job_rows = [
        [
            job.responsibility.id,
            job.responsibility.name + (" (critical)" if job.responsibility.critical else ""),
            ", ".join(f.value for f in job.usual) or ("nobody" if job.state else ""),
            job.state or "",
        ]
        for job in bp.jobs
    ]
    out += ["", *_table(["responsibility", "name", "usually in", "usually"], job_rows)]
    if bp.tie_functions:
        out += ["", "Ties the social lead needs: " + ", ".join(f.value for f in bp.tie_functions)]
    for rule in bp.rules:
        out += ["", f"Rule {rule.id}: {rule.text}"]
    print("\n".join(out))
    return EXIT_OK


_SECTION_HINTS = {
    "departments": (
        "# Departments: id, name, optional parent, and a function, one of:\n# "
        + ", ".join(f.value for f in Function)
    ),
    "roles": (
        "# Roles are positions; they exist even when vacant. raci maps a responsibility id\n"
        "# to R (does it), A (answers for it), C (consulted) or I (informed)."
    ),
    "people": "# People: id, name, the roles they hold, capacity in full-time equivalents.",
}


def _cmd_new(args: argparse.Namespace) -> int:
    for bp_id in args.blueprint or ():
        _blueprint(bp_id)
    org = catalog.starter(args.blueprint or (), name=args.name)
    syntax: Syntax = "yaml"
    if args.output is not None:
        syntax = _our_syntax(Path(args.output))
    if syntax != "yaml":  # JSON and TOML carry no comments: write the plain document
        return _write_new(args, dumps(org, syntax))
    body = dumps(org, "yaml")
    following = f" following {', '.join(args.blueprint)}" if args.blueprint else ""
    lines = [
        f"# A starter organization file{following}.",
        "# Fill in departments, roles and people, then run: csmo validate FILE; csmo audit FILE",
        "# Responsibilities of the listed blueprints need not be repeated here: roles may use",
        "# their ids (see `csmo catalog show BLUEPRINT`).",
    ]
    for line in body.splitlines():
        key = line.split(":", 1)[0]
        if key in _SECTION_HINTS:
            lines.append(_SECTION_HINTS[key])
        lines.append(line)
    if not org.roles:
        lines += [
            _SECTION_HINTS["roles"],
            "roles: []",
            "#  - {id: social-lead, title: Social Media Manager, department: executive-office}",
        ]
    if not org.people:
        lines += [
            _SECTION_HINTS["people"],
            "people: []",
            "#  - {id: someone, name: Some One, holds: [" + (org.social_lead or "a-role") + "]}",
        ]
    return _write_new(args, "\n".join(lines) + "\n")


def _write_new(args: argparse.Namespace, text: str) -> int:
    if args.output is None:
        sys.stdout.write(text)
        return EXIT_OK
    out = Path(args.output)
    _refuse_existing(out, args.force)
    with _writing(out):
        write_atomic(out, text)
    print(f"wrote {out}")
    return EXIT_OK


def _cmd_audit(args: argparse.Namespace) -> int:
    _, org = _read(args)
    for bp_id in args.blueprint or ():
        _blueprint(bp_id)
    if args.blueprint:
        org = catalog.apply(org, *args.blueprint)
    bar = _progress(args)
    try:
        report = audit(
            org,
            max_span=args.max_span,
            max_roles=args.max_roles,
            required_functions=args.require or CSMO_FUNCTIONS,
            progress=bar,
        )
    finally:
        bar.close()
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


def _count(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a whole number, got {text!r}") from None
    if value < 0:
        raise argparse.ArgumentTypeError(f"must be 0 or more, got {value}")
    return value


def build_parser() -> argparse.ArgumentParser:  # noqa: PLR0915 - to split into named steps (issue 12)
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
        type=_count,
        default=10,
        metavar="N",
        help="flag roles with more than N direct reports (default: 10)",
    )
    audit_cmd.add_argument(
        "--max-roles",
        type=_count,
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
    audit_cmd.add_argument(
        "--blueprint",
        action="append",
        metavar="ID",
        help="also check a catalog blueprint's jobs and rules; repeat for several "
        "(see `csmo catalog`)",
    )
    audit_cmd.set_defaults(run=_cmd_audit)

    catalog_cmd = sub.add_parser(
        "catalog", help="list the blueprints of reference knowledge, or show one"
    )
    catalog_cmd.add_argument("action", nargs="?", choices=("show",), help="show one blueprint")
    catalog_cmd.add_argument("id", nargs="?", metavar="BLUEPRINT", help="blueprint id")
    catalog_cmd.set_defaults(run=_cmd_catalog)

    new = sub.add_parser("new", help="write a starter organization file (to stdout by default)")
    new.add_argument(
        "--blueprint",
        action="append",
        metavar="ID",
        help="start from a catalog blueprint's roles and jobs; repeat for several",
    )
    new.add_argument("--name", default="My organization", help="the organization's name")
    new.add_argument("-o", "--output", help="write to this file instead of stdout")
    new.add_argument("--force", action="store_true", help="overwrite an existing output")
    new.set_defaults(run=_cmd_new)

    convert = sub.add_parser("convert", help="convert between YAML, JSON and TOML (by suffix)")
    convert.add_argument("input", help="organization file to read")
    convert.add_argument("output", help="file to write; its suffix chooses the format")
    convert.add_argument("--force", action="store_true", help="overwrite an existing output")
    convert.add_argument("--max-bytes", type=_count, default=DEFAULT_MAX_BYTES, metavar="N")
    _add_progress(convert)
    convert.set_defaults(run=_cmd_convert)

    export = sub.add_parser(
        "export",
        help="write an organization as " + _formats(interop.WRITERS, suffixes=False),
        description="The suffix of OUT chooses the format: " + _formats(interop.WRITERS) + ".",
    )
    _add_source(export)
    export.add_argument("output", metavar="OUT", help="file to write")
    export.add_argument(
        "--view",
        choices=("ties", "reporting", "staffing"),
        default="ties",
        help="graph view for .graphml/.gexf (default: ties)",
    )
    export.add_argument(
        "--base", help="base IRI for .ttl (default: https://example.org/NAME/ from the name)"
    )
    export.add_argument("--force", action="store_true", help="overwrite an existing output")
    export.set_defaults(run=_cmd_export)

    import_cmd = sub.add_parser(
        "import",
        help="read " + _formats(interop.READERS) + " into our format",
        description=(
            "Read SRC and write OUT (.yaml, .json or .toml). What could not be understood is "
            "listed on stderr (or is an error with --strict); nothing is dropped silently."
        ),
    )
    import_cmd.add_argument("input", metavar="SRC", help="file to read")
    import_cmd.add_argument("output", metavar="OUT", help="organization file to write")
    import_cmd.add_argument("--name", help="the organization's name (default: from SRC)")
    import_cmd.add_argument(
        "--map",
        action="append",
        metavar="FIELD=COLUMN",
        help="CSV: the column holding FIELD (id, name, title, department, manager_id, "
        "capacity...); repeat for several",
    )
    import_cmd.add_argument(
        "--strict", action="store_true", help="fail instead of listing what was not understood"
    )
    import_cmd.add_argument(
        "--encoding",
        default="utf-8",
        help="CSV: the file's text encoding, e.g. cp1252 for older Excel exports (default: utf-8)",
    )
    import_cmd.add_argument("--max-bytes", type=_count, default=DEFAULT_MAX_BYTES, metavar="N")
    import_cmd.add_argument("--force", action="store_true", help="overwrite an existing output")
    import_cmd.set_defaults(run=_cmd_import)

    generate = sub.add_parser(
        "generate",
        help="write a synthetic organization of N people, to try the library at scale",
    )
    generate.add_argument("n_people", type=_count, metavar="N", help="number of people (2 or more)")
    generate.add_argument("output", help="file to write (.json, .yaml or .toml)")
    generate.add_argument("--seed", type=int, default=0, help="random seed (default: 0)")
    generate.add_argument("--force", action="store_true", help="overwrite an existing output")
    generate.set_defaults(run=_cmd_generate)
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

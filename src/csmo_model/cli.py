"""The ``csmo`` command: a thin shell over the library.

Exit codes: 0 success, 1 the audit found something at or above ``--fail-on``,
2 unreadable or invalid input (every problem printed, one per line).
"""

from __future__ import annotations

import argparse
import contextlib
import inspect
import json
import os
import re
import sys
import time
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any, TextIO, TypeAlias

from csmo_model import catalog, examples, interop, sarif, synthetic
from csmo_model._parse import Syntax
from csmo_model._text import md_inline, terminal
from csmo_model._version import __version__
from csmo_model.audit import audit
from csmo_model.checks import CheckError, default_registry
from csmo_model.config import Config, ConfigError, discover
from csmo_model.errors import LoadError, ModelError, Problem
from csmo_model.html_report import PLAN_MAX_ROLES
from csmo_model.io import (
    DEFAULT_MAX_BYTES,
    dumps,
    iterdumps,
    load,
    loads,
    syntax_for,
    write_atomic,
)
from csmo_model.model import Function, Organization, Platform, Topic, counted, section_counts
from csmo_model.options import AuditOptions, FailOn
from csmo_model.plan import plan
from csmo_model.positions import locate
from csmo_model.recommend import recommend
from csmo_model.report import Report, Severity, read_baseline, use_color
from csmo_model.schema import MODEL_SCHEMA_URL

__all__ = ["main"]

EXIT_OK, EXIT_FINDINGS, EXIT_INVALID = 0, 1, 2
EXIT_INTERRUPTED = 130  # 128 + SIGINT, as shells report a Ctrl-C


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
    group.add_argument(
        "file", nargs="?", help="organization file (.yaml, .yml, .json, .toml), or - for stdin"
    )
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
    parser.add_argument(
        "--input-format",
        choices=("yaml", "json", "toml"),
        default=None,
        help="the syntax of the input read from stdin (-) (default: yaml)",
    )
    _add_progress(parser)


def _read(args: argparse.Namespace) -> tuple[str, Organization]:
    if args.example is not None:
        if args.example not in examples.names():
            raise _UsageError(
                f"no example {args.example!r}; choose one of {', '.join(examples.names())}"
            )
        return f"example {args.example}", examples.load(args.example)
    if args.file == "-":
        return _read_stdin(args)
    bar = _progress(args)
    try:
        return args.file, load(args.file, max_bytes=args.max_bytes, progress=bar)
    finally:
        bar.close()


def _summary(org: Organization) -> str:
    return f"{terminal(org.name)}: {counted(section_counts(org))}"


def _our_syntax(out: Path) -> Syntax:
    """The syntax of our format that *out*'s suffix names, or a usage error."""
    try:
        return syntax_for(out)
    except ModelError as exc:
        raise _UsageError(f"{out}: {exc.problems[0].message}") from None


def _refuse_existing(out: Path, force: bool) -> None:
    # lexists: a symbolic link is "there" even when what it points to is not.
    if not force and os.path.lexists(out):
        raise _UsageError(f"{out}: already exists; pass --force to overwrite it")


def _write(out: Path, text: str | Iterable[str], force: bool) -> None:
    """Write *text* to *out*; without *force*, only if nothing is there yet.

    :func:`_refuse_existing` says so before any work; this says it again if
    another process created *out* in the meantime (the create is exclusive).
    """
    with _writing(out):
        try:
            write_atomic(out, text, overwrite=force)
        except FileExistsError:
            raise _UsageError(f"{out}: already exists; pass --force to overwrite it") from None


@contextlib.contextmanager
def _writing(out: Path) -> Iterator[None]:
    """Turn a failure to write *out* into a usage error that names it."""
    try:
        yield
    except OSError as exc:
        raise _UsageError(f"{out}: cannot write the file: {exc.strerror}") from None


def _cmd_validate(args: argparse.Namespace) -> int:
    source, org = _read(args)
    if args.format == "json":
        document = {"format": PROBLEMS_FORMAT, "source": source, "problems": []}
        sys.stdout.write(json.dumps(document, indent=2, ensure_ascii=False) + "\n")
    elif args.format == "sarif":
        _write_sarif(sarif.from_problems((), path=_file_path(args)))
    else:
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
    _write(out, iterdumps(org, syntax_for(out)), args.force)
    print(f"{src} -> {out}: {_summary(org)}")
    return EXIT_OK


def _cmd_generate(args: argparse.Namespace) -> int:
    out = Path(args.output)
    syntax = _our_syntax(out)
    _refuse_existing(out, args.force)
    if not 2 <= args.n_people <= synthetic.MAX_PEOPLE:
        raise _UsageError(
            f"N must be from 2 to {synthetic.MAX_PEOPLE:,} people, got {args.n_people:,}"
        )
    doc = synthetic.document(args.n_people, seed=args.seed)
    text = (
        json.dumps(doc)
        if syntax == "json"
        else dumps(synthetic.organization(args.n_people, seed=args.seed), syntax)
    )
    _write(out, text, args.force)
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
    if "report" in fmt.options:  # the Markdown page is the audit: with the options in force
        options["report"] = _audit(org, _discover(args.file).options)
    try:
        # Text first, then one exclusive write: no check-then-write race.
        text = fmt.function(org, None, **options)
    except (ImportError, ValueError) as exc:
        raise _UsageError(f"{out}: {exc}") from None
    _write(out, text, args.force)
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
                social_lead=args.social_lead,
                skip_bad_rows=args.skip_bad_rows,
                ignore_columns=args.ignore_column or (),
            )
        else:
            for flag, given in (
                ("--social-lead", args.social_lead is not None),
                ("--skip-bad-rows", args.skip_bad_rows),
                ("--ignore-column", bool(args.ignore_column)),
                ("--map", bool(mapping)),
            ):
                if given:
                    raise _UsageError(f"{flag} applies to CSV files only, not {suffix}")
            org = interop.from_w3c_org(
                src, name=args.name, on_problem=on_problem, max_bytes=args.max_bytes
            )
    except ImportError as exc:
        raise _UsageError(str(exc)) from None
    except ValueError as exc:
        if isinstance(exc, ModelError):
            raise
        raise _UsageError(str(exc)) from None
    _print_bounded([f"{src}: not imported: {note}" for note in notes])
    _write(out, iterdumps(org, syntax_for(out)), args.force)
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
    # `csmo catalog show ID` and the shorter `csmo catalog ID` do the same.
    blueprint_id = args.id if args.action == "show" else args.action
    if blueprint_id is None or (args.action != "show" and args.id is not None):
        raise _UsageError("usage: csmo catalog [[show] BLUEPRINT]")
    bp = _blueprint(blueprint_id)
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
    for t in bp.roles:
        if t.ties:
            out += ["", f"Ties the {t.title} ({t.id}) needs: " + ", ".join(f.value for f in t.ties)]
    if bp.topics:
        out += ["", "Topics to route: " + ", ".join(topic.value for topic in bp.topics)]
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
        "# to R (does it), A (answers for it), RA (both), C (consulted) or I (informed)."
    ),
    "people": "# People: id, name, the roles they hold, capacity in full-time equivalents.",
}


def _cmd_new(args: argparse.Namespace) -> int:
    if args.example is not None:
        return _new_example(args)
    for bp_id in args.blueprint or ():
        _blueprint(bp_id)
    named = {} if args.name is None else {"name": args.name}
    org = catalog.starter(args.blueprint or (), **named)
    syntax: Syntax = "yaml"
    if args.output is not None:
        syntax = _our_syntax(Path(args.output))
    if syntax != "yaml":  # JSON and TOML carry no comments: write the plain document
        return _write_new(args, dumps(org, syntax))
    body = dumps(org, "yaml")
    following = f" following {', '.join(args.blueprint)}" if args.blueprint else ""
    lines = [
        f"# yaml-language-server: $schema={MODEL_SCHEMA_URL}",
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
    # Empty sections are written as flow lists whose example items are comments, so
    # the file is valid as written and stays valid once the examples are uncommented.
    department = next(iter(org.departments), None)
    in_department = f", department: {department}" if department else ""
    lead = org.social_lead or "social-lead"
    if not org.roles:
        lines += [
            _SECTION_HINTS["roles"],
            "roles: [",
            f"#  {{id: {lead}, title: Social Media Manager{in_department}}},",
            "]",
        ]
    if not org.people:
        lines += [
            _SECTION_HINTS["people"],
            "people: [",
            f"#  {{id: someone, name: Some One, holds: [{lead}]}},",
            "]",
        ]
    owner = lead if lead in org.roles or not org.roles else next(iter(org.roles))
    lines += [
        "# Optional: where the organization listens, and who receives each topic heard there;",
        "# platforms: " + ", ".join(p.value for p in Platform),
        "channels: [",
        f"#  {{id: x-main, name: Us on X, platform: x, owner: {owner}, listeners: []}},",
        "]",
        "# topics: " + ", ".join(t.value for t in Topic),
        "routes: [",
        f"#  {{topic: complaint, to: {owner}}},",
        "]",
        "# Optional: what the program measures and who sees it; its written policies.",
        "metrics: [",
        f"#  {{id: share-of-voice, name: Share of voice, owner: {owner}, reported_to: []}},",
        "]",
        "policies: [",
        f"#  {{id: social-policy, name: Social media policy, owner: {owner}}},",
        "]",
    ]
    return _write_new(args, "\n".join(lines) + "\n")


def _new_example(args: argparse.Namespace) -> int:
    """``csmo new --example NAME``: a built-in example, as shipped (YAML) or converted."""
    if args.blueprint or args.name is not None:
        raise _UsageError(
            "--example writes the example as it is: it takes neither --blueprint nor --name"
        )
    if args.example not in examples.names():
        raise _UsageError(
            f"no example {args.example!r}; choose one of {', '.join(examples.names())}"
        )
    syntax = "yaml" if args.output is None else _our_syntax(Path(args.output))
    if syntax == "yaml":
        return _write_new(args, examples.text(args.example))
    return _write_new(args, dumps(examples.load(args.example), syntax))


def _write_new(args: argparse.Namespace, text: str) -> int:
    if args.output is None:
        sys.stdout.write(text)
        return EXIT_OK
    out = Path(args.output)
    _refuse_existing(out, args.force)
    _write(out, text, args.force)
    print(f"wrote {out}")
    return EXIT_OK


def _discover(organization: str | Path | None, **how: Any) -> Config:
    """:func:`csmo_model.config.discover`, its problems as a usage error (exit 2)."""
    try:
        return discover(organization, **how)
    except ConfigError as exc:
        raise _UsageError(*exc.problems) from None


def _audit(
    org: Organization,
    options: AuditOptions,
    progress: Callable[[str, int, int], None] | None = None,
) -> Report:
    """:func:`csmo_model.audit`; a failing plugin or a bad option is a usage error (exit 2)."""
    try:
        return audit(org, options, progress=progress)
    except CheckError as exc:
        raise _UsageError(f"error: {exc}") from None
    except (TypeError, ValueError) as exc:
        if isinstance(exc, ModelError):
            raise
        raise _UsageError(f"error: {exc}") from None


def _audit_config(args: argparse.Namespace) -> Config:
    """The effective options: defaults, then the config file, then the flags given."""
    flags = {
        "max_span": args.max_span,
        "max_roles": args.max_roles,
        "required_functions": args.require,
        "blueprints": args.blueprint,
        "select": args.select,
        "ignore": args.ignore,
        "fail_on": args.fail_on,
        "today": args.today,
    }
    overrides = {k: v for k, v in flags.items() if v is not None}
    if args.severity:
        overrides["severity"] = dict(
            _pair(item, "--severity", "KIND=LEVEL") for item in args.severity
        )
    return _discover(args.file, config=args.config, overrides=overrides, isolated=args.isolated)


def _pair(item: str, flag: str, shape: str) -> tuple[str, str]:
    key, sep, value = item.partition("=")
    if not sep or not key.strip():
        raise _UsageError(f"{flag} {item!r}: write {shape}")
    return key.strip(), value.strip()


def _cmd_audit(args: argparse.Namespace) -> int:
    cfg = _audit_config(args)
    if args.show_config:
        where = cfg.path if cfg.path is not None else "none found (defaults and flags only)"
        print(f"# configuration file: {where}")
        print(cfg.show())
        return EXIT_OK
    options = cfg.options
    for bp_id in options.blueprints:
        _blueprint(bp_id)
    _, org = _read(args)
    bar = _progress(args)
    try:
        report = _audit(org, options, progress=bar)
    finally:
        bar.close()
    if args.baseline is not None:
        report = report.with_baseline(_read_baseline(Path(args.baseline)))
    if args.write_baseline is not None:
        # Writing a baseline accepts today's findings: nothing fails, nothing to gate.
        out = Path(args.write_baseline)
        with _writing(out):
            write_atomic(out, json.dumps(report.to_baseline(), indent=2) + "\n")
        print(f"wrote {out}: {len(set(report.fingerprints()))} fingerprints")
        return EXIT_OK
    located = _located(args, report)
    if args.format == "json":
        sys.stdout.write(located.to_json() + "\n")
    elif args.format == "sarif":
        _write_sarif(sarif.from_report(located, path=_file_path(args)))
    elif args.format == "markdown":
        sys.stdout.write(report.to_markdown())
    else:
        sys.stdout.write(report.to_text(color=use_color(sys.stdout)))
    return EXIT_FINDINGS if report.failing(options.fail_on.threshold) else EXIT_OK


def _read_baseline(path: Path) -> frozenset[str]:
    try:
        document = json.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise _UsageError(f"{path}: cannot read the baseline: {exc.strerror}") from None
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise _UsageError(f"{path}: not a JSON baseline: {exc}") from None
    try:
        return read_baseline(document)
    except ValueError as exc:
        raise _UsageError(f"{path}: {exc}") from None


def _cmd_checks(args: argparse.Namespace) -> int:
    try:
        registry = default_registry()
    except CheckError as exc:
        raise _UsageError(f"error: {exc}") from None
    if args.format == "json":
        rows = [
            {
                "kind": c.kind,
                "family": c.family,
                "severity": c.severity.value,
                "title": c.title,
                "origin": c.origin,
                "url": c.url,
                "identity": list(c.identity),
                "options": list(c.options),
            }
            for c in registry
        ]
        sys.stdout.write(json.dumps({"checks": rows}, indent=2, ensure_ascii=False) + "\n")
        return EXIT_OK
    table = [[c.kind, c.family, c.severity.value, c.origin, c.title] for c in registry]
    print("\n".join(_table(["kind", "family", "severity", "from", "title"], table)))
    return EXIT_OK


def _cmd_fix(args: argparse.Namespace) -> int:
    src, out = Path(args.input), Path(args.output)
    if not args.dry_run:
        _our_syntax(out)  # refuse an unknown suffix before any work
        if src.resolve() == out.resolve():
            raise _UsageError(f"{out}: refusing to overwrite the input file; choose another output")
        _refuse_existing(out, args.force)
    options = _discover(src, isolated=args.isolated).options
    org = load(src, max_bytes=args.max_bytes)
    try:
        result = plan(org, options, only=args.only or (), max_edits=args.max_edits)
    except (TypeError, ValueError) as exc:
        if isinstance(exc, ModelError):
            raise
        raise _UsageError(f"error: {exc}") from None
    if not args.dry_run:
        _write(out, iterdumps(result.result, syntax_for(out)), args.force)
        print(f"wrote {out}: {len(result.edits)} edit(s)", file=sys.stderr)
    if args.format == "json":
        sys.stdout.write(json.dumps(result.to_dict(), indent=2, ensure_ascii=False) + "\n")
    elif args.format == "markdown":
        sys.stdout.write(result.to_markdown())
    else:
        sys.stdout.write(result.to_text())
    return EXIT_OK


def _kinds(text: str) -> list[str]:
    """``a,b`` -> ``["a", "b"]``, as ruff's --select takes them."""
    kinds = [k.strip() for k in text.split(",")]
    if not all(kinds):
        raise argparse.ArgumentTypeError(f"expected KIND[,KIND...], got {text!r}")
    return kinds


def _cmd_report(args: argparse.Namespace) -> int:
    from csmo_model import html_report

    outputs = [Path(p) for p in (args.output, args.pdf) if p is not None]
    for out in outputs:
        _refuse_existing(out, args.force)
    if args.pdf is not None and html_report.find_chromium() is None:
        raise _UsageError(f"{args.pdf}: {html_report.BrowserNotFoundError()}")
    options = _audit_config(args).options
    for bp_id in options.blueprints:
        _blueprint(bp_id)
    _, org = _read(args)
    report = _audit(org, options)
    if args.baseline is not None:
        report = report.with_baseline(_read_baseline(Path(args.baseline)))
    page = html_report.report_html(org, options, report=report, with_plan=args.plan)
    if args.output is not None:
        out = Path(args.output)
        with _writing(out):
            write_atomic(out, page)
        print(f"wrote {out}: {len(page.encode()):,} bytes, {len(report)} findings", file=sys.stderr)
    elif args.pdf is None:
        sys.stdout.write(page)
    if args.pdf is not None:
        pdf = Path(args.pdf)
        try:
            with _writing(pdf):
                html_report.print_pdf(page, pdf)
        except RuntimeError as exc:
            raise _UsageError(f"{pdf}: {exc}") from None
        print(f"wrote {pdf}", file=sys.stderr)
    return EXIT_OK


_PLOT_KINDS = ("org-chart", "raci", "ties")
_PLOT_SUFFIXES = (".png", ".svg")


def _cmd_plot(args: argparse.Namespace) -> int:
    out = Path(args.output)
    if out.suffix.lower() not in _PLOT_SUFFIXES:
        raise _UsageError(
            f"{out}: cannot tell the format from the suffix {out.suffix or '(none)'!r}; "
            f"use one of {', '.join(_PLOT_SUFFIXES)}"
        )
    _refuse_existing(out, args.force)
    _, org = _read(args)
    try:
        from csmo_model import plot

        if args.kind == "org-chart":
            ax = plot.org_chart(org, findings=audit(org))
        elif args.kind == "raci":
            ax = plot.raci(org)
        else:
            ax = plot.ties(org)
    except (ImportError, ValueError) as exc:
        raise _UsageError(f"{out}: {exc}") from None
    figure = ax.get_figure(root=True)
    assert figure is not None
    with _writing(out):
        figure.savefig(out)
    print(f"wrote {out}: {_summary(org)}")
    return EXIT_OK


def _cmd_recommend(args: argparse.Namespace) -> int:
    options = _discover(args.file, isolated=args.isolated).options
    _, org = _read(args)
    result = recommend(org, options)
    if args.format == "json":
        sys.stdout.write(json.dumps(result.to_dict(), indent=2, ensure_ascii=False) + "\n")
    elif args.format == "markdown":
        sys.stdout.write(result.to_markdown())
    else:
        sys.stdout.write(result.to_text())
    return EXIT_OK


def _count(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a whole number, got {text!r}") from None
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
    _add_validate_command(sub)
    _add_audit_command(sub)
    _add_checks_command(sub)
    _add_report_command(sub)
    _add_plot_command(sub)
    _add_fix_command(sub)
    _add_recommend_command(sub)
    _add_catalog_command(sub)
    _add_new_command(sub)
    _add_convert_command(sub)
    _add_export_command(sub)
    _add_import_command(sub)
    _add_generate_command(sub)
    _add_org_as_code(sub)
    return parser


_Commands: TypeAlias = "argparse._SubParsersAction[argparse.ArgumentParser]"


def _add_validate_command(sub: _Commands) -> None:
    """``csmo validate``."""
    validate = sub.add_parser("validate", help="check an organization file and list every problem")
    _add_source(validate)
    validate.add_argument(
        "--format",
        choices=("text", "json", "sarif"),
        default="text",
        help=f"output format (default: text; json lists the problems as {PROBLEMS_FORMAT})",
    )
    validate.set_defaults(run=_cmd_validate)


def _add_audit_options(parser: argparse.ArgumentParser, *, today: str, baseline: str) -> None:
    """The options of the audit that ``csmo audit`` and ``csmo report`` share; *today* and
    *baseline* say what the date and the baseline do in the command."""
    parser.add_argument(
        "--blueprint",
        action="append",
        metavar="ID",
        help="also check a catalog blueprint's jobs and rules; repeat for several "
        "(see `csmo catalog`)",
    )
    parser.add_argument(
        "--require",
        action="append",
        choices=[f.value for f in Function],
        metavar="FUNCTION",
        help="a function the social lead needs a tie into; repeat for several "
        "(default: the seven CSMO groups)",
    )
    parser.add_argument("--today", metavar="YYYY-MM-DD", help=today)
    parser.add_argument(
        "--config",
        metavar="FILE",
        help="read options from FILE (csmo.toml or pyproject.toml) instead of searching "
        "upward from the organization file",
    )
    parser.add_argument("--isolated", action="store_true", help="ignore configuration files")
    parser.add_argument("--baseline", metavar="FILE", help=baseline)


def _add_audit_command(sub: _Commands) -> None:
    """``csmo audit``."""
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
        choices=("text", "json", "markdown", "sarif"),
        default="text",
        help="output format (default: text; json follows csmo-audit/3, sarif is SARIF 2.1.0; "
        "with json or sarif, an invalid input's problems are printed in that format too)",
    )
    audit_cmd.add_argument(
        "--locations",
        action=argparse.BooleanOptionalAction,
        default=True,
        help="json and sarif: locate each finding's subjects in the file (line and column); "
        "--no-locations saves the second read of a large file (default: on)",
    )
    audit_cmd.add_argument(
        "--fail-on",
        choices=[f.value for f in FailOn],
        default=None,
        help="exit 1 when a finding of this severity or worse counts "
        f"(not accepted; new, with --baseline) (default: {AuditOptions().fail_on.value})",
    )
    audit_cmd.add_argument(
        "--max-span",
        type=_count,
        default=None,
        metavar="N",
        help=f"flag roles with more than N direct reports (default: {AuditOptions().max_span})",
    )
    audit_cmd.add_argument(
        "--max-roles",
        type=_count,
        default=None,
        metavar="N",
        help=f"flag people holding more than N roles (default: {AuditOptions().max_roles})",
    )
    audit_cmd.add_argument(
        "--select",
        action="extend",
        type=_kinds,
        metavar="KIND[,KIND...]",
        help="run only these finding kinds or families (see `csmo checks`); repeatable",
    )
    audit_cmd.add_argument(
        "--ignore",
        action="extend",
        type=_kinds,
        metavar="KIND[,KIND...]",
        help="do not run these finding kinds or families; repeatable",
    )
    audit_cmd.add_argument(
        "--severity",
        action="append",
        metavar="KIND=LEVEL",
        help="report a kind at another severity, e.g. silo=warning; repeat for several",
    )
    _add_audit_options(
        audit_cmd,
        today="the date acceptances expire against (default: today), for reproducible runs",
        baseline="only findings absent from this baseline (or csmo-audit/3 JSON) count toward "
        "--fail-on; all are shown, new ones marked",
    )
    audit_cmd.add_argument(
        "--show-config",
        action="store_true",
        help="print the effective options and where each comes from, then exit",
    )
    audit_cmd.add_argument(
        "--write-baseline",
        metavar="FILE",
        help="write the fingerprints of this audit's findings to FILE (csmo-baseline/1) "
        "instead of printing them; exits 0",
    )
    audit_cmd.set_defaults(run=_cmd_audit)


def _add_checks_command(sub: _Commands) -> None:
    """``csmo checks``."""
    checks_cmd = sub.add_parser(
        "checks", help="list every kind of finding: built-in and from installed plugins"
    )
    checks_cmd.add_argument("--format", choices=("text", "json"), default="text")
    checks_cmd.set_defaults(run=_cmd_checks)


def _add_report_command(sub: _Commands) -> None:
    """``csmo report``."""
    report_cmd = sub.add_parser(
        "report",
        help="write a self-contained HTML report (and a PDF) to send to a CEO",
        description=(
            "Audit an organization and write one HTML file that opens anywhere, fetches "
            "nothing and prints cleanly; --pdf prints it with headless Chromium. Options "
            "come from csmo.toml like `csmo audit`'s. Exit status 0, or 2 on bad input."
        ),
    )
    _add_source(report_cmd)
    report_cmd.add_argument("-o", "--output", metavar="OUT.html", help="HTML file to write")
    report_cmd.add_argument(
        "--pdf", metavar="OUT.pdf", help="also print the report to this PDF (needs Chromium)"
    )
    report_cmd.add_argument("--force", action="store_true", help="overwrite existing outputs")
    report_cmd.add_argument(
        "--plan",
        action=argparse.BooleanOptionalAction,
        default=None,
        help="include the plan of `csmo fix` (default: up to "
        f"{PLAN_MAX_ROLES:,} roles; it takes long beyond)",
    )
    _add_audit_options(
        report_cmd,
        today="the report's date, and the date acceptances expire against (default: today)",
        baseline="mark the findings absent from this baseline (or csmo-audit/3 JSON) new",
    )
    report_cmd.set_defaults(
        run=_cmd_report,
        max_span=None,
        max_roles=None,
        select=None,
        ignore=None,
        fail_on=None,
        severity=None,
    )


def _add_plot_command(sub: _Commands) -> None:
    """``csmo plot``."""
    plot_cmd = sub.add_parser(
        "plot", help="draw the org chart, RACI matrix or ties as PNG or SVG (needs matplotlib)"
    )
    _add_source(plot_cmd)
    plot_cmd.add_argument("output", metavar="OUT", help="picture to write (.png or .svg)")
    plot_cmd.add_argument(
        "--kind",
        choices=_PLOT_KINDS,
        default="org-chart",
        help="what to draw (default: %(default)s)",
    )
    plot_cmd.add_argument("--force", action="store_true", help="overwrite an existing output")
    plot_cmd.set_defaults(run=_cmd_plot)


def _add_fix_command(sub: _Commands) -> None:
    """``csmo fix``."""
    fix_cmd = sub.add_parser(
        "fix",
        help="plan the fewest edits that clear the warnings, and write the edited organization",
        description=(
            "Audit ORG, plan edits that clear its warning and critical findings (verified by a "
            "re-audit), write the edited organization to OUT (its suffix chooses the format; "
            "ids and order are kept) and print the plan. What edits cannot clear is listed."
        ),
    )
    fix_cmd.add_argument("input", metavar="ORG", help="organization file to read")
    fix_cmd.add_argument("output", metavar="OUT", help="file to write (.yaml, .json or .toml)")
    fix_cmd.add_argument(
        "--dry-run", action="store_true", help="print the plan without writing OUT"
    )
    fix_cmd.add_argument(
        "--only",
        action="extend",
        nargs="+",
        metavar="KIND",
        help="clear only these finding kinds or families (see `csmo checks`)",
    )
    fix_cmd.add_argument(
        "--max-edits", type=_count, default=None, metavar="N", help="at most N edits"
    )
    fix_cmd.add_argument(
        "--format",
        choices=("text", "json", "markdown"),
        default="text",
        help="how to print the plan (default: text; json follows csmo-plan/2)",
    )
    fix_cmd.add_argument("--isolated", action="store_true", help="ignore configuration files")
    fix_cmd.add_argument("--force", action="store_true", help="overwrite an existing output")
    fix_cmd.add_argument("--max-bytes", type=_count, default=DEFAULT_MAX_BYTES, metavar="N")
    fix_cmd.set_defaults(run=_cmd_fix)


def _add_recommend_command(sub: _Commands) -> None:
    """``csmo recommend``."""
    recommend_cmd = sub.add_parser(
        "recommend",
        help="which blueprint fits, where social should report, and whom to hire",
    )
    _add_source(recommend_cmd)
    recommend_cmd.add_argument(
        "--format",
        choices=("text", "json", "markdown"),
        default="text",
        help="output format (default: text; json follows csmo-recommend/2)",
    )
    recommend_cmd.add_argument("--isolated", action="store_true", help="ignore configuration files")
    recommend_cmd.set_defaults(run=_cmd_recommend)


def _add_catalog_command(sub: _Commands) -> None:
    """``csmo catalog``."""
    catalog_cmd = sub.add_parser(
        "catalog", help="list the blueprints of reference knowledge, or show one"
    )
    catalog_cmd.add_argument(
        "action", nargs="?", metavar="show", help="show one blueprint (the word may be left out)"
    )
    catalog_cmd.add_argument("id", nargs="?", metavar="BLUEPRINT", help="blueprint id")
    catalog_cmd.set_defaults(run=_cmd_catalog)


def _add_new_command(sub: _Commands) -> None:
    """``csmo new``."""
    new = sub.add_parser("new", help="write a starter organization file (to stdout by default)")
    new.add_argument(
        "--blueprint",
        action="append",
        metavar="ID",
        help="start from a catalog blueprint's roles and jobs; repeat for several",
    )
    new.add_argument(
        "--example",
        metavar="NAME",
        help=f"write a built-in example instead ({', '.join(examples.names())})",
    )
    default_name = inspect.signature(catalog.starter).parameters["name"].default
    new.add_argument("--name", help=f"the organization's name (default: {default_name})")
    new.add_argument("-o", "--output", help="write to this file instead of stdout")
    new.add_argument("--force", action="store_true", help="overwrite an existing output")
    new.set_defaults(run=_cmd_new)


def _add_convert_command(sub: _Commands) -> None:
    """``csmo convert``."""
    convert = sub.add_parser("convert", help="convert between YAML, JSON and TOML (by suffix)")
    convert.add_argument("input", help="organization file to read")
    convert.add_argument("output", help="file to write; its suffix chooses the format")
    convert.add_argument("--force", action="store_true", help="overwrite an existing output")
    convert.add_argument("--max-bytes", type=_count, default=DEFAULT_MAX_BYTES, metavar="N")
    _add_progress(convert)
    convert.set_defaults(run=_cmd_convert)


def _add_export_command(sub: _Commands) -> None:
    """``csmo export``."""
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


def _add_import_command(sub: _Commands) -> None:
    """``csmo import``."""
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
        "--social-lead", metavar="ID", help="CSV: the id of the person who leads social media"
    )
    import_cmd.add_argument(
        "--skip-bad-rows",
        action="store_true",
        help="CSV: leave out rows with problems (each is listed on stderr) instead of failing",
    )
    import_cmd.add_argument(
        "--ignore-column",
        action="append",
        metavar="NAME",
        help="CSV: a column not to import, and not to list as not imported; repeat for several",
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


def _add_generate_command(sub: _Commands) -> None:
    """``csmo generate``."""
    generate = sub.add_parser(
        "generate",
        help="write a synthetic organization of N people, to try the library at scale",
    )
    generate.add_argument("n_people", type=_count, metavar="N", help="number of people (2 or more)")
    generate.add_argument("output", help="file to write (.json, .yaml or .toml)")
    generate.add_argument("--seed", type=int, default=0, help="random seed (default: 0)")
    generate.add_argument("--force", action="store_true", help="overwrite an existing output")
    generate.set_defaults(run=_cmd_generate)


SHOWN_PER_KIND = 50
"""Problems of one kind printed before the rest are counted: "... and N more like this"."""

_QUOTED = re.compile(r"'(?:[^'\\]|\\.)*'|\"(?:[^\"\\]|\\.)*\"|\d+")


def _kind(line: str) -> str:
    """What a problem line says once its places, quoted values and numbers are left out."""
    return _QUOTED.sub("_", line)


def _print_bounded(lines: Sequence[str]) -> None:
    """Print *lines* on stderr, at most :data:`SHOWN_PER_KIND` of each kind, escaped.

    Lines of one kind differ only in numbers and quoted values (``roles[7]``,
    ``'ghost'``); past the limit, one line per kind says how many were left out.
    """
    shown: Counter[str] = Counter()
    for line in lines:
        kind = _kind(line)
        shown[kind] += 1
        if shown[kind] <= SHOWN_PER_KIND:
            print(terminal(line), file=sys.stderr)
    for kind, count in shown.items():
        if count > SHOWN_PER_KIND:
            like = kind if len(kind) <= 200 else kind[:200] + "..."
            print(
                terminal(f"... and {count - SHOWN_PER_KIND:,} more like this: {like}"),
                file=sys.stderr,
            )


def main(argv: Sequence[str] | None = None) -> int:
    """Run the ``csmo`` command with *argv*; return the exit status."""
    args = build_parser().parse_args(argv)
    try:
        status: int = args.run(args)
    except ModelError as exc:
        return _report_problems(args, exc)
    except _UsageError as exc:
        for line in exc.lines:
            print(terminal(line), file=sys.stderr)
        return EXIT_INVALID
    except KeyboardInterrupt:
        # Ctrl-C: whatever was being written has been cleaned up on the way out.
        print("csmo: interrupted", file=sys.stderr)
        return EXIT_INTERRUPTED
    except BrokenPipeError:
        # Output piped into a command that stopped reading (e.g. head).
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return EXIT_OK
    return status


# -- stdin, positions, problems in the format asked for ---------------------------------------

PROBLEMS_FORMAT = "csmo-problems/1"
"""The header of the JSON list of problems an invalid input gives with ``--format json``."""

STDIN = "<stdin>"


def _read_stdin(args: argparse.Namespace) -> tuple[str, Organization]:
    """Read the organization from standard input, in ``--input-format``."""
    limit = args.max_bytes
    data = sys.stdin.buffer.read() if limit is None else sys.stdin.buffer.read(limit + 1)
    syntax: Syntax = args.input_format or "yaml"
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        text = None  # loads() says where, and why
    args.stdin_text = text
    try:
        return STDIN, loads(data, syntax, max_bytes=limit)
    except ModelError as exc:
        raise type(exc)(exc.problems, STDIN) from None


def _file_path(args: argparse.Namespace) -> str | None:
    """The organization file read, when one was (not an example, not stdin)."""
    file = getattr(args, "file", None)
    return None if file in (None, "-") else str(file)


def _source_text(args: argparse.Namespace) -> tuple[str, Syntax] | None:
    """The text the organization was read from, again, to locate things in it; or ``None``.

    Called only when problems or findings must be located, so loading itself
    never pays for positions.
    """
    file = getattr(args, "file", None)
    if file == "-":
        text = getattr(args, "stdin_text", None)
        return None if text is None else (text, args.input_format or "yaml")
    if file is None:
        return None
    try:
        syntax = syntax_for(file)
        with open(file, "rb") as handle:
            data = handle.read(args.max_bytes + 1 if args.max_bytes is not None else -1)
        return data.decode("utf-8"), syntax
    except (OSError, ValueError):
        return None


def _located(args: argparse.Namespace, report: Report) -> Report:
    """*report* with its findings located in the file, for the JSON and SARIF outputs."""
    if args.format not in ("json", "sarif") or not report.findings or not args.locations:
        return report
    source = _source_text(args)
    if source is None:
        return report
    return report.with_locations(source[0], source[1], _file_path(args) or STDIN)


def _write_sarif(document: dict[str, object]) -> None:
    sys.stdout.write(json.dumps(document, indent=2, ensure_ascii=False) + "\n")


def _report_problems(args: argparse.Namespace, exc: ModelError) -> int:
    """Print every problem of an invalid input, located, in the format asked for; exit 2."""
    where = exc.source or getattr(args, "file", None) or getattr(args, "input", None)
    source = _source_text(args) if getattr(args, "file", None) is not None else None
    problems = locate(exc.problems, *(source or (None, None)))
    fmt = getattr(args, "format", "text")
    if fmt in ("json", "sarif"):
        if fmt == "sarif":
            _write_sarif(sarif.from_problems(problems, path=_file_path(args)))
        else:
            document = {
                "format": PROBLEMS_FORMAT,
                "source": where,
                "problems": [p.to_dict() for p in problems],
            }
            sys.stdout.write(json.dumps(document, indent=2, ensure_ascii=False) + "\n")
    kind = "cannot read" if isinstance(exc, LoadError) else "invalid"
    prefix = f"{where}: " if where else ""
    print(terminal(f"{prefix}{kind}: {len(problems)} problem(s)"), file=sys.stderr)
    _print_bounded(
        [
            f"{where}:{problem}" if where and problem.line is not None else f"{prefix}{problem}"
            for problem in problems
        ]
    )
    return EXIT_INVALID


# -- org as code: schema, diff, history ------------------------------------------------------


def _cmd_schema(args: argparse.Namespace) -> int:
    from csmo_model import schema

    sys.stdout.write(schema.text(args.name))
    return EXIT_OK


def _read_version(spec: str, max_bytes: int | None) -> Organization:
    """An organization from a file, or from git when *spec* is ``REV:PATH`` naming no file."""
    from csmo_model.history import GitError, show

    text: str | None = None
    syntax: Syntax | None = None
    try:
        if Path(spec).exists() or ":" not in spec:
            return load(spec, max_bytes=max_bytes)
        rev, _, path = spec.partition(":")
        if not rev or not path:
            raise _UsageError(f"{spec}: write a file, or REV:PATH such as HEAD~1:org.yaml")
        syntax = syntax_for(path)
        text = show(spec)
        return loads(text, syntax, max_bytes=max_bytes)
    except GitError as exc:
        raise _UsageError(f"{spec}: {exc}") from None
    except ModelError as exc:
        if text is None and Path(spec).is_file():
            with contextlib.suppress(OSError, UnicodeDecodeError, ModelError):
                syntax = syntax_for(spec)
                text = Path(spec).read_text(encoding="utf-8")
        raise type(exc)(locate(exc.problems, text, syntax), spec) from None


def _diff_options(args: argparse.Namespace) -> AuditOptions:
    overrides = {} if args.fail_on is None else {"fail_on": args.fail_on}
    new = args.new if Path(args.new).exists() else None
    return _discover(new, config=args.config, overrides=overrides, isolated=args.isolated).options


def _cmd_diff(args: argparse.Namespace) -> int:
    from csmo_model.compare import DIFF_FORMAT, diff

    options = _diff_options(args)
    old = _read_version(args.old, args.max_bytes)
    new = _read_version(args.new, args.max_bytes)
    changes = diff(old, new)
    try:
        delta = audit(new, options).diff(audit(old, options))
    except (CheckError, TypeError, ValueError) as exc:
        if isinstance(exc, ModelError):
            raise
        raise _UsageError(f"error: {exc}") from None
    threshold = options.fail_on.threshold
    rank = None if threshold is None else Severity(threshold).rank
    failing = [f for f in delta.new if rank is not None and f.counts and f.severity.rank >= rank]
    if args.format == "json":
        document = {
            "format": DIFF_FORMAT,
            "old": args.old,
            "new": args.new,
            "organization": changes.to_dict(),
            "audit": delta.to_dict(),
        }
        sys.stdout.write(json.dumps(document, indent=2, ensure_ascii=False) + "\n")
    elif args.format == "markdown":
        lines = [f"## Organization: {md_inline(args.old)} → {md_inline(args.new)}", ""]
        lines += [f"- {md_inline(line)}" for line in changes.lines()] or ["No changes."]
        lines += ["", "## Audit", ""]
        lines.append(
            f"{len(delta.new)} new, {len(delta.resolved)} resolved, "
            f"{len(delta.unchanged)} unchanged findings."
        )
        for label, group in (("New", delta.new), ("Resolved", delta.resolved)):
            if group:
                lines += ["", f"### {label}", ""]
                lines += [
                    f"- **{f.severity.value}** `{f.kind}`: {md_inline(f.message)}" for f in group
                ]
        sys.stdout.write("\n".join(lines) + "\n")
    else:
        lines = [f"organization: {terminal(args.old)} -> {terminal(args.new)}"]
        lines += [f"  {line}" for line in changes.lines()] or ["  no changes"]
        lines.append(
            f"audit: {len(delta.new)} new, {len(delta.resolved)} resolved, "
            f"{len(delta.unchanged)} unchanged"
        )
        for label, group in (("new", delta.new), ("resolved", delta.resolved)):
            lines += [
                f"  {label} [{f.severity.value}] {f.kind}: {terminal(f.message)}" for f in group
            ]
        sys.stdout.write("\n".join(lines) + "\n")
    return EXIT_FINDINGS if failing else EXIT_OK


def _cmd_history(args: argparse.Namespace) -> int:
    from csmo_model.history import HISTORY_FORMAT, GitError, history

    path = Path(args.path)
    options = _discover(path, config=args.config, isolated=args.isolated).options
    try:
        versions = history(path, max_count=args.max, options=options)
    except GitError as exc:
        raise _UsageError(f"{path}: {exc}") from None
    if not versions:
        raise _UsageError(f"{path}: no commit touches this file; commit it first")
    if args.format == "json":
        document = {
            "format": HISTORY_FORMAT,
            "path": str(path),
            "commits": [v.to_dict() for v in versions],
        }
        sys.stdout.write(json.dumps(document, indent=2, ensure_ascii=False) + "\n")
        return EXIT_OK
    rows = []
    for v in versions:
        if v.problems:
            counts = f"invalid ({v.problems} problem{'s' if v.problems != 1 else ''})"
        else:
            counts = " ".join(f"{n} {s}" for s, n in v.counts.items())
        rows.append(
            [
                v.date[:10],
                v.short,
                counts,
                f"+{len(v.added)}",
                f"-{len(v.resolved)}",
                terminal(v.subject)[:60],
            ]
        )
    header = ["date", "commit", "findings", "added", "resolved", "subject"]
    print("\n".join(_table(header, rows)))
    return EXIT_OK


def _cmd_hook(args: argparse.Namespace) -> int:
    """Run ``csmo validate`` or ``csmo audit`` on each file; the worst exit status wins."""
    # pre-commit writes the hook's args between the entry and the files, so options and
    # files are sorted out here: argparse cannot take files after an option value.
    options: list[str] = []
    files: list[str] = []
    rest = iter(args.rest)
    for item in rest:
        if item.startswith("--option="):
            options.append(item.removeprefix("--option="))
        elif item == "--option":
            value = next(rest, None)
            if value is None:
                raise _UsageError("--option needs a value, e.g. --option=--fail-on=critical")
            options.append(value)
        elif item != "--":
            files.append(item)
    worst = EXIT_OK
    for file in files:
        worst = max(worst, main([args.action, *options, file]))
    return worst


def _add_org_as_code(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """The subcommands that treat an organization file as code kept in git."""
    hook = sub.add_parser(
        "hook",
        help="run validate or audit on several files (what the pre-commit hooks call)",
        description=(
            "Run `csmo validate FILE` or `csmo audit FILE` for each FILE, passing each "
            "--option=ARG on. Exit status: the worst of the runs."
        ),
    )
    hook.add_argument("action", choices=("validate", "audit"))
    hook.add_argument(
        "rest",
        nargs=argparse.REMAINDER,
        metavar="[--option=ARG ...] FILE ...",
        help="the files; --option=ARG passes ARG to each run (e.g. --option=--fail-on=critical)",
    )
    hook.set_defaults(run=_cmd_hook)

    from csmo_model.schema import SCHEMAS

    schema_cmd = sub.add_parser(
        "schema",
        help="print the JSON Schema of organization files (model) or of audit output (audit)",
    )
    schema_cmd.add_argument("name", choices=tuple(SCHEMAS), help="which schema")
    schema_cmd.set_defaults(run=_cmd_schema)

    diff_cmd = sub.add_parser(
        "diff",
        help="what changed between two versions of an organization, and in its audit",
        description=(
            "Compare OLD and NEW: files, or REV:PATH read from git (HEAD~1:org.yaml; PATH from "
            "the repository's root, or from here when it starts with ./). Exit status: 1 when "
            "NEW adds a finding at or above --fail-on, 2 when an input is unreadable or invalid."
        ),
    )
    diff_cmd.add_argument("old", metavar="OLD", help="the old version: FILE or REV:PATH")
    diff_cmd.add_argument("new", metavar="NEW", help="the new version: FILE or REV:PATH")
    diff_cmd.add_argument(
        "--format",
        choices=("text", "json", "markdown"),
        default="text",
        help="output format (default: text; markdown fits a pull-request comment)",
    )
    history_cmd = sub.add_parser(
        "history",
        help="audit every git commit of an organization file: counts, findings added and resolved",
        description="Newest first. Needs git; exit 2 outside a repository.",
    )
    history_cmd.add_argument("path", metavar="PATH", help="organization file in a git repository")
    history_cmd.add_argument(
        "--max", type=_count, default=None, metavar="N", help="only the newest N commits"
    )
    history_cmd.add_argument("--format", choices=("text", "json"), default="text")
    diff_cmd.add_argument(
        "--fail-on",
        choices=[f.value for f in FailOn],
        default=None,
        help="exit 1 when NEW adds a finding of this severity or worse "
        f"(default: {AuditOptions().fail_on.value}, or the configuration file's)",
    )
    for cmd in (diff_cmd, history_cmd):
        cmd.add_argument("--config", metavar="FILE", help="read audit options from FILE")
        cmd.add_argument("--isolated", action="store_true", help="ignore configuration files")
    diff_cmd.add_argument("--max-bytes", type=_count, default=DEFAULT_MAX_BYTES, metavar="N")
    diff_cmd.set_defaults(run=_cmd_diff)
    history_cmd.set_defaults(run=_cmd_history)

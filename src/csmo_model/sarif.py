"""SARIF 2.1.0, the format code-scanning tools read: audits and invalid inputs.

One run per document; ``tool.driver`` lists one rule per check of the registry
(id = the finding kind). Each finding becomes a result with its level, message,
location (the file and the line and column of its first located subject),
``partialFingerprints`` from :attr:`~csmo_model.Finding.fingerprint`, and, when
the organization accepts it, an ``inSource`` suppression whose justification
is the reason.
"""

from __future__ import annotations

import os
import urllib.parse
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from csmo_model._version import __version__
from csmo_model.checks import DOCS_URL, Registry, default_registry
from csmo_model.errors import Problem
from csmo_model.report import Finding, Report, Severity

__all__ = [
    "FINGERPRINT_KEY",
    "INVALID_RULE",
    "SARIF_SCHEMA",
    "SARIF_VERSION",
    "from_problems",
    "from_report",
]


def __dir__() -> list[str]:
    return __all__


SARIF_VERSION = "2.1.0"
SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
"""The ``$schema`` written at the top of the document."""

FINGERPRINT_KEY = "csmoFingerprint/v1"
"""The key of :attr:`~csmo_model.Finding.fingerprint` in ``partialFingerprints``."""

INVALID_RULE = "invalid-organization"
"""The rule of the results :func:`from_problems` writes."""

_LEVELS = {Severity.CRITICAL: "error", Severity.WARNING: "warning", Severity.INFO: "note"}


def _uri(path: str) -> str:
    """*path* relative to the working directory when below it, else an absolute ``file:`` URI.

    Examples
    --------
    >>> _uri("org/acme file.yaml")
    'org/acme%20file.yaml'
    >>> _uri("/elsewhere/acme.yaml") if not os.getcwd().startswith("/elsewhere") else ""
    'file:///elsewhere/acme.yaml'
    """
    try:
        relative = os.path.relpath(path)
    except ValueError:  # another drive (Windows)
        relative = os.pardir
    if relative == os.pardir or relative.startswith(os.pardir + os.sep):
        return Path(path).absolute().as_uri()
    return urllib.parse.quote(relative.replace(os.sep, "/"))


def _name(kind: str) -> str:
    """``coverage-gap`` -> ``CoverageGap``: SARIF's rule names are identifiers."""
    return "".join(part.capitalize() for part in kind.replace("/", "-").split("-"))


def _document(rules: list[dict[str, Any]], results: list[dict[str, Any]]) -> dict[str, Any]:
    return {
        "$schema": SARIF_SCHEMA,
        "version": SARIF_VERSION,
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "csmo",
                        "semanticVersion": __version__,
                        "version": __version__,
                        "informationUri": DOCS_URL,
                        "rules": rules,
                    }
                },
                "columnKind": "unicodeCodePoints",
                "results": results,
            }
        ],
    }


def _location(uri: str, line: int | None, column: int | None) -> dict[str, Any]:
    physical: dict[str, Any] = {"artifactLocation": {"uri": uri}}
    if line is not None:
        region: dict[str, int] = {"startLine": line}
        if column is not None:
            region["startColumn"] = column
        physical["region"] = region
    return {"physicalLocation": physical}


def from_report(
    report: Report, *, path: str | None = None, registry: Registry | None = None
) -> dict[str, Any]:
    """Return *report* as a SARIF 2.1.0 document (plain JSON-able data).

    Parameters
    ----------
    report
        An audit; located findings (:meth:`~csmo_model.Report.with_locations`)
        point at their line and column.
    path
        The organization file audited; results of findings without a location
        point at the file as a whole. ``None`` (no file): no physical locations.
    registry
        Where the rules come from (default: the checks installed).

    Examples
    --------
    >>> import csmo_model as cm
    >>> doc = from_report(cm.audit(cm.examples.load("acme")))
    >>> doc["version"], doc["runs"][0]["results"][0]["ruleId"]
    ('2.1.0', 'no-responsible')
    """
    checks = list(registry if registry is not None else default_registry())
    index = {check.kind: i for i, check in enumerate(checks)}
    rules = []
    for check in checks:
        rule: dict[str, Any] = {
            "id": check.kind,
            "name": _name(check.kind),
            "shortDescription": {"text": check.title},
            "defaultConfiguration": {"level": _LEVELS[check.severity]},
            "properties": {"family": check.family, "origin": check.origin},
        }
        if check.url is not None:
            rule["helpUri"] = check.url
        rules.append(rule)
    results = [_result(f, index, path) for f in report.findings]
    return _document(rules, results)


def _result(finding: Finding, index: dict[str, int], path: str | None) -> dict[str, Any]:
    result: dict[str, Any] = {"ruleId": finding.kind}
    if finding.kind in index:
        result["ruleIndex"] = index[finding.kind]
    result["level"] = _LEVELS[finding.severity]
    result["message"] = {"text": finding.message}
    locations = []
    if finding.locations:
        first = finding.locations[0]
        locations.append(_location(_uri(first.path), first.line, first.column))
    elif path is not None:
        locations.append(_location(_uri(path), None, None))
    logical = [{"name": s.id, "kind": s.type.value} for s in finding.subjects]
    if logical:
        if not locations:
            locations.append({})
        locations[0]["logicalLocations"] = logical
    if locations:
        result["locations"] = locations
    result["partialFingerprints"] = {FINGERPRINT_KEY: finding.fingerprint}
    if finding.accepted is not None:
        result["suppressions"] = [{"kind": "inSource", "justification": finding.accepted.reason}]
    result["properties"] = {"severity": finding.severity.value}
    return result


def from_problems(problems: Iterable[Problem], *, path: str | None = None) -> dict[str, Any]:
    """Return the problems of an invalid input as a SARIF 2.1.0 document.

    Every problem is a result at level ``error`` of the rule ``invalid-organization``.

    Examples
    --------
    >>> problem = Problem("roles[0].title", "is required but missing", line=4, column=5)
    >>> doc = from_problems([problem], path="acme.yaml")
    >>> doc["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["region"]
    {'startLine': 4, 'startColumn': 5}
    """
    rules = [
        {
            "id": INVALID_RULE,
            "name": _name(INVALID_RULE),
            "shortDescription": {"text": "The organization file cannot be read or is invalid"},
            "defaultConfiguration": {"level": "error"},
            "helpUri": f"{DOCS_URL}file-format.html",
        }
    ]
    results = []
    for problem in problems:
        text = f"{problem.label}: {problem.message}" if problem.path else problem.message
        result: dict[str, Any] = {
            "ruleId": INVALID_RULE,
            "ruleIndex": 0,
            "level": "error",
            "message": {"text": text},
        }
        if path is not None:
            result["locations"] = [_location(_uri(path), problem.line, problem.column)]
        results.append(result)
    return _document(rules, results)

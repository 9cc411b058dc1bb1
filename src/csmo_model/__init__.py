"""Model and audit how an organization runs social media.

The namespace is flat: everything a user needs is importable from
``csmo_model`` (``import csmo_model as cm``).
"""

from csmo_model import (
    _finding_data,
    analysis,
    catalog,
    checks,
    compare,
    config,
    edits,
    examples,
    graph,
    interop,
    io,
    plot,
    synthetic,
)
from csmo_model._finding_data import *  # noqa: F403 - a TypedDict per finding kind
from csmo_model._version import __version__
from csmo_model.analysis import Ownership, bus_factor, conformance, holders, ownership, truck_factor
from csmo_model.analysis.organizing import OrganizingModel, Stage, Structure, structure
from csmo_model.audit import audit
from csmo_model.checks import Check
from csmo_model.compare import OrgDiff, diff
from csmo_model.edits import apply
from csmo_model.errors import LoadError, ModelError, Problem
from csmo_model.html_report import report_html
from csmo_model.io import dump, dumps, load, loads
from csmo_model.model import (
    Acceptance,
    Channel,
    Department,
    Function,
    Level,
    Link,
    LinkKind,
    Metric,
    Organization,
    Person,
    Platform,
    Policy,
    PolicyKind,
    Raci,
    Responsibility,
    Role,
    Route,
    Topic,
    is_external,
    without,
)
from csmo_model.options import AuditOptions
from csmo_model.plan import Plan, Step, plan
from csmo_model.recommend import Recommendation, recommend
from csmo_model.report import Finding, Fix, Report, ReportDiff, Severity, Subject

__all__ = [
    *_finding_data.__all__,
    "Acceptance",
    "AuditOptions",
    "Channel",
    "Check",
    "Department",
    "Finding",
    "Fix",
    "Function",
    "Level",
    "Link",
    "LinkKind",
    "LoadError",
    "Metric",
    "ModelError",
    "OrgDiff",
    "Organization",
    "OrganizingModel",
    "Ownership",
    "Person",
    "Plan",
    "Platform",
    "Policy",
    "PolicyKind",
    "Problem",
    "Raci",
    "Recommendation",
    "Report",
    "ReportDiff",
    "Responsibility",
    "Role",
    "Route",
    "Severity",
    "Stage",
    "Step",
    "Structure",
    "Subject",
    "Topic",
    "__version__",
    "analysis",
    "apply",
    "audit",
    "bus_factor",
    "catalog",
    "checks",
    "compare",
    "config",
    "conformance",
    "diff",
    "dump",
    "dumps",
    "edits",
    "examples",
    "graph",
    "holders",
    "interop",
    "io",
    "is_external",
    "load",
    "loads",
    "ownership",
    "plan",
    "plot",
    "recommend",
    "report_html",
    "structure",
    "synthetic",
    "truck_factor",
    "without",
]


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))

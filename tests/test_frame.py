"""Report.to_frame(): findings as a pandas DataFrame (extra ``pandas``)."""

from __future__ import annotations

import sys

import pytest

import csmo_model as cm
from helpers import plain

pd = pytest.importorskip("pandas")

COLUMNS = ["kind", "severity", "subjects", "message", "data", "fingerprint", "accepted"]


def test_frame_has_one_row_per_finding_in_report_order() -> None:
    report = cm.audit(cm.examples.load("acme"))
    frame = report.to_frame()
    assert list(frame.columns) == COLUMNS
    assert len(frame) == len(report)
    for row, finding in zip(frame.itertuples(index=False), report, strict=True):
        assert row.kind == finding.kind
        assert row.severity == finding.severity.value
        assert row.subjects == finding.ids
        assert row.message == finding.message
        assert row.data == plain(finding.data)
        assert row.fingerprint == finding.fingerprint
        assert row.accepted is None
    assert frame.loc[0, "subjects"] == ("strategy", "ana")
    assert frame.loc[0, "data"] == {
        "responsibility": "strategy",
        "accountable_roles": ["social-lead"],
        "accountable_people": ["ana"],
        "responsible_roles": [],
    }


def test_severity_is_an_ordered_categorical() -> None:
    report = cm.audit(cm.examples.load("marketing-owned"))
    frame = report.to_frame()
    severity = frame["severity"]
    assert isinstance(severity.dtype, pd.CategoricalDtype)
    assert severity.cat.ordered
    assert list(severity.cat.categories) == ["info", "warning", "critical"]
    assert set(frame[severity >= "warning"]["severity"]) == {"warning", "critical"}
    assert frame.sort_values("severity", ascending=False, kind="stable").index.tolist() == list(
        frame.index
    )
    counts = frame.groupby("severity", observed=False).size().to_dict()
    assert counts == {s.value: sum(f.severity is s for f in report) for s in cm.Severity}
    assert counts["critical"] == 1


def test_frame_of_an_empty_report() -> None:
    frame = cm.Report(organization="Calm", findings=[]).to_frame()
    assert list(frame.columns) == COLUMNS
    assert frame.empty


def test_frame_does_not_share_state_with_the_report() -> None:
    report = cm.audit(cm.examples.load("acme"))
    frame = report.to_frame()
    data = frame.loc[0, "data"]
    assert isinstance(data, dict)
    data["responsibility"] = "changed"
    data["accountable_roles"].append("x")
    assert plain(report.findings[0].data)["responsibility"] == "strategy"
    assert report.findings[0].data["accountable_roles"] == ("social-lead",)


def test_without_pandas_the_error_names_the_extra(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "pandas", None)
    with pytest.raises(ImportError, match=r"pip install 'csmo-model\[pandas\]'"):
        cm.Report(organization="x", findings=[]).to_frame()

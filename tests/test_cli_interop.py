"""The export and import commands: formats by suffix, exit codes, nothing lost."""

from __future__ import annotations

from pathlib import Path

import networkx as nx
import pytest

import csmo_model as cm
from csmo_model import interop
from csmo_model.cli import main


@pytest.mark.parametrize("suffix", ["graphml", "gexf", "mmd", "dot", "ttl", "md"])
def test_export_writes_each_format(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], suffix: str
) -> None:
    if suffix == "ttl":
        pytest.importorskip("rdflib")
    out = tmp_path / f"org.{suffix}"
    assert main(["export", "--example", "acme", str(out)]) == 0
    assert capsys.readouterr().out == (
        f"wrote {out}: Acme Outdoor: 3 departments, 2 responsibilities, 3 roles, 2 people, 1 link\n"
    )
    text = out.read_text(encoding="utf-8")
    expected_start = {
        "graphml": "<graphml",
        "gexf": "<gexf",
        "mmd": "---",
        "dot": "digraph",
        "ttl": "@prefix",
        "md": "# Audit of Acme Outdoor",
    }[suffix]
    assert text.startswith(expected_start)


def test_export_graphml_reads_back_as_the_tie_graph(tmp_path: Path) -> None:
    out = tmp_path / "org.graphml"
    assert main(["export", "--example", "acme", str(out), "--view", "reporting"]) == 0
    G = nx.read_graphml(out)
    assert sorted(G.edges) == [("cmo", "ceo"), ("social-lead", "ceo"), ("social-lead", "cmo")]


def test_export_refuses_unknown_suffix_and_existing_output(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["export", "--example", "acme", str(tmp_path / "org.png")]) == 2
    assert "cannot tell the format from the suffix '.png'" in capsys.readouterr().err
    out = tmp_path / "org.dot"
    out.write_text("keep", encoding="utf-8")
    assert main(["export", "--example", "acme", str(out)]) == 2
    assert capsys.readouterr().err == f"{out}: already exists; pass --force to overwrite it\n"
    assert out.read_text(encoding="utf-8") == "keep"


def test_w3c_round_trip_through_the_commands(tmp_path: Path) -> None:
    pytest.importorskip("rdflib")
    ttl, back = tmp_path / "org.ttl", tmp_path / "back.toml"
    assert main(["export", "--example", "marketing-owned", str(ttl)]) == 0
    assert main(["import", str(ttl), str(back)]) == 0
    assert cm.load(back) == cm.examples.load("marketing-owned")


HR = "id,name,title,department,manager_id,email\n1,Ann,CEO,Exec,,a@x\n2,Bo,CMO,Marketing,1,b@x\n"


def test_import_csv_lists_what_it_did_not_use(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    src, out = tmp_path / "hr.csv", tmp_path / "org.yaml"
    src.write_text(HR, encoding="utf-8")
    assert main(["import", str(src), str(out)]) == 0
    captured = capsys.readouterr()
    assert "email" in captured.err
    assert captured.err.startswith(f"{src}: not imported: ")
    org = cm.load(out)
    assert len(org.people) == 2
    assert main(["import", str(src), str(tmp_path / "strict.yaml"), "--strict"]) == 2
    assert not (tmp_path / "strict.yaml").exists()


def test_import_csv_bad_rows_and_mapping(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    src = tmp_path / "hr.csv"
    src.write_text(
        "Employee,Full name,Job,Team,Boss\n1,Ann,CEO,Exec,\n2,Bo,CMO,Marketing,9\n",
        encoding="utf-8",
    )
    args = ["--map", "id=Employee", "--map", "name=Full name", "--map", "title=Job"]
    args += ["--map", "department=Team", "--map", "manager_id=Boss"]
    assert main(["import", str(src), str(tmp_path / "o.yaml"), *args]) == 2
    assert capsys.readouterr().err.splitlines()[-1] == f"{src}:3: manager '9' not found"
    assert main(["import", str(src), str(tmp_path / "o.yaml"), "--map", "id"]) == 2
    assert "write FIELD=COLUMN" in capsys.readouterr().err


def test_import_refuses_unknown_suffixes(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    src = tmp_path / "org.xlsx"
    src.write_text("x", encoding="utf-8")
    assert main(["import", str(src), str(tmp_path / "o.yaml")]) == 2
    assert "cannot tell the format from the suffix '.xlsx'" in capsys.readouterr().err


# -- one table of formats ------------------------------------------------------------------------


def test_the_cli_takes_its_suffixes_from_the_interop_tables(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["export", "--example", "acme", str(tmp_path / "x.png")]) == 2
    assert capsys.readouterr().err.endswith(f"use one of {', '.join(interop.WRITERS)}\n")
    assert main(["import", str(tmp_path / "x.xlsx"), str(tmp_path / "x.yaml")]) == 2
    assert capsys.readouterr().err.endswith(f"use one of {', '.join(interop.READERS)}\n")
    with pytest.raises(SystemExit):
        main(["export", "--help"])
    help_text = " ".join(capsys.readouterr().out.split())
    for suffix, fmt in interop.WRITERS.items():
        assert f"{fmt.name} ({suffix})" in help_text


def test_the_docs_table_lists_every_suffix() -> None:
    text = (Path(__file__).parents[1] / "docs" / "interop.md").read_text(encoding="utf-8")
    rows = [
        [cell.strip() for cell in line.split("|")[1:-1]]
        for line in text.splitlines()
        if line.startswith("| `.")
    ]
    listed = {
        suffix.strip("`"): (cells[2] == "yes", cells[3] == "yes")
        for cells in rows
        for suffix in cells[0].split(", ")
    }
    every = [*interop.WRITERS, *interop.READERS]
    assert listed == {s: (s in interop.WRITERS, s in interop.READERS) for s in every}


def test_export_and_import_by_suffix(tmp_path: Path) -> None:
    org = cm.examples.load("acme")
    interop.export(org, tmp_path / "acme.dot")
    assert (tmp_path / "acme.dot").read_text(encoding="utf-8") == interop.to_dot(org)
    interop.export(org, tmp_path / "acme.GRAPHML", view="reporting")
    assert (tmp_path / "acme.GRAPHML").read_text(encoding="utf-8") == interop.to_graphml(
        org, view="reporting"
    )
    csv = tmp_path / "staff.csv"
    csv.write_text("id,name,title,manager_id\nana,Ana,CEO,\nbo,Bo,Lead,ana\n", encoding="utf-8")
    assert interop.import_(csv) == interop.from_hr_csv(csv)


def test_export_and_import_refuse_unknown_suffixes_and_options(tmp_path: Path) -> None:
    org = cm.examples.load("acme")
    with pytest.raises(ValueError, match=r"suffix '\.png'; use one of \.graphml, \.gexf"):
        interop.export(org, tmp_path / "x.png")
    with pytest.raises(TypeError) as caught:
        interop.export(org, tmp_path / "x.mmd", view="ties")
    assert str(caught.value) == "Mermaid (.mmd) takes no option 'view'; its options: none"
    assert not (tmp_path / "x.mmd").exists()
    with pytest.raises(TypeError, match=r"^HR export \(\.csv\) takes no option 'base'; its"):
        interop.import_(tmp_path / "x.csv", base="x")
    with pytest.raises(ValueError, match=r"suffix '\.xlsx'"):
        interop.import_(tmp_path / "x.xlsx")

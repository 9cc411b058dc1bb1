"""Hostile and large input, output injection, interrupted writes (issue 17).

Each test reproduces one of the issue's cases on a small input generated here.
"""

from __future__ import annotations

import contextlib
import difflib
import os
import subprocess
import sys
import threading
import tracemalloc
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import csmo_model as cm
from csmo_model import cli
from csmo_model.cli import main
from csmo_model.errors import did_you_mean
from csmo_model.io import from_dict, write_atomic
from csmo_model.report import Finding, Report
from csmo_model.testing import organizations

HEAD = "format: csmo-model/2\nname: X\n"


def _problems(text: str, syntax: str = "yaml") -> list[str]:
    with pytest.raises(cm.ModelError) as info:
        cm.loads(text, syntax)  # type: ignore[arg-type]
    return [str(p) for p in info.value.problems]


# -- 1. suggestions are bounded ------------------------------------------------------------------


def test_suggestions_skip_long_words() -> None:
    long_id = "広" * 500
    assert did_you_mean(long_id[:-1] + "報", [long_id]) == ""
    assert did_you_mean("social-laed", ["social-lead"]) == " (did you mean 'social-lead'?)"


def test_suggestions_compare_a_bounded_number_of_candidates(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    calls = 0
    ratio = difflib.SequenceMatcher.ratio

    def counting(self: difflib.SequenceMatcher[str]) -> float:
        nonlocal calls
        calls += 1
        return ratio(self)

    monkeypatch.setattr(difflib.SequenceMatcher, "ratio", counting)
    # 5,000 candidates that all pass the cheap filters: every one needs a full comparison.
    known = [f"{'ab' * 16}{i:05d}" for i in range(5_000)]
    did_you_mean("ab" * 16 + "zzzzz", known)
    assert 0 < calls <= cm.errors.SUGGEST_MAX_WORK // (37 * 37) + 1


# -- 3. generate refuses a size it cannot hold ---------------------------------------------------


def test_generate_refuses_more_than_the_maximum(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "big.json"
    assert main(["generate", "100000000", str(out)]) == 2
    assert capsys.readouterr().err == (
        f"N must be from 2 to {cm.synthetic.MAX_PEOPLE:,} people, got 100,000,000\n"
    )
    assert not out.exists()
    with pytest.raises(ValueError, match="at most 1,000,000"):
        cm.synthetic.document(cm.synthetic.MAX_PEOPLE + 1)


# -- 4. Markdown output holds no markup from the file --------------------------------------------

HOSTILE = [
    "Acme\n\n<img src=x onerror=alert(1)>",
    "<script>alert(1)</script>",
    "<iframe src=//evil>",
    "[click](javascript:alert(1))",
    "![x](http://e/x.png) *em* __strong__ `code` ~~s~~ &amp; | pipe # hash",
    "- item\n# heading\n> quote\n1. one",
]


def _text_at(tokens: list[Any], i: int) -> str | None:
    return tokens[i].content if 0 <= i < len(tokens) and tokens[i].type == "text" else None


def _tokens(markdown: str) -> list[str]:
    """The token types of *markdown*, less the report's own markup around a finding's fix."""
    from markdown_it import MarkdownIt

    md = MarkdownIt("commonmark").enable("table").enable("strikethrough")
    types = []
    for token in md.parse(markdown):
        types.append(token.type)
        children = list(token.children or ())
        for i, child in enumerate(children):
            own = (child.type == "html_inline" and child.content == "<br>") or (
                (child.type == "strong_open" and _text_at(children, i + 1) == "Fix:")
                or (child.type == "strong_close" and _text_at(children, i - 1) == "Fix:")
            )
            if not own:
                types.append(child.type)
    return types


def _allowed(types: list[str]) -> set[str]:
    return set(types) - {
        "heading_open",
        "heading_close",
        "paragraph_open",
        "paragraph_close",
        "inline",
        "text",
        "code_inline",
        "table_open",
        "table_close",
        "thead_open",
        "thead_close",
        "tbody_open",
        "tbody_close",
        "tr_open",
        "tr_close",
        "th_open",
        "th_close",
        "td_open",
        "td_close",
    }


@pytest.mark.parametrize("text", HOSTILE)
def test_markdown_report_renders_hostile_text_as_text(text: str) -> None:
    from markdown_it import MarkdownIt

    report = Report(
        organization=text,
        findings=[
            Finding(
                kind="silo",
                severity="info",
                subjects=[("role", text), ("role", "ok")],
                message=text,
            )
        ],
    )
    markdown = report.to_markdown()
    types = _tokens(markdown)
    assert _allowed(types) == set()
    assert types.count("heading_open") == 2  # the title and the one severity
    assert types.count("tr_open") == 2  # the header and the one finding
    # What shows is the text itself, on one line.
    tokens = MarkdownIt("commonmark").enable("table").parse(markdown)
    flat = text.replace("\n", " ")
    rendered = MarkdownIt("commonmark").enable("table").render(markdown)
    assert "<script" not in rendered
    assert "<img" not in rendered
    assert "<iframe" not in rendered
    assert "href" not in rendered
    assert "<em>" not in rendered
    first = tokens[1].children
    assert first is not None
    assert "".join(c.content for c in first) == "Audit of " + flat


def test_markdown_export_of_an_organization_with_hostile_titles(tmp_path: Path) -> None:
    org = cm.Organization.from_parts(
        name="<iframe src=//evil>",
        responsibilities=[cm.Responsibility(id="x", name="<script>alert(1)</script>")],
        roles=[cm.Role(id="r", title="[click](javascript:alert(1))")],
    )
    out = tmp_path / "x.md"
    cm.dump(org, tmp_path / "x.yaml")
    assert main(["export", str(tmp_path / "x.yaml"), str(out)]) == 0
    types = _tokens(out.read_text(encoding="utf-8"))
    assert _allowed(types) == set()


# -- 5. characters XML cannot hold ----------------------------------------------------------------


@pytest.mark.parametrize("char", ["\uffff", "\ufffe", "\ufdd0", "\U0001ffff"])
def test_noncharacters_are_refused(char: str) -> None:
    doc = f'{{"format": "csmo-model/2", "name": "X", "roles": [{{"id": "r", "title": "A{char}"}}]}}'
    assert _problems(doc, "json") == [
        f"roles[0].title: contains U+{ord(char):04X}, a noncharacter that XML cannot hold; "
        "remove it"
    ]


def test_graph_exports_of_valid_text_read_back() -> None:
    import io

    import networkx as nx

    title = "A & <b> \"q\" 'x' \t é 広"
    org = cm.Organization.from_parts(name="N", roles=[cm.Role(id="r", title=title)])
    text = cm.interop.to_graphml(org)
    assert nx.read_graphml(io.BytesIO(text.encode())).nodes["r"]["label"] == title
    gexf = cm.interop.to_gexf(org)
    assert nx.read_gexf(io.BytesIO(gexf.encode())).nodes["r"]["label"] == title


# -- 6. nothing from a file moves the terminal ---------------------------------------------------


@pytest.mark.parametrize("field", ["name", "title", "acronym"])
@pytest.mark.parametrize("brk", ["\n", "\r", "\r\n", "\u2028", "\u2029"])
def test_line_breaks_are_refused_in_one_line_fields(field: str, brk: str) -> None:
    role = {"id": "r", "title": "T"}
    doc: dict[str, object] = {"format": "csmo-model/2", "name": "X", "roles": [role]}
    path = {"name": "name", "title": "roles[0].title", "acronym": "roles[0].acronym"}[field]
    if field == "name":
        doc["name"] = f"Evil Corp: no findings{brk}{brk}"
    else:
        role[field] = f"A{brk}B"
    with pytest.raises(cm.ModelError) as info:
        from_dict(doc)
    [problem] = info.value.problems
    assert problem.path == path
    assert problem.message.startswith("contains a line break")


def test_line_breaks_stay_allowed_in_notes() -> None:
    org = cm.Organization.from_parts(name="N", notes="one\r\ntwo\nthree")
    assert org.notes == "one\r\ntwo\nthree"


def test_text_audit_escapes_controls_and_bidi_overrides() -> None:
    report = Report(
        organization="Evil Corp: no findings\n\n",
        findings=[
            Finding(
                kind="silo", severity="info", subjects=[("role", "a")], message="x\u202ey\x1b[2J"
            )
        ],
    )
    assert report.to_text() == (
        "Audit of Evil Corp: no findings\\x0a\\x0a: 1 info\n\n"
        "INFO (1)\n  [silo] x\\u202ey\\x1b[2J\n"
    )


def test_import_escapes_what_it_did_not_understand(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    pytest.importorskip("rdflib")
    src = tmp_path / "esc.ttl"
    src.write_text(
        "@prefix org: <http://www.w3.org/ns/org#> .\n"
        "@prefix skos: <http://www.w3.org/2004/02/skos/core#> .\n"
        '<http://e.org/acme> a org:Organization ; skos:prefLabel "Acme" .\n'
        "<http://e.org/a\\u001B]0;pwn\\u0007\\u001B[2J> a org:Post ;\n"
        '    org:postIn <http://e.org/acme> ; <http://e.org/p\\u202Eq> "x" .\n',
        encoding="utf-8",
    )
    assert main(["import", str(src), str(tmp_path / "out.yaml")]) == 0
    err = capsys.readouterr().err
    assert "\x1b" not in err
    assert "\x07" not in err
    assert "\u202e" not in err
    assert r"<http://e.org/a\x1b]0;pwn\x07\x1b[2J>" in err
    assert r"<http://e.org/p\u202eq>" in err


# -- 7. problem output is bounded ----------------------------------------------------------------


def test_problems_of_one_kind_are_cut_at_fifty(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "many.toml"
    ids = ", ".join(f'"nope-{i}"' for i in range(180))
    path.write_text(
        f'format = "csmo-model/2"\nname = "X"\nsocial_lead = "ghost"\nblueprints = [{ids}]\n',
        encoding="utf-8",
    )
    assert main(["validate", str(path)]) == 2
    lines = capsys.readouterr().err.splitlines()
    assert lines[0] == f"{path}: invalid: 181 problem(s)"
    shown = [line for line in lines if "blueprints[" in line and "more like this" not in line]
    assert len(shown) == cli.SHOWN_PER_KIND
    assert shown[0].startswith(f"{path}:4:15: blueprints[0]: no blueprint 'nope-0'")
    assert [line for line in lines if "social_lead" in line] == [
        f"{path}:3:1: social_lead: no role 'ghost'; add a role with that id or correct the "
        "reference"
    ]
    [more] = [line for line in lines if "more like this" in line]
    assert more.startswith("... and 130 more like this: ")
    assert len(lines) == 1 + cli.SHOWN_PER_KIND + 1 + 1


# -- 8. numbers in plain decimal notation only ---------------------------------------------------


@pytest.mark.parametrize("written", ["1:30", "1_0", "0x1A", "0o17", "0b11", "1_0.5"])
def test_yaml_numbers_that_are_not_plain_decimals_are_refused(written: str) -> None:
    # YAML 1.1 read these as 90, 10, 15, 26...; our YAML 1.2 reading keeps them as
    # the text they are, which a number field then refuses, saying what to write.
    text = (
        HEAD + f"roles: [{{id: r, title: R}}]\npeople: [{{id: p, name: P, capacity: {written}}}]\n"
    )
    [problem] = _problems(text)
    assert problem == (
        f"people[0].capacity: expected a number, got str {written!r}; write digits with at "
        "most one decimal point, such as 0.5 (no underscores, exponents or other forms)"
    )


def test_a_leading_zero_is_decimal_not_octal() -> None:
    # YAML 1.1 read 017 as 15; here it is what it looks like.
    text = HEAD + "roles: [{id: r, title: R}]\npeople: [{id: p, name: P, capacity: 017}]\n"
    assert cm.loads(text).people["p"].capacity == 17.0


@pytest.mark.parametrize("written", ["1_0", "1e3", "١", " 1", "inf", "0x10"])
def test_numbers_written_as_text_must_be_plain_decimals(written: str) -> None:
    doc = {"format": "csmo-model/2", "name": "X", "people": [{"id": "p", "name": "P"}]}
    doc["people"][0]["capacity"] = written  # type: ignore[index]
    with pytest.raises(cm.ModelError) as info:
        from_dict(doc)
    [problem] = info.value.problems
    assert problem.path == "people[0].capacity"
    assert "write digits with at most one decimal point" in problem.message


def test_plain_decimals_are_read() -> None:
    text = HEAD + "people: [{id: p, name: P, capacity: 0.5}, {id: q, name: Q, capacity: '2'}]\n"
    org = cm.loads(text)
    assert (org.people["p"].capacity, org.people["q"].capacity) == (0.5, 2.0)


def test_hr_csv_is_read_as_a_stream(tmp_path: Path) -> None:
    # Issue 17, item 12: the reader held the whole file three times (bytes, text, and
    # a StringIO of four bytes a character). 200 rows with a 25 KB column not imported:
    # a stream holds a row or two of it at a time, never the 5 MB file.
    path = tmp_path / "hr.csv"
    filler = "x" * 25_000
    with path.open("w", encoding="utf-8") as out:
        out.write("id,name,title,manager_id,comment\n")
        for i in range(200):
            out.write(f"e{i},Person {i},Analyst,{f'e{i - 1}' if i else ''},{filler}\n")
    size = path.stat().st_size
    tracemalloc.start()
    try:
        org = cm.interop.from_hr_csv(path, ignore_columns=["comment"])
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert len(org.people) == 200
    assert org.roles["e199"].reports_to == "e198"
    assert peak < size / 4, (peak, size)


def test_hr_csv_capacity_must_be_a_plain_decimal(tmp_path: Path) -> None:
    path = tmp_path / "hr.csv"
    path.write_text('id,name,title,capacity\na,A,T,1_5\nb,B,T,"0,5"\n', encoding="utf-8")
    with pytest.raises(cm.ModelError) as info:
        cm.interop.from_hr_csv(path)
    assert [str(p) for p in info.value.problems] == [
        "line 2: capacity '1_5' is not a positive number; write digits with at most one "
        "decimal point or comma, such as 0.5 or 0,5"
    ]


# -- 9. interrupted writes -----------------------------------------------------------------------


def _dead_pid() -> int:
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    child.wait()
    return child.pid


def test_a_stale_temporary_file_is_removed_by_the_next_write(tmp_path: Path) -> None:
    target = tmp_path / "out.yaml"
    stale = tmp_path / f".out.yaml.csmo-{_dead_pid()}-abc123.tmp"
    stale.write_text("half a file", encoding="utf-8")
    live = tmp_path / f".out.yaml.csmo-{os.getppid()}-def456.tmp"  # a writer still running
    live.write_text("being written", encoding="utf-8")
    other = tmp_path / f".other.yaml.csmo-{_dead_pid()}-abc123.tmp"  # another target's
    other.write_text("x", encoding="utf-8")
    write_atomic(target, "new\n")
    assert target.read_text(encoding="utf-8") == "new\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(["out.yaml", live.name, other.name])


def test_an_interrupted_write_leaves_no_temporary_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def interrupt(fd: int) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(os, "fsync", interrupt)
    with pytest.raises(KeyboardInterrupt):
        write_atomic(tmp_path / "out.yaml", "text")
    assert list(tmp_path.iterdir()) == []


def test_ctrl_c_prints_one_line_and_exits_130(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    def interrupted(*args: object, **kwargs: object) -> cm.Organization:
        raise KeyboardInterrupt

    monkeypatch.setattr(cli, "load", interrupted)
    assert main(["convert", "in.yaml", str(tmp_path / "out.json")]) == 130
    assert capsys.readouterr() == ("", "csmo: interrupted\n")


# -- 10. outputs are created exclusively ---------------------------------------------------------


def test_a_dangling_symlink_at_the_output_is_not_replaced(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "out.json"
    out.symlink_to(tmp_path / "nowhere")
    assert main(["generate", "10", str(out)]) == 2
    assert capsys.readouterr().err == f"{out}: already exists; pass --force to overwrite it\n"
    assert out.is_symlink()
    assert not out.exists()


def test_a_file_created_after_the_check_is_not_overwritten(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    # Another `csmo generate` won the race between our check and our write.
    out = tmp_path / "race.json"

    def check_then_lose_the_race(path: Path, force: bool) -> None:
        path.write_text("the other writer's\n", encoding="utf-8")

    monkeypatch.setattr(cli, "_refuse_existing", check_then_lose_the_race)
    assert main(["generate", "10", str(out)]) == 2
    assert capsys.readouterr().err == f"{out}: already exists; pass --force to overwrite it\n"
    assert out.read_text(encoding="utf-8") == "the other writer's\n"
    assert [p.name for p in tmp_path.iterdir()] == ["race.json"]


def test_concurrent_exclusive_writes_one_wins(tmp_path: Path) -> None:
    out = tmp_path / "race.json"
    results: list[str] = []
    barrier = threading.Barrier(6)

    def write(i: int) -> None:
        barrier.wait()
        try:
            write_atomic(out, f"{i}\n", overwrite=False)
            results.append("wrote")
        except FileExistsError:
            results.append("refused")

    threads = [threading.Thread(target=write, args=(i,)) for i in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(results) == ["refused"] * 5 + ["wrote"]
    assert [p.name for p in tmp_path.iterdir()] == ["race.json"]


# -- 11. pipes -----------------------------------------------------------------------------------


def test_a_fifo_is_read_to_its_end(tmp_path: Path) -> None:
    fifo = tmp_path / "p.yaml"
    os.mkfifo(fifo)
    text = HEAD + "roles: [{id: r, title: R}]\n"

    def feed() -> None:
        with open(fifo, "w", encoding="utf-8") as handle:
            handle.write(text)

    writer = threading.Thread(target=feed)
    writer.start()
    try:
        org = cm.load(fifo)
    finally:
        writer.join()
    assert list(org.roles) == ["r"]


def test_a_fifo_is_read_only_to_the_limit(tmp_path: Path) -> None:
    fifo = tmp_path / "p.yaml"
    os.mkfifo(fifo)

    def feed() -> None:
        # The reader stops at the limit and closes its end: the rest cannot be written.
        with contextlib.suppress(BrokenPipeError), open(fifo, "w", encoding="utf-8") as handle:
            handle.write(HEAD + "notes: " + "x" * 100_000 + "\n")

    writer = threading.Thread(target=feed)
    writer.start()
    try:
        with pytest.raises(cm.LoadError, match="over the limit of 1,000"):
            cm.load(fifo, max_bytes=1_000)
    finally:
        writer.join()


# -- 13. organizations go to other processes -----------------------------------------------------


def test_organizations_pickle_and_deepcopy() -> None:
    import copy
    import pickle

    org = cm.examples.load("acme")
    for twin in (pickle.loads(pickle.dumps(org)), copy.deepcopy(org)):
        assert twin == org
        assert hash(twin) == hash(org)
        assert twin.roles["social-lead"].raci == org.roles["social-lead"].raci
        with pytest.raises(TypeError):
            twin.roles["x"] = twin.roles["ceo"]  # type: ignore[index]
        with pytest.raises(TypeError):
            twin.roles["social-lead"].raci["x"] = "R"  # type: ignore[index]
        assert cm.audit(twin) == cm.audit(org)


def test_unpickling_restores_without_checking_again(monkeypatch: pytest.MonkeyPatch) -> None:
    # An organization was checked when built; a process pool unpickles it once per task.
    import pickle

    from csmo_model import model

    org = cm.examples.load("acme")
    data = pickle.dumps(org)

    def refuse(org: cm.Organization) -> None:
        raise AssertionError("checked again")

    monkeypatch.setattr(model, "check_organization", refuse)
    twin = pickle.loads(data)
    assert twin == org
    assert hash(twin) == hash(org)
    assert type(twin.roles) is type(org.roles)
    assert twin.problems() == []


@attrs.frozen(kw_only=True)
class Tagged(cm.Organization):
    """An organization a tool extends with a field of its own."""

    tag: int = 0


def test_a_subclass_keeps_its_type_and_fields_through_pickle_and_copy() -> None:
    import copy
    import pickle

    org = Tagged(name="T", roles={"a": cm.Role(id="a", title="A")}, tag=3)
    for twin in (pickle.loads(pickle.dumps(org)), copy.deepcopy(org), copy.copy(org)):
        assert type(twin) is Tagged
        assert twin.tag == 3
        assert twin == org
        assert hash(twin) == hash(org)


def test_an_organization_pickled_by_0_2_0_is_restored(monkeypatch: pytest.MonkeyPatch) -> None:
    # 0.2.0 pickled an organization as model._rebuild_trusted(Organization, fields), with
    # none of the sections added since: they come back empty.
    import pickle

    from csmo_model import model

    org = cm.examples.load("acme")
    fields = {
        name: dict(value) if isinstance(value, Mapping) else value
        for name, value in attrs.asdict(org, recurse=False).items()
        if name not in {"channels", "routes", "chief_executive", "metrics", "policies"}
    }

    class Pickled020:
        def __reduce__(self) -> tuple[object, ...]:
            return (model._rebuild_trusted, (cm.Organization, fields))

    twin = pickle.loads(pickle.dumps(Pickled020()))
    assert twin == org
    assert hash(twin) == hash(org)
    assert twin.channels == {}
    assert twin.metrics == {}
    assert twin.chief_executive is None


def test_an_organization_goes_through_a_process_pool() -> None:
    from concurrent.futures import ProcessPoolExecutor

    org = cm.examples.load("acme")
    with ProcessPoolExecutor(max_workers=1) as pool:
        assert pool.submit(repr, org).result() == repr(org)


# -- 14. a string where a list belongs -----------------------------------------------------------


def test_audit_refuses_a_bare_string_of_functions() -> None:
    org = cm.examples.load("acme")
    with pytest.raises(TypeError) as info:
        cm.audit(org, required_functions="marketing")  # type: ignore[arg-type]
    assert str(info.value) == (
        "required_functions takes a collection, not the string 'marketing'; "
        "write required_functions=['marketing']"
    )
    assert cm.audit(org, required_functions=["marketing"]) == cm.audit(
        org, required_functions=[cm.Function.MARKETING]
    )


# -- 18. a reference to the wrong kind of thing --------------------------------------------------


def test_a_department_where_a_role_belongs_is_named_as_such() -> None:
    text = (
        HEAD + "social_lead: mkt\n"
        "departments: [{id: mkt, name: Marketing}, {id: sub, name: Sub, parent: r2}]\n"
        "roles: [{id: r, title: R, department: r2, reports_to: mkt, dotted_to: [mkt]},"
        " {id: r2, title: R2}]\n"
        "people: [{id: p, name: P, holds: [mkt]}]\n"
    )
    role_wanted = (
        "'mkt' is a department, not a role; give the id of a role here, "
        "such as one in department 'mkt'"
    )
    dept_wanted = "'r2' is a role, not a department; give the id of a department here"
    assert _problems(text) == [
        f"social_lead: {role_wanted}",
        f"departments[1].parent: {dept_wanted}",
        f"roles[0].department: {dept_wanted}",
        f"roles[0].reports_to: {role_wanted}",
        f"roles[0].dotted_to[0]: {role_wanted}",
        f"people[0].holds[0]: {role_wanted}",
    ]


def test_a_role_with_a_department_id_is_told_ids_are_shared() -> None:
    text = HEAD + "departments: [{id: mkt, name: Marketing}]\nroles: [{id: mkt, title: R}]\n"
    assert _problems(text) == [
        "roles[0].id: duplicate id 'mkt': already used by departments[0]; roles and "
        "departments share one set of ids, rename one"
    ]


# -- 17. the starter file, commented and uncommented; YAML syntax errors in plain words ----------


def _uncomment(text: str) -> str:
    return "\n".join(line[1:] if line.startswith("#  ") else line for line in text.splitlines())


@pytest.mark.parametrize("blueprints", [[], ["nine-lives"], ["csmo-ties", "program-blocks"]])
def test_the_starter_file_is_valid_with_and_without_its_examples(
    blueprints: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    argv = ["new"] + [arg for bp in blueprints for arg in ("--blueprint", bp)]
    assert main(argv) == 0
    text = capsys.readouterr().out
    assert "#  {" in text  # there are examples to uncomment
    cm.loads(text)
    uncommented = cm.loads(_uncomment(text))
    assert "someone" in uncommented.people
    sections = (uncommented.channels, uncommented.routes, uncommented.metrics, uncommented.policies)
    assert [len(s) for s in sections] == [1, 1, 1, 1]
    if not blueprints:
        assert list(uncommented.roles) == ["social-lead"]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            "roles: []\n  - {id: a, title: T}\n",
            "line 4, column 3: not valid YAML: a list item ('- ') where no list can start; put "
            "the items on the lines under their key ('roles:' then '  - {id: ...}'), and remove "
            "any '[]' after the key",
        ),
        (
            "roles:\n  - id: a\n   title: T\n",
            "line 5, column 4: not valid YAML: this line is indented differently from the lines "
            "of the same list or mapping above; indent them alike, with spaces",
        ),
        (
            "roles: [{id: a, title: T}\n",
            "line 4, column 1: not valid YAML: a '{' or '[' is never closed; add the missing ']'",
        ),
        (
            "notes: A: B\n",
            "line 3, column 9: not valid YAML: unexpected ': ' here; quote a value that holds "
            "': ' (name: \"A: B\"), or indent this key like the keys around it",
        ),
        (
            "notes: 'open\n",
            "line 4, column 1: not valid YAML: a quoted value is never closed; add the closing "
            "quote",
        ),
        (
            "\tnotes: x\n",
            "line 3, column 1: not valid YAML: a tab; YAML indents with spaces only, replace the "
            "tab with spaces",
        ),
        (
            "notes: @x\n",
            "line 3, column 8: not valid YAML: a value cannot start with '@'; quote the value",
        ),
    ],
)
def test_yaml_syntax_errors_are_said_in_plain_words(text: str, message: str) -> None:
    assert _problems(HEAD + text) == [message]


# -- 15. a file to try the commands on -----------------------------------------------------------


@pytest.mark.parametrize("suffix", ["yaml", "json", "toml"])
def test_new_writes_a_builtin_example(
    tmp_path: Path, suffix: str, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / f"acme.{suffix}"
    assert main(["new", "--example", "acme", "-o", str(out)]) == 0
    assert capsys.readouterr() == (f"wrote {out}\n", "")
    assert cm.load(out) == cm.examples.load("acme")
    if suffix == "yaml":  # as shipped, comments included
        assert out.read_text(encoding="utf-8") == cm.examples.text("acme")


def test_new_example_to_stdout_and_its_mistakes(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["new", "--example", "solo-cxo"]) == 0
    assert capsys.readouterr().out == cm.examples.text("solo-cxo")
    names = ", ".join(cm.examples.names())
    assert main(["new", "--example", "acm"]) == 2
    assert capsys.readouterr().err == f"no example 'acm'; choose one of {names}\n"
    for extra in (["--name", "X"], ["--blueprint", "nine-lives"]):
        assert main(["new", "--example", "acme", *extra]) == 2
        assert capsys.readouterr().err == (
            "--example writes the example as it is: it takes neither --blueprint nor --name\n"
        )


# -- 16. CSV import from the command line --------------------------------------------------------


def _hr(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "hr.csv"
    path.write_text(text, encoding="utf-8")
    return path


def test_a_missing_column_names_the_command_line_option(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    src = _hr(tmp_path, "Employee,name,title\ne1,Bo,CEO\n")
    assert main(["import", str(src), str(tmp_path / "out.yaml")]) == 2
    err = capsys.readouterr().err
    assert (
        "no column 'id' for the id; the columns are 'Employee', 'name', 'title', or name the "
        "column with mapping={'id': ...} (command line: --map id=COLUMN)"
    ) in err
    assert main(["import", str(src), str(tmp_path / "out.yaml"), "--map", "id=Employee"]) == 0


HR_ROWS = (
    "id,name,title,manager_id,capacity,Email\n"
    "bo,Bo Chen,CEO,,1,bo@x\n"  # line 2
    "ana,Ana Ruiz,Social Media Manager,bo,lots,ana@x\n"  # line 3: bad capacity
    "cy,Cy,Community Manager,ana,1,cy@x\n"  # line 4: reports to a skipped row
    "dee,Dee,Designer,bo,0.5,dee@x\n"  # line 5
    "eve,Eve,Analyst,bo\n"  # line 6: too few fields
)


def test_skip_bad_rows_leaves_them_out_and_says_so(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    src, out = _hr(tmp_path, HR_ROWS), tmp_path / "out.yaml"
    argv = ["import", str(src), str(out), "--ignore-column", "Email", "--social-lead", "dee"]
    assert main(argv) == 2
    assert f"{src}:3: capacity 'lots' is not a positive number" in capsys.readouterr().err
    assert main([*argv, "--skip-bad-rows"]) == 0
    _, err = capsys.readouterr()
    assert err.splitlines() == [
        f"{src}: not imported: line 3: capacity 'lots' is not a positive number; write digits "
        "with at most one decimal point or comma, such as 0.5 or 0,5; the row is skipped",
        f"{src}: not imported: line 4: manager 'ana' not found; the row is skipped",
        f"{src}: not imported: line 6: 4 fields, but the header has 6 columns; the row is skipped",
    ]
    org = cm.load(out)
    assert list(org.people) == ["bo", "dee"]
    assert org.social_lead == "dee"


def test_ignore_column_and_social_lead_mistakes(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    src, out = _hr(tmp_path, "id,name,title,Email\nbo,Bo,CEO,bo@x\n"), tmp_path / "out.yaml"
    assert main(["import", str(src), str(out), "--ignore-column", "Phone"]) == 2
    assert capsys.readouterr().err.endswith(
        f"{src}:1: no column 'Phone' to ignore; the columns are 'id', 'name', 'title', 'Email'\n"
    )
    assert main(["import", str(src), str(out), "--ignore-column", "name"]) == 2
    assert capsys.readouterr().err.endswith(
        f"{src}:1: column 'name' holds the name: it cannot be ignored\n"
    )
    assert main(["import", str(src), str(out), "--social-lead", "ana"]) == 2
    assert capsys.readouterr().err.endswith(f"{src}:1: social lead 'ana': id not found\n")
    assert main(["import", str(src), str(out)]) == 0
    assert "column 'Email' is not imported" in capsys.readouterr().err
    out.unlink()
    assert main(["import", str(src), str(out), "--ignore-column", "email"]) == 0
    assert capsys.readouterr().err == ""


# -- 2. deep department nesting ------------------------------------------------------------------


def _silos_by_definition(org: cm.Organization) -> list[str]:
    """A department is a silo when no link has exactly one end inside it (the plain definition)."""

    def inside(node: str, dept: str) -> bool:
        at: str | None = node if node in org.departments else org.roles[node].department
        while at is not None:
            if at == dept:
                return True
            at = org.departments[at].parent
        return False

    everything = [*org.departments, *org.roles]
    return [
        d
        for d in org.departments
        if not any(inside(a, d) != inside(b, d) for a, b in (x.between for x in org.links))
        and not all(inside(n, d) for n in everything)
    ]


# 30 examples under the ci profile: the nested forests below are the sharper test.
@settings(max_examples=max(1, 3 * settings().max_examples // 10))
@given(organizations())
def test_silos_equal_their_definition(org: cm.Organization) -> None:
    assert list(cm.analysis.silos(org)) == _silos_by_definition(org)


@given(st.integers(2, 40), st.data())
def test_silos_on_nested_forests(n: int, data: st.DataObject) -> None:
    # Departments nested at random (each under an earlier one, or at the top), links at random.
    parents = [data.draw(st.none() | st.integers(0, i - 1)) if i else None for i in range(n)]
    departments = [
        cm.Department(id=f"d{i}", name=f"D{i}", parent=None if p is None else f"d{p}")
        for i, p in enumerate(parents)
    ]
    roles = [cm.Role(id=f"r{i}", title="R", department=f"d{i}") for i in range(0, n, 3)]
    ends = st.sampled_from([*(d.id for d in departments), *(r.id for r in roles)])
    pairs = data.draw(st.lists(st.tuples(ends, ends).filter(lambda p: p[0] != p[1]), max_size=6))
    org = cm.Organization.from_parts(
        name="Forest",
        departments=departments,
        roles=roles,
        links=[cm.Link(between=p) for p in pairs],
    )
    assert list(cm.analysis.silos(org)) == _silos_by_definition(org)


def test_a_deep_chain_of_departments_audits() -> None:
    # Deeper than Python's recursion limit: nothing may recurse along the chain. The lead
    # sits at the bottom and reaches the chief executive's department only up the chain,
    # so every department on the way cuts it off (the case that was quadratic).
    n = 3 * sys.getrecursionlimit()
    org = cm.Organization.from_parts(
        name="Deep",
        departments=[
            cm.Department(id=f"d{i}", name=f"D{i}", parent=f"d{i - 1}" if i else None)
            for i in range(n)
        ],
        roles=[
            cm.Role(id="lead", title="Lead", department=f"d{n - 1}"),
            cm.Role(id="ceo", title="CEO", department="d0"),
        ],
        people=[cm.Person(id="p", name="P", holds=["lead"])],
        social_lead="lead",
    )
    assert list(cm.analysis.silos(org)) == [f"d{i}" for i in range(1, n)]
    cuts = cm.analysis.tie_cuts(org)
    assert cuts.nodes == {f"d{i}": ("d0",) for i in range(1, n)}
    assert cuts.edges == {
        **{(f"d{i}", f"d{i - 1}"): ("d0",) for i in range(1, n)},
        ("lead", f"d{n - 1}"): ("d0",),
    }
    linked = attrs.evolve(org, links=[cm.Link(between=("lead", "d0"))])
    assert list(cm.analysis.silos(linked)) == []  # the link crosses every department below d0
    assert cm.analysis.tie_cuts(linked).nodes == {}

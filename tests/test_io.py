"""Reading and writing the csmo-model/2 format: round trips and input safety."""

from __future__ import annotations

import json
import os
import tomllib
from pathlib import Path
from typing import Any
from unittest import mock

import attrs
import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st

import csmo_model as cm
from csmo_model import LoadError, ModelError, Organization, Problem
from csmo_model._text import LINE_BREAKS
from csmo_model.io import from_dict, make_converter, syntax_for, to_dict
from csmo_model.testing import organizations

SYNTAXES = ("yaml", "json", "toml")
HEAD = "format: csmo-model/2\nname: Test\n"
QUOTE_IT = "quote it (YAML reads true/false as booleans and 1.10 as a number)"
SECTIONS = {
    "departments": cm.Department,
    "responsibilities": cm.Responsibility,
    "roles": cm.Role,
    "people": cm.Person,
    "links": cm.Link,
}


def only_problem(text: str | bytes, syntax: str = "yaml", **kwargs: Any) -> Problem:
    with pytest.raises(ModelError) as info:
        cm.loads(text, syntax, **kwargs)  # type: ignore[arg-type]
    assert len(info.value.problems) == 1, info.value.problems
    return info.value.problems[0]


def load_error(text: str | bytes, syntax: str = "yaml", **kwargs: Any) -> Problem:
    with pytest.raises(LoadError) as info:
        cm.loads(text, syntax, **kwargs)  # type: ignore[arg-type]
    assert len(info.value.problems) == 1, info.value.problems
    return info.value.problems[0]


# -- the Acme example through every syntax -----------------------------------------------------


@pytest.mark.parametrize("syntax", SYNTAXES)
def test_acme_dumps_and_loads_back_equal(acme_text: str, syntax: str) -> None:
    org = cm.loads(acme_text)
    text = cm.dumps(org, syntax)  # type: ignore[arg-type]
    assert cm.loads(text, syntax) == org  # type: ignore[arg-type]


@pytest.mark.parametrize("suffix", [".yaml", ".yml", ".json", ".toml", ".YAML", ".Json"])
def test_acme_dump_and_load_files(acme_text: str, tmp_path: Path, suffix: str) -> None:
    org = cm.loads(acme_text)
    path = tmp_path / f"acme{suffix}"
    cm.dump(org, path)
    assert cm.load(path) == org
    assert cm.load(str(path)) == org
    syntax = syntax_for(path)
    assert path.read_text(encoding="utf-8") == cm.dumps(org, syntax)
    assert os.listdir(tmp_path) == [path.name]


def test_acme_texts_carry_the_same_tree(acme_text: str) -> None:
    org = cm.loads(acme_text)
    tree = to_dict(org)
    assert yaml.safe_load(cm.dumps(org, "yaml")) == tree
    assert json.loads(cm.dumps(org, "json")) == tree
    assert tomllib.loads(cm.dumps(org, "toml")) == tree
    # The written YAML is the example's tree minus the values left at their default.
    source = yaml.safe_load(acme_text)
    del source["people"][0]["capacity"]  # capacity: 1.0 is the default
    del source["links"][0]["kind"]  # and so is kind: collaboration
    assert tree == source


def test_acme_json_is_readable_utf8(tmp_path: Path) -> None:
    org = attrs.evolve(cm.examples.load("acme"), name="Acme Außenwelt 東京")
    path = tmp_path / "acme.json"
    cm.dump(org, path)
    raw = path.read_bytes()
    assert "Acme Außenwelt 東京".encode() in raw
    assert b"\r\n" not in raw
    assert raw.endswith(b"}\n")


# -- defaults are omitted on dump ---------------------------------------------------------------


def test_defaults_are_omitted_on_dump() -> None:
    org = Organization.from_parts(
        name="Defaults",
        departments=[
            cm.Department(id="d", name="D"),
            cm.Department(id="e", name="E", function="it"),
        ],
        responsibilities=[cm.Responsibility(id="s", name="S")],
        roles=[cm.Role(id="a", title="A"), cm.Role(id="b", title="B", external=True)],
        people=[cm.Person(id="p", name="P"), cm.Person(id="q", name="Q", capacity=0.5)],
        links=[cm.Link(between=("a", "b")), cm.Link(between=("a", "d"), kind="authority")],
    )
    assert to_dict(org) == {
        "format": "csmo-model/2",
        "name": "Defaults",
        "departments": [
            {"id": "d", "name": "D"},
            {"id": "e", "name": "E", "function": "it"},
        ],
        "responsibilities": [{"id": "s", "name": "S"}],
        "roles": [{"id": "a", "title": "A"}, {"id": "b", "title": "B", "external": True}],
        "people": [{"id": "p", "name": "P"}, {"id": "q", "name": "Q", "capacity": 0.5}],
        "links": [{"between": ["a", "b"]}, {"between": ["a", "d"], "kind": "authority"}],
    }
    assert cm.dumps(Organization.from_parts(name="Tiny"), "yaml") == (
        "format: csmo-model/2\nname: Tiny\n"
    )
    assert cm.dumps(Organization.from_parts(name="Tiny"), "json") == (
        '{\n  "format": "csmo-model/2",\n  "name": "Tiny"\n}\n'
    )


def _default(field: attrs.Attribute) -> object:  # type: ignore[type-arg]
    default = field.default
    return default.factory() if isinstance(default, attrs.Factory) else default  # type: ignore[arg-type]


def assert_defaults_omitted(org: Organization, tree: dict[str, Any]) -> None:
    """Every optional field is in *tree* exactly when its value is not the default."""
    assert tree["format"] == "csmo-model/2"
    assert ("social_lead" in tree) == (org.social_lead is not None)
    assert ("notes" in tree) == (org.notes is not None)
    assert ("blueprints" in tree) == bool(org.blueprints)
    for section, cls in SECTIONS.items():
        entities = list(getattr(org, section).values()) if section != "links" else org.links
        assert (section in tree) == bool(entities)
        for entity, item in zip(entities, tree.get(section, []), strict=True):
            for field in attrs.fields(cls):
                value = getattr(entity, field.name)
                if field.default is attrs.NOTHING:
                    assert field.name in item
                else:
                    assert (field.name in item) == (value != _default(field)), (field.name, item)


# -- the round-trip property ---------------------------------------------------------------------


@given(organizations(), st.sampled_from(SYNTAXES))
def test_round_trip_in_every_syntax(org: Organization, syntax: str) -> None:
    text = cm.dumps(org, syntax)  # type: ignore[arg-type]
    assert cm.loads(text, syntax) == org  # type: ignore[arg-type]


@given(organizations())
def test_round_trip_all_syntaxes_carry_one_tree(org: Organization) -> None:
    tree = to_dict(org)
    assert_defaults_omitted(org, tree)
    assert from_dict(tree) == org
    assert yaml.safe_load(cm.dumps(org, "yaml")) == tree
    assert json.loads(cm.dumps(org, "json")) == tree
    assert tomllib.loads(cm.dumps(org, "toml")) == tree
    for syntax in SYNTAXES:
        assert cm.loads(cm.dumps(org, syntax), syntax) == org  # type: ignore[arg-type]


@given(
    org=organizations(max_roles=3, max_people=2),
    suffix=st.sampled_from([".yaml", ".json", ".toml"]),
)
def test_round_trip_through_files(org: Organization, suffix: str, tmp_path_factory: Any) -> None:
    path = tmp_path_factory.mktemp("rt") / f"org{suffix}"
    cm.dump(org, path)
    assert cm.load(path) == org


@given(organizations(), st.integers(1, 6))
def test_written_in_pieces_the_text_is_the_same(org: Organization, piece: int) -> None:
    # Large organizations are written a few entities at a time (iterdumps): wherever
    # the pieces break, they join to the text of the whole document.
    whole = {syntax: cm.dumps(org, syntax) for syntax in SYNTAXES}  # type: ignore[arg-type]
    assert whole["json"] == json.dumps(to_dict(org), indent=2, ensure_ascii=False) + "\n"
    with mock.patch.object(cm.io, "_PIECE", piece):
        for syntax in SYNTAXES:
            pieces = list(cm.io.iterdumps(org, syntax))  # type: ignore[arg-type]
            assert "".join(pieces) == whole[syntax]
            if syntax != "toml" and len(org.roles) > piece:
                assert len(pieces) > 1


def test_write_atomic_keeps_the_old_file_when_the_pieces_fail(tmp_path: Path) -> None:
    path = tmp_path / "out.yaml"
    path.write_text("old content\n", encoding="utf-8")

    def pieces() -> Any:
        yield "name: half\n"
        raise RuntimeError("the writer broke")

    with pytest.raises(RuntimeError, match="the writer broke"):
        cm.io.write_atomic(path, pieces())
    assert path.read_text(encoding="utf-8") == "old content\n"
    assert os.listdir(tmp_path) == ["out.yaml"]


_TRICKY_TEXT = st.text(
    # Cn: unassigned code points, among them the noncharacters XML cannot hold (refused).
    st.characters(exclude_categories=("Cs", "Cc", "Cn"))
    | st.sampled_from("\u2028\u2029\r\n\t\ufeff"),
    min_size=1,
).filter(str.strip)


@given(_TRICKY_TEXT, st.sampled_from(SYNTAXES))
def test_round_trip_of_any_text(text: str, syntax: str) -> None:
    # Notes may hold any character but control characters (tab, line breaks and carriage
    # returns excepted): those are refused, see test_control_characters_are_refused. Names,
    # titles and acronyms are one line: line breaks in them are refused too.
    line = "".join(" " if c in LINE_BREAKS else c for c in text).strip() or "x"
    org = Organization.from_parts(
        name=line, notes=text, roles=[cm.Role(id="r", title=line, acronym=line, notes=text)]
    )
    assert cm.loads(cm.dumps(org, syntax), syntax) == org  # type: ignore[arg-type]


@pytest.mark.parametrize("text", ["a\x85b", "bell\x07", "esc\x1b[2J", "nul\x00"])
def test_control_characters_are_refused(text: str) -> None:
    with pytest.raises(cm.ModelError) as info:
        Organization.from_parts(name="N", notes=text)
    bad = next(c for c in text if c.isprintable() is False)
    assert [(p.path, p.message) for p in info.value.problems] == [
        ("notes", f"contains the control character {bad!r}; remove it")
    ]


@pytest.mark.parametrize("syntax", SYNTAXES)
@pytest.mark.parametrize("text", ["line\u2028sep", "tab\there", "cr\r\nlf", " pad ", "no"])
def test_round_trip_of_text_yaml_might_fold(text: str, syntax: str) -> None:
    org = Organization.from_parts(name="N", notes=text)
    assert cm.loads(cm.dumps(org, syntax), syntax).notes == text  # type: ignore[arg-type]


def test_a_custom_converter_is_used() -> None:
    converter = make_converter()
    org = cm.io.loads(HEAD + "roles: [{id: a, title: A}]\n", converter=converter)
    assert cm.io.dumps(org, "json", converter=converter) == cm.dumps(org, "json")
    assert cm.io.to_dict(org, converter=converter) == {
        "format": "csmo-model/2",
        "name": "Test",
        "roles": [{"id": "a", "title": "A"}],
    }


# -- input safety: aliases and duplicate keys ----------------------------------------------------


def billion_laughs() -> str:
    """A YAML alias bomb: 9 levels of 9 aliases each expand to 9**9 strings."""
    lines = [HEAD.rstrip("\n"), 'l0: &l0 "lol lol lol lol lol lol lol lol"']
    for level in range(1, 10):
        refs = ", ".join([f"*l{level - 1}"] * 9)
        lines.append(f"l{level}: &l{level} [{refs}]")
    lines.append("notes: *l9")
    return "\n".join(lines) + "\n"


def test_alias_bomb_is_refused() -> None:
    bomb = billion_laughs()
    assert 500 < len(bomb.encode()) <= 1024
    problem = load_error(bomb)
    assert problem == Problem(
        "line 4, column 10",
        "not valid YAML: aliases (*l0) are not allowed; write the value out",
    )


def test_alias_bomb_is_refused_from_a_file(tmp_path: Path) -> None:
    path = tmp_path / "bomb.yaml"
    path.write_text(billion_laughs(), encoding="utf-8")
    with pytest.raises(LoadError) as info:
        cm.load(path)
    assert info.value.source == str(path)
    assert "aliases (*l0) are not allowed" in info.value.problems[0].message


def test_any_alias_is_refused() -> None:
    text = HEAD + "roles:\n  - &ceo {id: ceo, title: CEO}\npeople:\n  - {id: p, name: P}\n"
    assert cm.loads(text).roles["ceo"].title == "CEO"  # an unused anchor is harmless
    problem = load_error(text + "notes: *ceo\n")
    assert problem.path == "line 7, column 8"
    assert "aliases (*ceo) are not allowed" in problem.message


def test_merge_keys_are_refused() -> None:
    assert load_error(HEAD + "roles:\n  - <<: {id: a}\n    title: A\n").path == "line 4, column 5"


@pytest.mark.parametrize(
    ("text", "path", "fragment"),
    [
        (HEAD + "name: Again\n", "line 3, column 1", "duplicate key 'name' (first on line 2)"),
        (
            HEAD + "roles:\n  - {id: a, title: A, id: b}\n",
            "line 4, column 23",
            "duplicate key 'id' (first on line 4)",
        ),
        (
            HEAD + "responsibilities: [{id: s, name: S}]\n"
            "roles:\n  - id: a\n    title: A\n    raci:\n      s: R\n      s: A\n",
            "line 9, column 7",
            "duplicate key 's' (first on line 8)",
        ),
    ],
    ids=["top-level", "in-a-role", "raci"],
)
def test_yaml_duplicate_keys_are_refused(text: str, path: str, fragment: str) -> None:
    problem = load_error(text)
    assert problem.path == path
    assert fragment in problem.message
    assert "nothing is overwritten silently" in problem.message


@pytest.mark.parametrize(
    "text",
    [
        '{"format": "csmo-model/2", "name": "A", "name": "B"}',
        '{"format": "csmo-model/2", "name": "A", "roles": [{"id": "a", "title": "A", "id": "b"}]}',
    ],
)
def test_json_duplicate_keys_are_refused(text: str) -> None:
    problem = load_error(text, "json")
    assert problem.path == ""
    assert problem.message.startswith("not valid JSON: duplicate key ")
    assert problem.message.endswith("; keep only one, nothing is overwritten silently")


def test_toml_duplicate_keys_are_refused() -> None:
    problem = load_error('format = "csmo-model/2"\nname = "A"\nname = "B"\n', "toml")
    assert problem.message.startswith("not valid TOML: Cannot overwrite a value")


def test_yaml_is_read_safely() -> None:
    text = HEAD + "notes: !!python/object/apply:os.system ['echo pwned']\n"
    problem = load_error(text)
    assert problem.path == "line 3, column 8"
    assert "could not determine a constructor for the tag" in problem.message


@pytest.mark.parametrize(
    ("value", "fragment"),
    [
        ("!!bool maybe", "cannot read 'maybe' as a bool (KeyError)"),
        ("!!int ''", "cannot read '' as a int (IndexError)"),
        ("!!float ''", "cannot read '' as a float (IndexError)"),
        ("!!int _", "cannot read '_' as a int (IndexError)"),
        ("!!timestamp soon", "cannot read 'soon' as a timestamp (AttributeError)"),
        ("!!timestamp 2020-02-30", "cannot read '2020-02-30' as a timestamp (ValueError)"),
        ("!!int 0x", "cannot read '0x' as a int (ValueError)"),
        ("!!set [a]", "expected a mapping node, but found sequence"),
        ("!!map x", "expected a mapping node, but found scalar"),
        ("!!binary aGVsbG8", "failed to decode base64 data: Incorrect padding"),
    ],
)
def test_yaml_tagged_junk_is_a_located_load_error(value: str, fragment: str) -> None:
    problem = load_error(HEAD + f"notes: {value}\n")
    assert problem.path == "line 3, column 8"
    assert problem.message.startswith("not valid YAML: ")
    assert fragment in problem.message


def test_yaml_date_out_of_range_is_a_yaml_error() -> None:
    problem = load_error(HEAD + "notes: !!timestamp 2020-02-30\n")
    assert problem.path == "line 3, column 8"
    assert "cannot read '2020-02-30' as a timestamp" in problem.message


@pytest.mark.parametrize(
    ("text", "syntax", "label"),
    [
        (HEAD + 'notes: "\\U0011FFFF"\n', "yaml", "YAML"),
        ("format = 'csmo-model/2'\nname = 'T'\nnotes = " + "1" * 5000 + "\n", "toml", "TOML"),
        ('{"format": "csmo-model/2", "name": ' + "1" * 5000 + "}", "json", "JSON"),
    ],
)
def test_parser_value_errors_name_the_right_syntax(text: str, syntax: str, label: str) -> None:
    assert load_error(text, syntax).message.startswith(f"not valid {label}: ")


@pytest.mark.parametrize(
    ("text", "syntax"),
    [
        ('{"format": "csmo-model/2", "name": "\\ud800"}', "json"),
        (HEAD.replace("Test", '"\\ud800"'), "yaml"),
    ],
)
def test_lone_surrogates_are_not_text(text: str, syntax: str) -> None:
    assert only_problem(text, syntax) == Problem(
        "name", "contains U+D800, half of a surrogate pair, which is not text; fix the escape"
    )


# -- input safety: encodings, emptiness, shapes ------------------------------------------------


@pytest.mark.parametrize(
    "bom", [b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff", b"\x00\x00\xfe\xff", b"\xff\xfe\x00\x00"]
)
def test_bom_in_bytes_is_refused(bom: bytes, tmp_path: Path) -> None:
    expected = Problem("", "the file starts with a byte-order mark; save it as UTF-8 without BOM")
    assert load_error(bom + HEAD.encode()) == expected
    path = tmp_path / "bom.yaml"
    path.write_bytes(bom + HEAD.encode())
    with pytest.raises(LoadError) as info:
        cm.load(path)
    assert info.value.problems == (expected,)


@pytest.mark.parametrize("syntax", SYNTAXES)
def test_bom_in_text_is_refused(syntax: str) -> None:
    assert load_error("\ufeff" + HEAD, syntax) == Problem(
        "", "the text starts with a byte-order mark; remove it"
    )


def test_undecodable_bytes_are_refused_with_a_line(tmp_path: Path) -> None:
    data = HEAD.encode() + b"notes: caf\xe9\n"
    expected = Problem("line 3", "byte 42 (0xe9) is not UTF-8; save the file as UTF-8")
    assert load_error(data) == expected
    path = tmp_path / "latin1.yaml"
    path.write_bytes(data)
    with pytest.raises(LoadError) as info:
        cm.load(path)
    assert info.value.problems == (expected,)
    assert str(info.value).startswith(f"{path}: 1 problem found\n  line 3: byte 42 (0xe9)")


def test_valid_utf8_bytes_load() -> None:
    assert cm.loads((HEAD + "notes: café\n").encode()).notes == "café"


@pytest.mark.parametrize("text", ["", " ", "\n\n", "\t \n"])
@pytest.mark.parametrize("syntax", SYNTAXES)
def test_empty_input_is_refused(text: str, syntax: str) -> None:
    assert load_error(text, syntax) == Problem(
        "", "the file is empty; start it with 'format: csmo-model/2'"
    )


def test_empty_file_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "empty.toml"
    path.touch()
    with pytest.raises(LoadError) as info:
        cm.load(path)
    assert info.value.problems == (
        Problem("", "the file is empty; start it with 'format: csmo-model/2'"),
    )
    assert info.value.source == str(path)


@pytest.mark.parametrize(
    ("text", "syntax", "kind"),
    [
        ("- format: csmo-model/2\n- name: X\n", "yaml", "a list"),
        ('[{"format": "csmo-model/2"}]', "json", "a list"),
        ("# only a comment\n", "yaml", "nothing (null)"),
        ("null", "json", "nothing (null)"),
        ("just some words\n", "yaml", "text"),
        ("42", "json", "int 42"),
        ("true\n", "yaml", "the boolean true"),
    ],
)
def test_top_level_must_be_a_mapping(text: str, syntax: str, kind: str) -> None:
    assert load_error(text, syntax) == Problem(
        "", f"expected a mapping with 'format: csmo-model/2' at the top, got {kind}"
    )


@pytest.mark.parametrize(
    ("text", "syntax", "path"),
    [
        ("format: csmo-model/2\nname: [unclosed\n", "yaml", "line 3, column 1"),
        ('{"format": "csmo-model/2",}', "json", "line 1, column 27"),
        ('format = "csmo-model/2"\nname = \n', "toml", ""),
    ],
)
def test_syntax_errors_are_located_load_errors(text: str, syntax: str, path: str) -> None:
    problem = load_error(text, syntax)
    assert problem.path == path
    assert problem.message.startswith(f"not valid {syntax.upper()}: ")


# -- size limits ---------------------------------------------------------------------------------


def test_file_over_max_bytes_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "big.yaml"
    path.write_text(HEAD + "notes: " + "x" * 100 + "\n", encoding="utf-8")
    size = path.stat().st_size
    with pytest.raises(LoadError) as info:
        cm.load(path, max_bytes=64)
    assert info.value.problems == (
        Problem(
            "",
            f"the file is {size:,} bytes, over the limit of 64; "
            "raise max_bytes (CLI: --max-bytes) if it is really this large",
        ),
    )
    assert cm.load(path, max_bytes=size).notes == "x" * 100
    assert cm.load(path, max_bytes=None).notes == "x" * 100


def test_text_over_max_bytes_is_refused() -> None:
    text = HEAD + "notes: " + "x" * 100 + "\n"
    problem = load_error(text, max_bytes=64)
    assert problem.message.startswith(f"the file is {len(text):,} bytes, over the limit of 64;")
    assert load_error(text.encode(), max_bytes=64) == problem


def test_max_bytes_counts_bytes_not_characters() -> None:
    text = HEAD + "notes: " + "東" * 30 + "\n"  # 30 characters, 90 bytes of UTF-8
    assert len(text) < 100 < len(text.encode())
    assert load_error(text, max_bytes=100).message.startswith(
        f"the file is {len(text.encode())} bytes, over the limit of 100;"
    )


def test_default_max_bytes_is_50_mib() -> None:
    assert cm.io.DEFAULT_MAX_BYTES == 50 * 1024 * 1024


# -- no silent coercion ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "syntax"),
    [
        (
            HEAD + "roles: [{id: ana, title: A}]\npeople:\n  - {id: p, name: P, holds: ana}\n",
            "yaml",
        ),
        (
            '{"format": "csmo-model/2", "name": "T", "roles": [{"id": "ana", "title": "A"}], '
            '"people": [{"id": "p", "name": "P", "holds": "ana"}]}',
            "json",
        ),
        (
            'format = "csmo-model/2"\nname = "T"\n[[roles]]\nid = "ana"\ntitle = "A"\n'
            '[[people]]\nid = "p"\nname = "P"\nholds = "ana"\n',
            "toml",
        ),
    ],
)
def test_a_string_where_a_list_is_expected_is_an_error(text: str, syntax: str) -> None:
    assert only_problem(text, syntax) == Problem(
        "people[0].holds", "expected a list of ids, got the text 'ana'; write [ana]"
    )


@pytest.mark.parametrize(
    ("line", "path", "got"),
    [
        ("roles: [{id: a, title: false}]", "roles[0].title", "the boolean false"),
        ("roles: [{id: True, title: A}]", "roles[0].id", "the boolean true"),
        ("roles: [{id: a, title: 1.10}]", "roles[0].title", "the number 1.1"),
        ("roles: [{id: a, title: A, acronym: TRUE}]", "roles[0].acronym", "the boolean true"),
        ("roles: [{id: 3, title: A}]", "roles[0].id", "the number 3"),
        ("notes: 1e3", "notes", "the number 1000.0"),
    ],
)
def test_yaml_booleans_and_numbers_in_text_fields_say_quote_it(
    line: str, path: str, got: str
) -> None:
    problem = only_problem(HEAD + line + "\n")
    assert problem.path == path
    assert problem.message.startswith(f"expected text, got {got}")
    assert problem.message.endswith(QUOTE_IT)


@pytest.mark.parametrize(
    "word", ["yes", "no", "on", "off", "y", "n", "Yes", "NO", "2024-01-01", "12:30", "1_000", "0b1"]
)
def test_yaml_1_1_booleans_dates_and_numbers_are_text(word: str) -> None:
    # YAML 1.2 core schema: what YAML 1.1 read as booleans, dates, sexagesimal or
    # underscored numbers is the text as written, never a boolean.
    org = cm.loads(HEAD + f"roles: [{{id: r, title: {word}, acronym: {word}}}]\nnotes: {word}\n")
    role = org.roles["r"]
    assert (role.title, role.acronym, org.notes) == (word, word, word)


def test_quoted_yaml_values_stay_text() -> None:
    org = cm.loads(HEAD + "roles: [{id: 'yes', title: 'no', acronym: '1.10'}]\n")
    role = org.roles["yes"]
    assert (role.id, role.title, role.acronym) == ("yes", "no", "1.10")


def test_name_must_be_text() -> None:
    assert only_problem("format: csmo-model/2\nname: false\n") == Problem(
        "name", f"expected text, got the boolean false; {QUOTE_IT}"
    )


@pytest.mark.parametrize(
    ("text", "syntax"),
    [
        (HEAD + "people: [{id: p, name: P, capacity: '0.5'}]\n", "yaml"),
        (
            '{"format": "csmo-model/2", "name": "T", "people": '
            '[{"id": "p", "name": "P", "capacity": "0.5"}]}',
            "json",
        ),
        (
            'format = "csmo-model/2"\nname = "T"\n[[people]]\nid = "p"\nname = "P"\n'
            'capacity = "0.5"\n',
            "toml",
        ),
    ],
)
def test_numeric_text_is_accepted_for_numbers(text: str, syntax: str) -> None:
    assert cm.loads(text, syntax).people["p"].capacity == 0.5  # type: ignore[arg-type]


def test_integers_are_accepted_for_numbers() -> None:
    org = cm.loads(HEAD + "responsibilities: [{id: s, name: S, effort: 2}]\n")
    assert org.responsibilities["s"].effort == 2.0
    assert isinstance(org.responsibilities["s"].effort, float)


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("yes", "expected true or false, got str 'yes'"),
        ("'yes'", "expected true or false, got str 'yes'"),
        ("on", "expected true or false, got str 'on'"),
        ("1", "expected true or false, got the number 1"),
    ],
)
def test_flags_accept_only_booleans(value: str, message: str) -> None:
    text = HEAD + f"roles: [{{id: a, title: A, external: {value}}}]\n"
    assert only_problem(text) == Problem("roles[0].external", message)


# -- deep nesting --------------------------------------------------------------------------------


TOO_DEEP = "too deeply to be an organization file"


@pytest.mark.parametrize(
    ("text", "syntax"),
    [
        ("[" * 100_000, "json"),
        ('{"a":' * 100_000, "json"),
        ("a = " + "[" * 100_000, "toml"),
        ("a = " + "{b = " * 100_000, "toml"),
        ('{"format": "csmo-model/2", "notes": ' + "[" * 5_000 + "]" * 5_000 + "}", "json"),
    ],
    ids=["json-open", "json-map", "toml-open", "toml-table", "json"],
)
def test_deep_nesting_is_a_load_error_not_a_recursion_error(text: str, syntax: str) -> None:
    assert load_error(text, syntax) == Problem("", f"nested {TOO_DEEP}")


@pytest.mark.parametrize(
    ("text", "path"),
    [
        ("[" * 100_000, "line 1, column 33"),
        ("{" * 100_000, "line 1, column 33"),
        ("- " * 100_000, "line 1, column 65"),
        (HEAD + "notes: " + "[" * 5_000 + "]" * 5_000 + "\n", "line 3, column 39"),
        (HEAD + "roles:\n" + "".join(f"{' ' * i}- x:\n" for i in range(0, 80, 2)), "line 19"),
    ],
    ids=["open", "map", "block-list", "closed", "block-maps"],
)
def test_deep_yaml_nesting_is_refused_where_it_starts(text: str, path: str) -> None:
    problem = load_error(text)
    assert problem.path.startswith(path)
    assert problem.message == f"not valid YAML: nested more than 32 levels deep, {TOO_DEEP}"


def test_yaml_nesting_limit_is_exact() -> None:
    assert cm._parse.MAX_DEPTH == 32
    # The document itself is one level; 31 more brackets are fine, 32 are not.
    fine = HEAD + "notes: " + "[" * 31 + "]" * 31 + "\n"
    assert only_problem(fine) == Problem("notes", "expected text, got a list")
    assert load_error(HEAD + "notes: " + "[" * 32 + "]" * 32 + "\n").path == "line 3, column 39"


@pytest.mark.parametrize("syntax", ["yaml", "json"])
def test_moderate_nesting_is_a_located_problem(syntax: str) -> None:
    nested = "[" * 20 + "]" * 20
    text = (
        HEAD + f"notes: {nested}\n"
        if syntax == "yaml"
        else f'{{"format": "csmo-model/2", "name": "T", "notes": {nested}}}'
    )
    assert only_problem(text, syntax) == Problem("notes", "expected text, got a list")


# -- suffixes ------------------------------------------------------------------------------------


@pytest.mark.parametrize(("name", "shown"), [("org.txt", "'.txt'"), ("org", "'(none)'")])
def test_unknown_suffix_is_a_load_error(tmp_path: Path, name: str, shown: str) -> None:
    path = tmp_path / name
    path.write_text(HEAD, encoding="utf-8")
    message = (
        f"cannot tell the format of {str(path)!r} from its suffix {shown}; "
        "use .yaml, .yml, .json or .toml"
    )
    with pytest.raises(LoadError) as info:
        cm.load(path)
    assert info.value.problems == (Problem("", message),)
    assert info.value.source == str(path)
    with pytest.raises(LoadError) as info:
        cm.dump(Organization.from_parts(name="X"), path)
    assert info.value.problems == (Problem("", message),)
    assert path.read_text(encoding="utf-8") == HEAD
    assert os.listdir(tmp_path) == [name]


@pytest.mark.parametrize(
    ("name", "syntax"), [("a.yml", "yaml"), ("b.YAML", "yaml"), ("c.TOML", "toml")]
)
def test_syntax_for(name: str, syntax: str) -> None:
    assert syntax_for(name) == syntax


def test_unknown_syntax_name_is_a_programming_error() -> None:
    with pytest.raises(ValueError, match="unknown syntax 'xml'; use 'yaml', 'json' or 'toml'"):
        cm.loads(HEAD, "xml")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="unknown syntax 'xml'"):
        cm.dumps(Organization.from_parts(name="X"), "xml")  # type: ignore[arg-type]


def test_missing_file_is_a_load_error(tmp_path: Path) -> None:
    path = tmp_path / "missing.yaml"
    with pytest.raises(LoadError) as info:
        cm.load(path)
    assert info.value.problems == (Problem("", "cannot read the file: No such file or directory"),)
    assert info.value.source == str(path)


def test_invalid_file_names_its_source(tmp_path: Path) -> None:
    path = tmp_path / "bad.yaml"
    path.write_text(HEAD + "social_lead: ghost\n", encoding="utf-8")
    with pytest.raises(ModelError) as info:
        cm.load(path)
    assert type(info.value) is ModelError
    assert info.value.source == str(path)
    assert str(info.value) == (
        f"{path}: 1 problem found\n"
        "  social_lead: no role 'ghost'; add a role with that id or correct the reference"
    )


# -- atomic dump ---------------------------------------------------------------------------------


def test_dump_is_atomic_when_the_rename_fails(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "acme.yaml"
    path.write_text("old content\n", encoding="utf-8")

    def broken_replace(src: object, dst: object) -> None:
        raise OSError("disk on fire")

    monkeypatch.setattr(os, "replace", broken_replace)
    with pytest.raises(OSError, match="disk on fire"):
        cm.dump(cm.examples.load("acme"), path)
    assert path.read_text(encoding="utf-8") == "old content\n"
    assert os.listdir(tmp_path) == ["acme.yaml"]


def test_dump_is_atomic_when_writing_fails(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "acme.json"
    path.write_text("{}\n", encoding="utf-8")

    def broken_fsync(fd: int) -> None:
        raise OSError("device gone")

    monkeypatch.setattr(os, "fsync", broken_fsync)
    with pytest.raises(OSError, match="device gone"):
        cm.dump(cm.examples.load("acme"), path)
    assert path.read_text(encoding="utf-8") == "{}\n"
    assert os.listdir(tmp_path) == ["acme.json"]


def test_dump_replaces_an_existing_file(tmp_path: Path) -> None:
    path = tmp_path / "acme.toml"
    path.write_text("old = true\n", encoding="utf-8")
    org = cm.examples.load("acme")
    cm.dump(org, path)
    assert cm.load(path) == org
    assert os.listdir(tmp_path) == ["acme.toml"]


@pytest.mark.skipif(os.name != "posix", reason="POSIX permission bits")
def test_dump_keeps_the_permissions_of_the_file_it_replaces(tmp_path: Path) -> None:
    path = tmp_path / "shared.yaml"
    path.write_text("old: true\n", encoding="utf-8")
    path.chmod(0o640)
    cm.dump(cm.examples.load("acme"), path)
    assert path.stat().st_mode & 0o777 == 0o640


@pytest.mark.skipif(os.name != "posix", reason="POSIX permission bits")
def test_dump_gives_a_new_file_the_usual_permissions(tmp_path: Path) -> None:
    umask = os.umask(0o027)
    try:
        cm.dump(cm.examples.load("acme"), tmp_path / "new.json")
        assert os.umask(0o027) == 0o027  # the umask was left as it was
    finally:
        os.umask(umask)
    assert (tmp_path / "new.json").stat().st_mode & 0o777 == 0o640


# -- every problem fits on one line (the CLI prints one per line) --------------------------------


@pytest.mark.parametrize(
    ("key", "path"),
    [('"a\\nb"', "'a\\nb'"), ('""', "''"), ('" x"', "' x'"), ("1", "1"), ("null", "None")],
)
def test_odd_top_level_keys_are_quoted_in_the_path(key: str, path: str) -> None:
    problem = only_problem(HEAD + f"{key}: 1\n")
    assert problem.path == path
    assert problem.message.startswith(f"unknown key {path}; known keys are format, name,")
    assert "\n" not in str(problem)


def test_a_yaml_reader_error_fits_on_one_line() -> None:
    assert load_error(HEAD + "notes: a\x1fb\n") == Problem(
        "line 3, column 9", "not valid YAML: the character U+001F is not allowed; remove it"
    )


def test_a_multiline_string_for_a_list_is_shown_quoted() -> None:
    assert only_problem(HEAD + 'people: [{id: p, name: P, holds: "a\\nb"}]\n') == Problem(
        "people[0].holds", "expected a list of ids, got the text 'a\\nb'; write ['a\\nb']"
    )

"""The two YAML readers agree: the fast path (yaml-rs) and the strict loader (PyYAML).

The strict loader is the reference (see ``csmo_model/_parse.py``). Whatever the
fast path accepts and returns must be exactly what the strict loader returns; what
it refuses, or could read differently, the strict loader reads. The strictness
tests in ``test_io.py`` run both ways in CI: ``.ci/run`` runs them again with
``CSMO_YAML_STRICT_ONLY=1``, which turns the fast path off (``conftest.py``).
"""

from __future__ import annotations

import math
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import csmo_model as cm
from csmo_model import _parse, synthetic
from csmo_model.errors import LoadError
from csmo_model.testing import organizations

BUDGET = settings().max_examples

needs_fast = pytest.mark.skipif(_parse._fast_yaml is None, reason="the fast path is off")


def same(a: Any, b: Any) -> bool:
    """Equal, with NaN equal to NaN and types compared too (1 is not 1.0 nor True)."""
    if type(a) is not type(b):
        return False
    if isinstance(a, float) and math.isnan(a):
        return math.isnan(b)
    if isinstance(a, dict):
        return same(list(a), list(b)) and same(list(a.values()), list(b.values()))
    if isinstance(a, list):
        return len(a) == len(b) and all(same(x, y) for x, y in zip(a, b, strict=True))
    return bool(a == b)


def check_agreement(text: str) -> None:
    """If the fast path would take *text* and read it, the strict loader reads the same."""
    assert _parse._fast_yaml is not None
    if _parse._needs_strict(text):
        return
    try:
        fast = _parse._fast_yaml(text)
    except Exception:  # refused by the fast path: the strict loader decides
        return
    if _parse._odd_shape(fast, _parse.MAX_DEPTH):
        return
    strict = _parse._strict_yaml(text)
    assert same(fast, strict), (text, fast, strict)


WORDS = (
    "yes no on off y n Yes NO True TRUE true false False FALSE tRUE null Null NULL ~ "
    "0 00 007 010 -0 +1 0o17 0o8 0x1F 0x1f 0xG 1.10 1. .5 -.5 +.5 1e3 1E3 1e 1.5e-3 "
    ".inf .Inf -.inf +.INF .nan .NaN .NAN 2024-01-01 12:30 1:20:30 0.1.2 9999999999999999999 "
    "a b-c d_1 x.y 'q' \"q\" '' \"\" 'it''s' \"a\\tb\" a#b a\\ #c |- >"
)
TOKENS = [
    *WORDS.split(" "),
    "a b",
    "[a, b]",
    "{a: 1}",
    "[]",
    "{}",
]


@st.composite
def yaml_texts(draw: st.DrawFn) -> str:
    """Small block-and-flow documents of tricky scalars, keys and nesting."""

    def scalar() -> str:
        return draw(st.sampled_from(TOKENS))

    lines = []
    for _ in range(draw(st.integers(1, 6))):
        indent = " " * draw(st.sampled_from([0, 0, 2, 4]))
        shape = draw(st.sampled_from(["map", "seq", "seqmap", "key"]))
        if shape == "map":
            lines.append(f"{indent}{scalar()}: {scalar()}")
        elif shape == "seq":
            lines.append(f"{indent}- {scalar()}")
        elif shape == "seqmap":
            lines.append(f"{indent}- {scalar()}: {scalar()}")
        else:
            lines.append(f"{indent}{scalar()}:")
    return "\n".join(lines) + draw(st.sampled_from(["\n", "", "\n\n", "\n# end\n"]))


@needs_fast
@settings(max_examples=20 * BUDGET, suppress_health_check=[HealthCheck.too_slow])
@given(yaml_texts())
def test_both_readers_agree_on_tricky_documents(text: str) -> None:
    check_agreement(text)


ALPHABET = "-:?[]{},#&*!|>'\"%@`\n  abc019._+eExo~tTfn\t\\\u00e9\u00a0\u2028\r=;/()"


@needs_fast
@settings(max_examples=10 * BUDGET)
@given(
    st.text(
        alphabet="-:?[]{},#&*!|>'\"%@`\n  abc019._+eExo~tTfn\t\\\u00e9\u00a0\u2028\r=;/()",
        max_size=60,
    )
)
def test_both_readers_agree_on_arbitrary_text(text: str) -> None:
    check_agreement(text)


@needs_fast
@settings(max_examples=2 * BUDGET)
@given(organizations())
def test_both_readers_agree_on_written_organizations(org: cm.Organization) -> None:
    check_agreement(cm.dumps(org, "yaml"))


def test_a_written_synthetic_organization_takes_the_fast_path() -> None:
    text = cm.dumps(synthetic.organization(1_000), "yaml")  # named "... of 1,000 people"
    assert not _parse._needs_strict(text)


@needs_fast
def test_the_fast_path_reads_a_plain_document(monkeypatch: pytest.MonkeyPatch) -> None:
    text = cm.dumps(cm.examples.load("acme"), "yaml")

    def refuse(text: str) -> Any:
        raise AssertionError("the strict loader was asked")

    monkeypatch.setattr(_parse, "_strict_yaml", refuse)
    assert cm.loads(text) == cm.examples.load("acme")


@pytest.mark.parametrize(
    "text",
    [
        "a: &x 1\nb: *x\n",
        "a: !!str 1\n",
        "a: 1\na: 2\n",
        "a: [" + "[" * 40 + "]" * 41 + "\n",
        "a: " + "[" * 300 + "\n",
        "- " * 20_000 + "x\n",
        "a: 1_000\n",
        "a: x\x07\n",
    ],
    ids=[
        "alias",
        "tag",
        "duplicate",
        "deep",
        "very-deep",
        "nested-block-lists",
        "underscore",
        "bell",
    ],
)
def test_what_the_fast_path_leaves_is_read_by_the_strict_loader(
    text: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls: list[str] = []
    strict = _parse._strict_yaml

    def spy(text: str) -> Any:
        calls.append(text)
        return strict(text)

    monkeypatch.setattr(_parse, "_strict_yaml", spy)
    try:
        expected: Any = strict(text)
    except Exception as exc:  # the outcome to compare with
        expected = exc
    if isinstance(expected, Exception):
        with pytest.raises(LoadError):
            _parse.parse_text(text, "yaml")
    else:
        assert same(_parse.parse_text(text, "yaml"), expected)
    assert calls == [text]


def test_without_the_fast_path_the_strict_loader_reads_everything(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(_parse, "_fast_yaml", None)
    text = cm.dumps(cm.examples.load("acme"), "yaml")
    assert cm.loads(text) == cm.examples.load("acme")
    assert _parse.parse_text("a: no\nb: 0o17\nc: 1.10\nd: 12\n", "yaml") == {
        "a": "no",
        "b": "0o17",  # only plain decimals are numbers: 0o17, 0x1F and 017 stay text
        "c": 1.1,
        "d": 12,
    }
    assert _parse.parse_text("a: 0x1F\nb: 017\nc: 07.5\n", "yaml") == {
        "a": "0x1F",
        "b": "017",
        "c": "07.5",
    }


def test_yaml_node_gives_positions() -> None:
    node = _parse.yaml_node("format: csmo-model/2\nroles:\n  - {id: a, title: A}\n")
    assert node is not None
    ((_, roles),) = [(k, v) for k, v in node.value if k.value == "roles"]
    (role,) = roles.value
    (_, id_node), *_ = role.value
    assert (id_node.start_mark.line, id_node.start_mark.column) == (
        2,
        9,
    )  # line 3, column 10, counted from 0


# -- the fast path in pieces -----------------------------------------------------------
# A large document is read a section, and a long list about a megabyte, at a time
# (_parse._fast_in_pieces). Small pieces here make every document take that path.


def read_both_ways(text: str, piece: int) -> tuple[Any, Any]:
    """What the YAML reader makes of *text* read whole and in pieces of *piece* characters:
    the data, or the problems it refused it with."""

    def read() -> Any:
        try:
            return _parse.parse_text(text, "yaml")
        except LoadError as exc:
            return [str(p) for p in exc.problems]

    whole = read()
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(_parse, "_PIECE_CHARS", piece)
        pieces = read()
    return whole, pieces


@needs_fast
@settings(max_examples=20 * BUDGET, suppress_health_check=[HealthCheck.too_slow])
@given(yaml_texts() | st.text(alphabet=ALPHABET, max_size=60), st.integers(0, 12))
def test_read_in_pieces_documents_read_the_same(text: str, piece: int) -> None:
    whole, pieces = read_both_ways(text, piece)
    assert same(whole, pieces), (text, whole, pieces)


@needs_fast
@settings(max_examples=2 * BUDGET)
@given(organizations(), st.integers(0, 200))
def test_read_in_pieces_written_organizations_read_the_same(
    org: cm.Organization, piece: int
) -> None:
    whole, pieces = read_both_ways(cm.dumps(org, "yaml"), piece)
    assert same(whole, pieces)


@needs_fast
def test_a_long_list_is_read_in_pieces(monkeypatch: pytest.MonkeyPatch) -> None:
    text = cm.dumps(synthetic.organization(300), "yaml")
    assert _parse._fast_yaml is not None
    whole = _parse._fast_yaml(text)
    pieces: list[str] = []

    def load(piece: str) -> Any:
        pieces.append(piece)
        assert _parse._fast_yaml is not None
        return _parse._fast_yaml(piece)

    monkeypatch.setattr(_parse, "_PIECE_CHARS", 2_000)
    assert same(_parse._fast_in_pieces(load, text), whole)
    assert "".join(pieces) == text  # every character read once, in order
    assert max(map(len, pieces)) < 3_000
    assert len(pieces) > len(text) // 3_000


@needs_fast
def test_a_key_repeated_in_another_piece_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    text = "format: csmo-model/1\nname: A\nroles:\n- id: a\n  title: A\nname: B\n"
    monkeypatch.setattr(_parse, "_PIECE_CHARS", 0)
    assert _parse._fast_yaml is not None
    assert _parse._fast_in_pieces(_parse._fast_yaml, text) is _parse._FAILED
    with pytest.raises(LoadError) as info:
        _parse.parse_text(text, "yaml")
    assert [str(p) for p in info.value.problems] == [
        "line 6, column 1: not valid YAML: while reading a mapping: duplicate key 'name' "
        "(first on line 2); keep only one, nothing is overwritten silently"
    ]

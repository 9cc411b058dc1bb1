"""The ``csmo catalog`` and ``csmo new`` commands.

Moved here from the catalog tests, which pin the blueprints themselves against
the domain brief; these test what the commands print and write.
"""

from __future__ import annotations

import itertools
from pathlib import Path

import pytest

import csmo_model as cm
from csmo_model import catalog
from csmo_model.cli import main
from csmo_model.schema import MODEL_SCHEMA_URL

BLUEPRINTS = catalog.names()
CHOICES = ", ".join(BLUEPRINTS)
NINE_LIVES = [
    (t.id, t.title, t.acronym) for t in catalog.get("nine-lives").roles if t.acronym is not None
]

LIVES = [r.id for r in catalog.get("nine-lives").responsibilities]


def write(tmp_path: Path, text: str, name: str = "org.yaml") -> str:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return str(path)


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    """Run ``csmo`` with *argv*; return the status, stdout and stderr."""
    status = main(list(argv))
    out, err = capsys.readouterr()
    return status, out, err


# ---------------------------------------------------------------------------
# csmo catalog
# ---------------------------------------------------------------------------


def test_cli_catalog_lists_every_blueprint(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, err = run(capsys, "catalog")
    assert (status, err) == (0, "")
    header, rule, *rows = out.splitlines()
    assert header.split() == ["blueprint", "jobs", "roles", "title"]
    assert set(rule) == {"-", " "}
    assert [row.split()[0] for row in rows] == BLUEPRINTS
    for row in rows:
        bp = catalog.get(row.split()[0])
        assert row.split(None, 5) == [
            bp.id,
            str(len(bp.jobs)),
            "jobs",
            str(len(bp.roles)),
            "roles",
            bp.title,
        ]


def test_cli_catalog_show_nine_lives(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, err = run(capsys, "catalog", "show", "nine-lives")
    assert (status, err) == (0, "")
    lines = out.splitlines()
    assert lines[0] == "nine-lives: The nine lives of the social media executive"
    assert lines.index("Source: " + catalog.get("nine-lives").source) > 0
    header = next(line for line in lines if line.startswith("id "))
    assert header.split() == ["id", "title", "acronym", "what", "it", "covers"]
    for life, title, acronym in NINE_LIVES:
        (row,) = [line for line in lines if line.startswith(f"{life} ")]
        assert f"  {title}  " in row
        assert f"  {acronym}  " in row
    assert "Ties the social lead needs: public-relations" not in lines
    assert (
        "Ties the Chief Reputation/Relationship Officer (reputation) needs: public-relations"
        in lines
    )


def test_cli_catalog_show_program_blocks_lists_usual_placements(
    capsys: pytest.CaptureFixture[str],
) -> None:
    status, out, _ = run(capsys, "catalog", "show", "program-blocks")
    assert status == 0
    lines = out.splitlines()
    (online,) = [line for line in lines if line.startswith("program-blocks/online-asset ")]
    assert online.split("  ")[-1] == "split"
    assert "it, product, mobile, design" in online
    (earned,) = [line for line in lines if line.startswith("program-blocks/earned-outreach ")]
    assert earned.split()[-2:] == ["nobody", "missing"]


def test_cli_catalog_show_rules(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run(capsys, "catalog", "show", "officer-duties")
    assert status == 0
    for rule in catalog.get("officer-duties").rules:
        assert f"Rule {rule.id}: {rule.text}" in out.splitlines()


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("nope", f"no blueprint 'nope'; choose one of {CHOICES}"),
        (
            "nine-live",
            f"no blueprint 'nine-live' (did you mean 'nine-lives'?); choose one of {CHOICES}",
        ),
    ],
)
def test_cli_catalog_show_unknown(
    capsys: pytest.CaptureFixture[str], name: str, message: str
) -> None:
    assert run(capsys, "catalog", "show", name) == (2, "", message + "\n")


def test_cli_catalog_show_without_an_id(capsys: pytest.CaptureFixture[str]) -> None:
    assert run(capsys, "catalog", "show") == (2, "", "usage: csmo catalog [[show] BLUEPRINT]\n")


# ---------------------------------------------------------------------------
# csmo new
# ---------------------------------------------------------------------------

STARTERS = [
    [],
    *([b] for b in BLUEPRINTS),
    *(list(pair) for pair in itertools.combinations(BLUEPRINTS, 2)),
    BLUEPRINTS,
]


@pytest.mark.parametrize("blueprints", STARTERS, ids=lambda b: "+".join(b) or "blank")
def test_cli_new_output_validates(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], blueprints: list[str]
) -> None:
    argv = [arg for bp in blueprints for arg in ("--blueprint", bp)]
    status, out, err = run(capsys, "new", *argv, "--name", "Starter")
    assert (status, err) == (0, "")
    first, second = out.splitlines()[:2]
    assert first == f"# yaml-language-server: $schema={MODEL_SCHEMA_URL}"
    assert second.startswith("# A starter organization file")
    path = write(tmp_path, out, "starter.yaml")
    status, out, err = run(capsys, "validate", path)
    assert (status, err) == (0, "")
    assert out.startswith(f"{path}: valid; Starter: ")
    org = cm.load(path)
    assert org.blueprints == tuple(blueprints)
    assert org == catalog.starter(blueprints, name="Starter")
    # Every job of the blueprints, once: a job two of them share (same_as) is kept once.
    every = catalog.responsibilities_of(blueprints)
    shared = {r for r in every if any(s in every for s in every[r].same_as)}
    implied = {k: v for k, v in every.items() if k not in shared}
    assert dict(org.responsibilities) == implied
    # The starter's roles use the blueprints' responsibilities without repeating them.
    assert "responsibilities:" not in Path(path).read_text(encoding="utf-8")


def test_cli_new_output_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    target = tmp_path / "studio.yaml"
    status, out, err = run(capsys, "new", "--blueprint", "nine-lives", "-o", str(target))
    assert (status, out, err) == (0, f"wrote {target}\n", "")
    written = target.read_text(encoding="utf-8")
    assert run(capsys, "new", "--blueprint", "nine-lives")[1] == written
    assert run(capsys, "validate", str(target))[0] == 0


def test_cli_new_refuses_to_overwrite(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    target = tmp_path / "studio.yaml"
    target.write_text("keep me\n", encoding="utf-8")
    assert run(capsys, "new", "--blueprint", "csmo-ties", "-o", str(target)) == (
        2,
        "",
        f"{target}: already exists; pass --force to overwrite it\n",
    )
    assert target.read_text(encoding="utf-8") == "keep me\n"
    status, out, _ = run(capsys, "new", "--blueprint", "csmo-ties", "-o", str(target), "--force")
    assert (status, out) == (0, f"wrote {target}\n")
    assert cm.load(target).blueprints == ("csmo-ties",)


def test_cli_new_unknown_blueprint(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    target = tmp_path / "x.yaml"
    assert run(capsys, "new", "--blueprint", "officer-duty", "-o", str(target)) == (
        2,
        "",
        f"no blueprint 'officer-duty' (did you mean 'officer-duties'?); choose one of {CHOICES}\n",
    )
    assert not target.exists()


@pytest.mark.parametrize("suffix", ["json", "toml"])
def test_cli_new_output_suffix(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], suffix: str
) -> None:
    target = tmp_path / f"starter.{suffix}"
    assert run(capsys, "new", "--blueprint", "csmo-ties", "-o", str(target)) == (
        0,
        f"wrote {target}\n",
        "",
    )
    assert run(capsys, "validate", str(target))[0] == 0
    assert cm.load(target) == catalog.starter(["csmo-ties"])


NINE_LIVES_PERSON = (
    "people:\n"
    "  - id: morgan\n"
    "    name: Morgan Lee\n"
    "    holds: [executive, strategy, content, editorial, engagement, technology, design,\n"
    "            reputation, training, revenue]\n"
)


def test_nine_lives_starter_with_a_person_keeps_colliding_acronyms_apart(
    capsys: pytest.CaptureFixture[str],
) -> None:
    status, out, _ = run(capsys, "new", "--blueprint", "nine-lives", "--name", "Studio")
    assert status == 0
    empty = "people: [\n#  {id: someone, name: Some One, holds: [executive]},\n]\n"
    assert out.count(empty) == 1
    org = cm.loads(out.replace(empty, NINE_LIVES_PERSON))
    assert org.blueprints == ("nine-lives",)
    assert sorted(org.roles) == sorted([*(life for life, _, _ in NINE_LIVES), "executive"])
    by_acronym: dict[str | None, list[str]] = {}
    for role in org.roles.values():
        by_acronym.setdefault(role.acronym, []).append(role.id)
    assert {a: sorted(ids) for a, ids in by_acronym.items()} == {
        "CSO": ["strategy"],
        "CCO": ["content"],
        "CEO": ["editorial", "engagement"],
        "CTO": ["technology", "training"],
        "CDO": ["design"],
        "CRO": ["reputation", "revenue"],
        None: ["executive"],
    }
    assert [(life, org.roles[life].title) for life, _, _ in NINE_LIVES] == [
        (life, title) for life, title, _ in NINE_LIVES
    ]
    # Each life stays its own job on its own role: all nine hang on Morgan, one finding.
    spofs = [
        f.ids
        for f in cm.audit(org)
        if f.kind == "single-point-of-failure" and f.data["scope"] == "person"
    ]
    assert spofs == [("morgan", *LIVES)]
    overload = [f for f in cm.audit(org) if f.kind == "overload"]
    assert [(f.ids, len(f.data["roles"])) for f in overload] == [(("morgan",), 10)]


def test_cli_catalog_id_without_show(capsys: pytest.CaptureFixture[str]) -> None:
    assert run(capsys, "catalog", "nine-lives") == run(capsys, "catalog", "show", "nine-lives")
    assert run(capsys, "catalog", "nine-lives")[0] == 0
    assert run(capsys, "catalog", "nine-lives", "csmo-ties") == (
        2,
        "",
        "usage: csmo catalog [[show] BLUEPRINT]\n",
    )


def test_cli_catalog_suggests_the_blueprint_a_prefix_names(
    capsys: pytest.CaptureFixture[str],
) -> None:
    names = ", ".join(catalog.names())
    assert run(capsys, "catalog", "show", "nine") == (
        2,
        "",
        f"no blueprint 'nine' (did you mean 'nine-lives'?); choose one of {names}\n",
    )

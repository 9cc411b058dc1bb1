"""YAML and TOML parsers and writers against the standard library's JSON, side by side.

Each candidate runs in a fresh interpreter, on the same organization in each
syntax, and reports its wall time (best of ``--repeat``) and the peak memory
(max RSS) of that interpreter, the text it read included. Candidates that are
not installed are listed as such. Make the files first::

    csmo generate 100000 x.json
    csmo convert x.json x.yaml
    csmo convert x.json x.toml
    python benchmarks/parsers.py x.json x.yaml x.toml

Install the candidates to compare (only the project's own dependencies are
needed for the rows csmo_model uses)::

    pip install yaml-rs ryaml py-yaml12 rtoml toml-rs tomli

Run on demand; never part of the test suite. It prints a Markdown table.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

# name -> (kind, import line, expression of `text` (load) or of `doc` (dump))
CANDIDATES: dict[str, tuple[str, str, str]] = {
    "json: json.loads (stdlib)": ("json", "import json", "json.loads(text)"),
    "json: csmo_model (stdlib json, strict hooks)": (
        "json",
        "from csmo_model._parse import parse_text",
        "parse_text(text, 'json')",
    ),
    "yaml: csmo_model (as shipped)": (
        "yaml",
        "from csmo_model._parse import parse_text",
        "parse_text(text, 'yaml')",
    ),
    "yaml: csmo_model strict PyYAML loader (the fallback)": (
        "yaml",
        "from csmo_model._parse import _strict_yaml",
        "_strict_yaml(text)",
    ),
    "yaml: PyYAML CSafeLoader (libyaml)": (
        "yaml",
        "import yaml",
        "yaml.load(text, Loader=yaml.CSafeLoader)",
    ),
    "yaml: yaml-rs": ("yaml", "import yaml_rs", "yaml_rs.loads(text, parse_datetime=False)"),
    "yaml: ryaml": ("yaml", "import ryaml", "ryaml.loads(text)"),
    "yaml: py-yaml12": ("yaml", "import yaml12", "yaml12.parse_yaml(text)"),
    "toml: csmo_model (as shipped)": (
        "toml",
        "from csmo_model._parse import parse_text",
        "parse_text(text, 'toml')",
    ),
    "toml: tomllib (stdlib, pure Python)": ("toml", "import tomllib", "tomllib.loads(text)"),
    "toml: tomli (compiled wheel)": ("toml", "import tomli", "tomli.loads(text)"),
    "toml: toml-rs": ("toml", "import toml_rs", "toml_rs.loads(text)"),
    "toml: rtoml": ("toml", "import rtoml", "rtoml.loads(text)"),
    "dump json: json.dumps(indent=2) (stdlib)": (
        "dump",
        "import json",
        "json.dumps(doc, indent=2, ensure_ascii=False)",
    ),
    "dump yaml: csmo_model (as shipped)": (
        "dump",
        "from csmo_model.io import _WRITERS",
        "''.join(_WRITERS['yaml'](doc))",
    ),
    "dump yaml: PyYAML CSafeDumper (libyaml)": (
        "dump",
        "import yaml",
        "yaml.dump(doc, Dumper=yaml.CSafeDumper, sort_keys=False, allow_unicode=True)",
    ),
    "dump yaml: yaml-rs": ("dump", "import yaml_rs", "yaml_rs.dumps(doc)"),
    "dump yaml: ryaml": ("dump", "import ryaml", "ryaml.dumps(doc)"),
    "dump toml: tomli-w": ("dump", "import tomli_w", "tomli_w.dumps(doc)"),
    "dump toml: rtoml": ("dump", "import rtoml", "rtoml.dumps(doc)"),
}

_PROBE = r"""
import json, resource, sys, time
kind, path, repeat, setup, expr = sys.argv[1:6]
try:
    exec(setup)
except ImportError as exc:
    print(json.dumps({"missing": str(exc)}))
    raise SystemExit(0)
text = open(path, encoding="utf-8").read()
doc = json.loads(text) if kind == "dump" else None
best = float("inf")
for _ in range(int(repeat)):
    start = time.perf_counter()
    result = eval(expr)
    best = min(best, time.perf_counter() - start)
    del result
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(json.dumps({"seconds": best, "peak_mb": peak}))
"""


def measure(kind: str, path: Path, setup: str, expr: str, repeat: int) -> dict[str, float | str]:
    """Run one candidate in a fresh interpreter; its JSON line as a dict."""
    out = subprocess.run(
        [sys.executable, "-c", _PROBE, kind, str(path), str(repeat), setup, expr],
        capture_output=True,
        text=True,
        check=False,
    )
    if out.returncode != 0:
        last = (out.stderr.strip().splitlines() or ["failed"])[-1]
        return {"error": last}
    result: dict[str, float | str] = json.loads(out.stdout.strip().splitlines()[-1])
    return result


def command(argv: list[str]) -> tuple[float, float]:
    """Wall seconds and peak memory (MB) of one command, run to completion."""
    start = time.perf_counter()
    proc = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(proc.pid, 0)
    seconds = time.perf_counter() - start
    if status != 0:
        raise SystemExit(
            f"{' '.join(argv)} failed: {proc.stderr.read().decode() if proc.stderr else ''}"
        )
    return seconds, usage.ru_maxrss / 1024


def commands(files: dict[str, Path], repeat: int, convert: bool) -> None:
    """The whole ``csmo validate FILE`` command for each file that exists, then ``csmo convert``."""
    print()
    print("| whole command | seconds | × JSON | peak memory (MB) | × JSON |")
    print("|---|---:|---:|---:|---:|")
    csmo = [sys.executable, "-m", "csmo_model"]
    runs: list[tuple[str, list[str]]] = [
        (
            f"csmo validate {files[s].name}",
            [*csmo, "validate", str(files[s]), "--max-bytes", str(10**11)],
        )
        for s in ("json", "yaml", "toml")
        if files[s].exists()
    ]
    with tempfile.TemporaryDirectory() as tmp:
        for suffix in ("json", "yaml", "toml") if convert else ():
            out = Path(tmp) / f"out.{suffix}"
            argv = [
                *csmo,
                "convert",
                str(files["json"]),
                str(out),
                "--force",
                "--max-bytes",
                str(10**11),
            ]
            runs.append((f"csmo convert {files['json'].name} out.{suffix}", argv))
        base: tuple[float, float] | None = None
        for name, argv in runs:
            seconds, peak = min(command(argv) for _ in range(repeat))
            if name.startswith(("csmo validate", "csmo convert")) and name.endswith(".json"):
                base = (seconds, peak)
            assert base is not None
            print(
                f"| {name} | {seconds:.2f} | {seconds / base[0]:.1f} | {peak:.0f} "
                f"| {peak / base[1]:.2f} |",
                flush=True,
            )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("json_file", type=Path)
    parser.add_argument("yaml_file", type=Path)
    parser.add_argument("toml_file", type=Path)
    parser.add_argument("--repeat", type=int, default=1)
    parser.add_argument("--only", nargs="*", default=None, help="substrings of candidate names")
    parser.add_argument("--commands", action="store_true", help="also time csmo validate")
    parser.add_argument("--convert", action="store_true", help="and csmo convert (with --commands)")
    args = parser.parse_args()
    files = {"json": args.json_file, "yaml": args.yaml_file, "toml": args.toml_file}
    files["dump"] = args.json_file
    print("| candidate | seconds | × JSON | peak memory (MB) | × JSON |")
    print("|---|---:|---:|---:|---:|")
    base: dict[str, dict[str, float | str]] = {}
    for name, (kind, setup, expr) in CANDIDATES.items():
        if args.only is not None and not any(s in name for s in args.only):
            continue
        result = measure(kind, files[kind], setup, expr, args.repeat)
        ref = "dump" if kind == "dump" else "load"
        if name.startswith(("json: json.loads", "dump json:")):
            base[ref] = result
        if "seconds" not in result:
            print(f"| {name} | {result.get('missing') or result.get('error')} | | | |")
            continue
        b = base.get(ref, {})
        t_ratio = f"{result['seconds'] / b['seconds']:.1f}" if "seconds" in b else ""  # type: ignore[operator]
        m_ratio = f"{result['peak_mb'] / b['peak_mb']:.2f}" if "peak_mb" in b else ""  # type: ignore[operator]
        seconds, peak = result["seconds"], result["peak_mb"]
        print(f"| {name} | {seconds:.2f} | {t_ratio} | {peak:.0f} | {m_ratio} |", flush=True)
    if args.commands:
        commands(files, args.repeat, args.convert)


if __name__ == "__main__":
    main()

"""Configuration files: finding the audit's options the way ruff finds its settings.

The options come from three layers, each changing the one below: the
defaults of :class:`~csmo_model.AuditOptions`, a configuration file, and the
command line. The file is ``csmo.toml`` (top-level keys) or the
``[tool.csmo]`` table of a ``pyproject.toml``, found by walking up from the
organization file's folder (in each folder ``csmo.toml`` first; a
``pyproject.toml`` without ``[tool.csmo]`` is passed over), or given with
``--config FILE``. Keys are the option names with dashes: ``max-span``,
``max-roles``, ``truck-factor-threshold``, ``required-functions``,
``blueprints``, ``select``, ``ignore``, ``severity`` (a table of kind to
severity), ``fail-on``, ``today``, ``backend``.
"""

from __future__ import annotations

import json
import os
import tomllib
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import attrs

from csmo_model.errors import did_you_mean
from csmo_model.options import AuditOptions

__all__ = ["CONFIG_FILES", "Config", "ConfigError", "discover", "find_config", "read_config"]


def __dir__() -> list[str]:
    return __all__


CONFIG_FILES = ("csmo.toml", "pyproject.toml")
"""The files searched in each folder, in order."""

_FIELDS = {f.name.replace("_", "-"): f.name for f in attrs.fields(AuditOptions)}


class ConfigError(ValueError):
    """A configuration file or option is invalid; one line per problem, each naming its place."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("\n".join(problems))
        self.problems = problems


@attrs.frozen(kw_only=True)
class Config:
    """The effective audit options and where each came from.

    Attributes:
        options: The options to audit with.
        sources: Option name -> ``"default"``, the configuration file's
            path, or ``"command line"``.
        path: The configuration file used, if any.
    """

    options: AuditOptions
    sources: Mapping[str, str]
    path: Path | None = None

    def show(self) -> str:
        """The options as TOML, ``key = value  # source``, as ``--show-config`` prints them.

        The output is valid ``csmo.toml`` text; an option without a value (such as
        ``today``) is shown as a comment.

        Examples
        --------
        >>> print(discover(None, overrides={"max_span": 8}).show().splitlines()[0])
        max-span = 8  # command line
        """
        lines = []
        for name, value in self.options.to_dict().items():
            key = name.replace("_", "-")
            source = self.sources[name]
            if value is None:
                lines.append(f"# {key} is not set  # {source}")
            else:
                lines.append(f"{key} = {_toml(value)}  # {source}")
        return "\n".join(lines)


def _toml(value: Any) -> str:
    """*value* as one line of TOML (JSON's strings, numbers and booleans are TOML too)."""
    if isinstance(value, list):
        return "[" + ", ".join(_toml(v) for v in value) + "]"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{json.dumps(k)} = {_toml(v)}" for k, v in value.items()) + "}"
    return json.dumps(value, ensure_ascii=False)


def find_config(start: str | os.PathLike[str]) -> Path | None:
    """Return the configuration file that applies to files in folder *start*, if any.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     root = pathlib.Path(tmp)
    ...     _ = (root / "csmo.toml").write_text("max-span = 8\\n")
    ...     (root / "teams").mkdir()
    ...     find_config(root / "teams") == root / "csmo.toml"
    True
    """
    folder = Path(start).resolve()
    for place in (folder, *folder.parents):
        for name in CONFIG_FILES:
            candidate = place / name
            if not candidate.is_file():
                continue
            if name == "pyproject.toml" and "csmo" not in _read(candidate).get("tool", {}):
                continue
            return candidate
    return None


def _read(path: Path) -> dict[str, Any]:
    try:
        with path.open("rb") as handle:
            return tomllib.load(handle)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError([f"{path}: not valid TOML: {exc}"]) from None
    except OSError as exc:
        raise ConfigError([f"{path}: cannot read the file: {exc.strerror}"]) from None


def read_config(path: str | os.PathLike[str]) -> dict[str, Any]:
    """Return the option changes a configuration file makes, as field name -> value.

    Raises
    ------
    ConfigError
        Listing every unknown key (with a did-you-mean hint) and bad value.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     path = pathlib.Path(tmp) / "csmo.toml"
    ...     _ = path.write_text('max-span = 8\\nignore = ["silo"]\\n')
    ...     read_config(path)
    {'max_span': 8, 'ignore': ['silo']}
    """
    path = Path(path)
    document = _read(path)
    where = str(path)
    if path.name == "pyproject.toml":
        table = document.get("tool", {}).get("csmo")
        if not isinstance(table, dict):
            raise ConfigError([f"{path}: no [tool.csmo] table"])
        document, where = table, f"{path} [tool.csmo]"
    changes: dict[str, Any] = {}
    problems = []
    for key, value in document.items():
        field = _FIELDS.get(key)
        if field is None:
            problems.append(
                f"{where}: unknown key {key!r}{did_you_mean(key, list(_FIELDS))}; "
                f"known keys are {', '.join(_FIELDS)}"
            )
            continue
        try:
            attrs.evolve(AuditOptions(), **{field: value})
        except (TypeError, ValueError) as exc:
            problems.append(f"{where}: {key}: {exc}")
            continue
        changes[field] = value
    if problems:
        raise ConfigError(problems)
    return changes


def discover(
    organization: str | os.PathLike[str] | None,
    *,
    config: str | os.PathLike[str] | None = None,
    overrides: Mapping[str, Any] | None = None,
    isolated: bool = False,
) -> Config:
    """Build the audit options for *organization*: defaults, then its config file, then *overrides*.

    Parameters
    ----------
    organization : path, optional
        The organization file; its folder is where the search starts
        (the working directory when ``None``).
    config : path, optional
        Use this configuration file instead of searching.
    overrides : mapping, optional
        Option changes that win over the file (the command line's).
    isolated : bool
        Ignore configuration files.

    Raises
    ------
    ConfigError
        If the file or an override is invalid.

    Examples
    --------
    >>> cfg = discover(None, overrides={"max_span": 8}, isolated=True)
    >>> cfg.options.max_span, cfg.sources["max_span"], cfg.sources["max_roles"]
    (8, 'command line', 'default')
    """
    sources = dict.fromkeys((f.name for f in attrs.fields(AuditOptions)), "default")
    path: Path | None = None
    changes: dict[str, Any] = {}
    if config is not None:
        path = Path(config)
        if not path.is_file():
            raise ConfigError([f"{path}: no such configuration file"])
    elif not isolated:
        start = Path(organization).parent if organization is not None else Path.cwd()
        path = find_config(start)
    if path is not None:
        for name, value in read_config(path).items():
            changes[name] = value
            sources[name] = str(path)
    problems = []
    for name, value in (overrides or {}).items():
        try:
            attrs.evolve(AuditOptions(), **{name: value})
        except (TypeError, ValueError) as exc:
            problems.append(f"command line: {name.replace('_', '-')}: {exc}")
            continue
        changes[name] = value
        sources[name] = "command line"
    if problems:
        raise ConfigError(problems)
    return Config(options=AuditOptions(**changes), sources=sources, path=path)

"""Model and audit how an organization runs social media.

The namespace is flat: everything a user needs is importable from
``csmo_model`` (``import csmo_model as cm``).
"""

from csmo_model._version import __version__
from csmo_model.errors import LoadError, ModelError, Problem
from csmo_model.io import dump, dumps, load, loads
from csmo_model.model import (
    Department,
    Function,
    Link,
    LinkKind,
    Organization,
    Person,
    Raci,
    Responsibility,
    Role,
)

__all__ = [
    "Department",
    "Function",
    "Link",
    "LinkKind",
    "LoadError",
    "ModelError",
    "Organization",
    "Person",
    "Problem",
    "Raci",
    "Responsibility",
    "Role",
    "__version__",
    "dump",
    "dumps",
    "load",
    "loads",
]


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))

"""Analyses of an organization, one module per family.

Every public function takes an :class:`~csmo_model.model.Organization` and
returns raw results (ids, counts, mappings); :func:`csmo_model.audit` turns
them into findings. Graph kernels such as :func:`separations` take a
networkx graph so anyone holding a graph can reuse them.
"""

from csmo_model.analysis import (  # noqa: F401 - organizing is reached as analysis.organizing
    blueprints,
    channels,
    coverage,
    links,
    organizing,
    resilience,
    structure,
    workload,
)
from csmo_model.analysis.blueprints import *  # noqa: F403
from csmo_model.analysis.channels import *  # noqa: F403
from csmo_model.analysis.coverage import *  # noqa: F403
from csmo_model.analysis.links import *  # noqa: F403
from csmo_model.analysis.organizing import OrganizingModel, Stage, Structure  # noqa: F401
from csmo_model.analysis.resilience import *  # noqa: F403
from csmo_model.analysis.structure import *  # noqa: F403
from csmo_model.analysis.workload import *  # noqa: F403

__all__ = sorted(
    [
        *blueprints.__all__,
        *channels.__all__,
        *coverage.__all__,
        *links.__all__,
        "OrganizingModel",
        "Stage",
        "Structure",
        *resilience.__all__,
        *structure.__all__,
        *workload.__all__,
    ]
)


def __dir__() -> list[str]:
    return __all__

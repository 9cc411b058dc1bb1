"""Foreign formats, both ways: graph files, diagrams, W3C ORG and HR exports.

Our own file format lives in :mod:`csmo_model.io`; this package speaks other
people's. Each writer takes an organization and an optional path (without one
it returns the text); each reader returns an :class:`~csmo_model.Organization`
and reports whatever it could not understand (see :data:`OnProblem`).

==================  =======================  ===================================
suffix              write                    read
==================  =======================  ===================================
``.graphml``        :func:`to_graphml`
``.gexf``           :func:`to_gexf`
``.mmd``            :func:`to_mermaid`
``.dot``            :func:`to_dot`
``.md``             :func:`to_markdown`
``.ttl``            :func:`to_w3c_org`       :func:`from_w3c_org` (extra ``rdf``)
``.csv``                                     :func:`from_hr_csv`
==================  =======================  ===================================

Examples
--------
>>> import csmo_model as cm
>>> from csmo_model import interop
>>> org = cm.examples.load("acme")
>>> interop.to_mermaid(org).splitlines()[3]
'flowchart TD'
>>> interop.from_w3c_org(interop.to_w3c_org(org)) == org
True
"""

from csmo_model.interop.graphs import (
    GraphView,
    export_graph,
    to_dot,
    to_gexf,
    to_graphml,
    to_markdown,
    to_mermaid,
)
from csmo_model.interop.hr_csv import HR_CSV_FIELDS, from_hr_csv
from csmo_model.interop.w3c_org import (
    CSMO,
    NotImportedWarning,
    OnProblem,
    from_w3c_org,
    id_from_iri,
    to_w3c_org,
)

__all__ = [
    "CSMO",
    "HR_CSV_FIELDS",
    "GraphView",
    "NotImportedWarning",
    "OnProblem",
    "export_graph",
    "from_hr_csv",
    "from_w3c_org",
    "id_from_iri",
    "to_dot",
    "to_gexf",
    "to_graphml",
    "to_markdown",
    "to_mermaid",
    "to_w3c_org",
]


def __dir__() -> list[str]:
    return __all__

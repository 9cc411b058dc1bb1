"""The W3C Organization Ontology (ORG) in Turtle, both ways (extra ``rdf``: rdflib).

Export maps the model onto ORG [1]_ and a few well-known vocabularies:

==========================  ==================================================
csmo_model                  RDF
==========================  ==================================================
Organization                ``org:Organization`` (``skos:prefLabel``) at ``<base>organization``
Department                  ``org:OrganizationalUnit`` at ``<base>unit/ID``;
                            ``org:unitOf``/``org:hasUnit`` the organization;
                            ``parent`` as ``org:subOrganizationOf`` (and
                            ``org:hasSubOrganization``)
Role                        ``org:Post`` at ``<base>post/ID``; ``org:postIn`` (and
                            ``org:hasPost``) its unit, or the organization;
                            ``org:reportsTo``; ``org:role`` an ``org:Role`` at
                            ``<base>role/ID`` labelled with the title
Person                      ``foaf:Person`` (``foaf:name``) at ``<base>person/ID``;
                            ``org:holds`` (and ``org:heldBy``) and one
                            ``org:Membership`` per role held (``org:member``,
                            ``org:organization``, ``org:role``)
Responsibility              ``csmo:Responsibility`` at ``<base>responsibility/ID``,
                            ``dcterms:description``
Link                        ``csmo:Link`` at ``<base>link/N``; also
                            ``org:linkedTo`` when it joins two departments
Channel                     ``csmo:Channel`` at ``<base>channel/ID``
Route                       ``csmo:Route`` at ``<base>route/N``
Metric                      ``csmo:Metric`` at ``<base>metric/ID`` (ORG has
                            no term for a measure)
Policy                      ``csmo:Policy`` at ``<base>policy/ID``
notes                       ``rdfs:comment``
==========================  ==================================================

Everything ORG has no term for is in a small vocabulary of our own under the
namespace :data:`CSMO` (prefix ``csmo:``). It is stable: files written today
read back with every later version.

=============================  ===============================================
``csmo:function``              a department's :class:`~csmo_model.Function` (text)
``csmo:acronym``               a role's acronym (text)
``csmo:external``              a role is filled from outside (boolean; not
                               written when the role leaves it to its department)
``csmo:level``                 a role's :class:`~csmo_model.Level` (text)
``csmo:dottedLineTo``          a dotted reporting line, post to post
                               (a sub-property of ``org:reportsTo``)
``csmo:dottedLineOrder``       the same targets as an RDF list, in order
                               (written when there are two or more)
``csmo:responsible``,          a role's RACI letter for a responsibility,
``csmo:accountable``,          post to responsibility
``csmo:consulted``,
``csmo:informed``
``csmo:raciOrder``             the responsibilities of a role's RACI, in
                               order, as an RDF list (written for two or more)
``csmo:Responsibility``        a job to be done; ``csmo:critical`` (boolean),
                               ``csmo:effort`` (decimal FTE)
``csmo:capacity``              a person's capacity (decimal FTE)
``csmo:Link``                  a cross-functional tie: ``csmo:firstEnd``,
                               ``csmo:secondEnd`` (posts or units),
                               ``csmo:kind`` (text)
``csmo:sameAs``                a responsibility's ``same_as``, an RDF list of text
``csmo:Channel``               where the organization listens: ``csmo:platform``
                               (text), ``csmo:owner`` (a post),
                               ``csmo:listener`` (posts; ``csmo:listenerOrder``
                               the same as an RDF list, in order)
``csmo:Route``                 where a topic goes: ``csmo:topic`` (text),
                               ``csmo:routedTo`` (a post)
``csmo:socialLead``            the organization's social lead (a post)
``csmo:chiefExecutive``        the organization's chief executive (a post)
``csmo:blueprints``            the blueprint ids, an RDF list of text
``csmo:index``                 an entity's position in its section, and a
                               membership's position in its holder's roles
``csmo:Metric``                a metric at ``<base>metric/ID``: ``csmo:owner``
                               (a post), ``csmo:reportedTo`` (an RDF list of
                               posts), ``csmo:measures`` (an RDF list of
                               responsibilities)
``csmo:Policy``                a policy at ``<base>policy/ID``:
                               ``csmo:policyKind`` (text), ``csmo:owner``,
                               ``csmo:reviewed`` (``xsd:date``),
                               ``csmo:reviewEveryMonths`` (integer)
=============================  ===============================================

Ids are written into the IRIs (percent-encoded where an IRI needs it) and read
back from them, so a round trip keeps everything the model holds:
``from_w3c_org(to_w3c_org(org)) == org``.

Import also reads files written by others: posts without ``org:postIn``;
people found through ``org:holds``, ``org:heldBy`` or ``org:Membership``
(a membership whose role is not a post becomes a role of its own, one per
organization and ``org:Role``); units through ``org:subOrganizationOf``,
``org:hasSubOrganization``, ``org:hasUnit`` and ``org:unitOf``; labels in
``skos:prefLabel``, ``rdfs:label`` or ``foaf:name`` in any language. Whatever
is not understood is reported, never dropped silently (see *on_problem*).

References
----------
.. [1] W3C, "The Organization Ontology", Recommendation, 16 January 2014.
   https://www.w3.org/TR/vocab-org/
"""

from __future__ import annotations

import contextlib
import datetime
import logging
import math
import os
import re
import threading
import unicodedata
import warnings
from collections.abc import Callable, Iterable, Iterator, Mapping
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal, TypeAlias, overload
from urllib.parse import unquote

from csmo_model.errors import LoadError, ModelError, Problem
from csmo_model.interop._common import (
    NotImportedWarning,
    OnProblem,
    _as_id,
    _deliver,
    _IdAllocator,
)
from csmo_model.io import DEFAULT_MAX_BYTES, write_atomic
from csmo_model.model import (
    Channel,
    Department,
    Function,
    Level,
    Link,
    LinkKind,
    Metric,
    Organization,
    Person,
    Platform,
    Policy,
    PolicyKind,
    Raci,
    Responsibility,
    Role,
    Route,
    Topic,
    not_a_member,
)

if TYPE_CHECKING:
    from rdflib import Graph, URIRef
    from rdflib.term import Node

__all__ = [
    "CSMO",
    "NotImportedWarning",
    "OnProblem",
    "from_w3c_org",
    "id_from_iri",
    "to_w3c_org",
]


def __dir__() -> list[str]:
    return __all__


CSMO = "https://w3id.org/csmo-model/ns#"
"""The namespace IRI of our own terms (prefix ``csmo:``)."""

_INSTALL = "pip install 'csmo-model[rdf]'"


def _rdflib() -> None:
    """Import rdflib, or say how to install it."""
    try:
        import rdflib  # noqa: F401
    except ImportError as exc:
        raise ImportError(
            f"reading and writing W3C ORG needs rdflib; install it with: {_INSTALL}"
        ) from exc


class _QuietLoggers:
    """Silence rdflib's loggers while in use: no warnings or tracebacks on stderr.

    rdflib logs a full traceback for every literal it cannot convert, and a
    warning for every IRI it thinks invalid; what matters of that is reported
    as problems (or raised) instead. Nested and concurrent uses share one
    silence, and the loggers are as they were once the last use ends.
    """

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._depth = 0
        self._level = logging.NOTSET
        self._disabled: list[tuple[logging.Logger, bool]] = []

    def __enter__(self) -> None:
        with self._lock:
            if self._depth == 0:
                top = logging.getLogger("rdflib")
                self._level = top.level
                top.setLevel(logging.CRITICAL + 1)  # and loggers made meanwhile inherit it
                self._disabled = [
                    (logger, logger.disabled)
                    for name, logger in list(logging.Logger.manager.loggerDict.items())
                    if isinstance(logger, logging.Logger)
                    and (name == "rdflib" or name.startswith("rdflib."))
                ]
                for logger, _ in self._disabled:
                    logger.disabled = True
            self._depth += 1

    def __exit__(self, *exc: object) -> None:
        with self._lock:
            self._depth -= 1
            if self._depth == 0:
                for logger, disabled in self._disabled:
                    logger.disabled = disabled
                self._disabled = []
                logging.getLogger("rdflib").setLevel(self._level)


_LOGGERS = _QuietLoggers()


@contextlib.contextmanager
def _quiet() -> Iterator[None]:
    """Neither rdflib's log records nor its warnings (``Parsing weird boolean``) get out."""
    with _LOGGERS, warnings.catch_warnings():
        warnings.filterwarnings("ignore", module=r"rdflib(\.|$)")
        yield


# -- Ids <-> IRIs -------------------------------------------------------------

_ID_PUNCTUATION = frozenset("._-")
_UCSCHAR = (
    (0xA0, 0xD7FF),
    (0xF900, 0xFDCF),
    (0xFDF0, 0xFFEF),
    *((p * 0x10000, p * 0x10000 + 0xFFFD) for p in range(1, 14)),
    (0xE1000, 0xEFFFD),
)


def _iri_char(c: str) -> bool:
    if c.isascii():
        return c.isalnum() or c in _ID_PUNCTUATION or c == "~"
    return any(lo <= ord(c) <= hi for lo, hi in _UCSCHAR)


def _encode_id(ident: str) -> str:
    """Return *ident* as one IRI path segment; :func:`id_from_iri` reads it back.

    Letters and digits of any script stay as they are; ``/`` and anything an
    IRI cannot hold are percent-encoded (UTF-8).

    Examples
    --------
    >>> _encode_id("nine-lives/strategy"), _encode_id("広報")
    ('nine-lives%2Fstrategy', '広報')
    """
    return "".join(
        c if _iri_char(c) else "".join(f"%{b:02X}" for b in c.encode("utf-8")) for c in ident
    )


def _local_name(iri: str) -> str:
    iri = iri.rstrip("/#")
    cut = max(iri.rfind("/"), iri.rfind("#"))
    if cut < 0:
        cut = iri.rfind(":")
    return iri[cut + 1 :]


def id_from_iri(iri: str) -> str:
    """Derive an id from an IRI: its local name, percent-decoded, NFC, made valid.

    The local name is what follows the last ``/`` or ``#`` (or ``:`` if there
    is neither); a trailing ``/`` or ``#`` is ignored. Returns ``""`` when no
    usable character is left.

    Examples
    --------
    >>> id_from_iri("https://example.org/post/nine-lives%2Fstrategy")
    'nine-lives/strategy'
    >>> id_from_iri("http://example.org/org#Direcci%C3%B3n%20General")
    'Dirección-General'
    >>> id_from_iri("http://example.org/people/jane/")
    'jane'
    """
    return _as_id(unquote(_local_name(iri), errors="replace"))


# -- Export -------------------------------------------------------------------


def _decimal(value: float) -> str:
    """A float as an ``xsd:decimal`` lexical form that reads back to the same float."""
    text = format(Decimal(repr(value)), "f")
    return text if "." in text else text + ".0"


def _default_base(name: str) -> str:
    slug = _as_id(unicodedata.normalize("NFC", name).lower()) or "organization"
    return f"https://example.org/{_encode_id(slug)}/"


@overload
def to_w3c_org(org: Organization, path: None = None, *, base: str | None = None) -> str: ...
@overload
def to_w3c_org(
    org: Organization, path: str | os.PathLike[str], *, base: str | None = None
) -> None: ...
def to_w3c_org(
    org: Organization, path: str | os.PathLike[str] | None = None, *, base: str | None = None
) -> str | None:
    """Write *org* as W3C Organization Ontology Turtle.

    The mapping is in the module documentation; nothing the model holds is
    left out, so :func:`from_w3c_org` reads back an equal organization.

    Parameters
    ----------
    org : Organization
    path : str or path-like, optional
        Where to write (``.ttl``); without it the text is returned.
    base : str, optional
        The namespace the organization's IRIs are minted in, such as
        ``"https://data.example.com/acme/"``; it should end in ``/`` or ``#``
        (a ``/`` is added otherwise). Pass your own when you publish the
        data; the default is ``https://example.org/<name>/``.

    Returns
    -------
    str or None
        The Turtle text, or ``None`` when it was written to *path*.

    Raises
    ------
    ImportError
        rdflib is not installed (``pip install 'csmo-model[rdf]'``).
    ValueError
        *base* is not an absolute IRI, or holds a character an IRI cannot
        (a space, a control character, a backquote or one of ``<>"{}|\\^``),
        or rdflib fails to write the graph.

    Examples
    --------
    >>> import csmo_model as cm
    >>> org = cm.examples.load("acme")
    >>> text = to_w3c_org(org, base="https://data.example.com/acme/")
    >>> print(text[text.index("post:cmo "):].split("\\n\\n")[0])
    post:cmo a org:Post ;
        skos:prefLabel "Chief Marketing Officer" ;
        org:postIn unit:marketing ;
        org:reportsTo post:ceo ;
        org:role role:cmo ;
        csmo:acronym "CMO" ;
        csmo:index 1 .
    >>> from_w3c_org(text) == org
    True
    """
    _rdflib()
    base = _check_base(_default_base(org.name) if base is None else base)
    with _quiet():
        text = _turtle(org, base)
    return _write(text, path)


_NOT_IN_IRI = frozenset(' <>"{}|\\^`')


def _check_base(base: str) -> str:
    """*base* as a namespace (ending in ``/`` or ``#``), or a ValueError saying what is wrong."""
    if not re.match(r"[A-Za-z][A-Za-z0-9+.-]*:", base):
        raise ValueError(
            f"base must be an absolute IRI such as 'https://example.com/', got {base!r}"
        )
    for i, c in enumerate(base):
        if c in _NOT_IN_IRI or unicodedata.category(c) in ("Cc", "Cs"):
            shown = "a space" if c == " " else repr(c)
            raise ValueError(
                f"base {base!r} has {shown} at position {i + 1}, which an IRI cannot hold; "
                "percent-encode it (a space is %20) or leave it out"
            )
    return base if base.endswith(("/", "#")) else base + "/"


# -- levels, chief executive, external (issue 13, section 2 and 3) ------------------------


def _write_chief_executive(
    g: Any, root: Any, org: Organization, C: Any, iri: Callable[[str, str], Any]
) -> None:
    """``csmo:chiefExecutive``: the organization's chief executive, when named."""
    if org.chief_executive is not None:
        g.add((root, C["chiefExecutive"], iri("post", org.chief_executive)))


def _write_external_and_level(g: Any, post: Any, role: Role, C: Any) -> None:
    """``csmo:external`` as written (none when the department decides), and ``csmo:level``."""
    from rdflib import Literal

    if role.external is not None:
        g.add((post, C["external"], Literal(role.external)))
    if role.level is not None:
        g.add((post, C["level"], Literal(role.level.value)))


# -- end of levels, chief executive, external -------------------------------------------


def _turtle(org: Organization, base: str) -> str:
    """*org* as Turtle, its IRIs minted under *base* (already checked)."""
    writer = _TurtleWriter(org, base)
    writer.organization()
    writer.departments()
    writer.responsibilities()
    writer.roles()
    writer.people()
    writer.links()
    _channels_turtle(writer.g, org, writer.spaces, writer.C, writer.ordered)
    writer.metrics()
    writer.policies()
    try:
        return writer.g.serialize(format="turtle")
    except Exception as exc:  # noqa: BLE001 - whatever rdflib raises, say it plainly
        why = str(exc).strip().splitlines()
        raise ValueError(
            f"cannot write {org.name!r} as Turtle: {why[0] if why else type(exc).__name__}"
        ) from None


class _TurtleWriter:
    """The graph of one organization, added to a section at a time (see :func:`_turtle`)."""

    def __init__(self, org: Organization, base: str) -> None:
        from rdflib import Graph, Namespace, URIRef
        from rdflib.namespace import DCTERMS, FOAF, ORG, RDF, RDFS, SKOS, XSD

        self.org = org
        self.C = Namespace(CSMO)
        self.spaces = {
            kind: Namespace(base + kind + "/")
            for kind in (
                "unit",
                "post",
                "role",
                "person",
                "responsibility",
                "membership",
                "link",
                "channel",
                "route",
                "metric",
                "policy",
            )
        }
        self.g = Graph(bind_namespaces="none")
        for prefix, ns in (
            ("org", ORG._NS),
            ("skos", SKOS._NS),
            ("foaf", FOAF._NS),
            ("dcterms", DCTERMS._NS),
            ("rdf", RDF._NS),
            ("rdfs", RDFS._NS),
            ("xsd", XSD._NS),
            ("csmo", self.C),
            *self.spaces.items(),
        ):
            self.g.bind(prefix, ns)
        self.root = URIRef(base + "organization")

    def iri(self, kind: str, ident: str) -> URIRef:
        return self.spaces[kind][_encode_id(ident)]

    def node_of(self, ident: str) -> URIRef:
        return self.iri("unit", ident) if ident in self.org.departments else self.iri("post", ident)

    def text(self, subject: URIRef, predicate: URIRef, value: str | None) -> None:
        from rdflib import Literal

        if value is not None:
            self.g.add((subject, predicate, Literal(value)))

    def amount(self, subject: URIRef, predicate: URIRef, value: float | None) -> None:
        from rdflib import Literal
        from rdflib.namespace import XSD

        if value is not None:
            self.g.add((subject, predicate, Literal(_decimal(value), datatype=XSD.decimal)))

    def ordered(self, subject: URIRef, predicate: URIRef, items: list[Any]) -> None:
        from rdflib import BNode
        from rdflib.collection import Collection

        head = BNode()
        Collection(self.g, head, items)
        self.g.add((subject, predicate, head))

    def organization(self) -> None:
        from rdflib import Literal
        from rdflib.namespace import ORG, RDF, RDFS, SKOS

        g, org, root, C = self.g, self.org, self.root, self.C
        g.add((root, RDF.type, ORG.Organization))
        g.add((root, SKOS.prefLabel, Literal(org.name)))
        self.text(root, RDFS.comment, org.notes)
        if org.social_lead is not None:
            g.add((root, C["socialLead"], self.iri("post", org.social_lead)))
        _write_chief_executive(g, root, org, C, self.iri)
        if org.blueprints:
            self.ordered(root, C["blueprints"], [Literal(b) for b in org.blueprints])

    def departments(self) -> None:
        from rdflib import Literal
        from rdflib.namespace import ORG, RDF, RDFS, SKOS

        g, root, C = self.g, self.root, self.C
        for i, dept in enumerate(self.org.departments.values()):
            unit = self.iri("unit", dept.id)
            g.add((unit, RDF.type, ORG.OrganizationalUnit))
            g.add((unit, SKOS.prefLabel, Literal(dept.name)))
            g.add((unit, C["function"], Literal(dept.function.value)))
            g.add((unit, ORG.unitOf, root))
            g.add((root, ORG.hasUnit, unit))
            if dept.parent is not None:
                parent = self.iri("unit", dept.parent)
                g.add((unit, ORG.subOrganizationOf, parent))
                g.add((parent, ORG.hasSubOrganization, unit))
            self.text(unit, RDFS.comment, dept.notes)
            g.add((unit, C["index"], Literal(i)))

    def responsibilities(self) -> None:
        from rdflib import Literal
        from rdflib.namespace import DCTERMS, RDF, RDFS, SKOS

        g, C = self.g, self.C
        for i, resp in enumerate(self.org.responsibilities.values()):
            node = self.iri("responsibility", resp.id)
            g.add((node, RDF.type, C["Responsibility"]))
            g.add((node, SKOS.prefLabel, Literal(resp.name)))
            self.text(node, DCTERMS.description, resp.description)
            g.add((node, C["critical"], Literal(resp.critical)))
            self.amount(node, C["effort"], resp.effort)
            self.text(node, RDFS.comment, resp.notes)
            g.add((node, C["index"], Literal(i)))
            if resp.same_as:
                self.ordered(node, C["sameAs"], [Literal(x) for x in resp.same_as])

    def roles(self) -> None:
        from rdflib import Literal
        from rdflib.namespace import ORG, RDF, RDFS, SKOS

        g, root, C, iri = self.g, self.root, self.C, self.iri
        raci_property = {Raci.R: C["responsible"], Raci.A: C["accountable"]}
        raci_property.update({Raci.C: C["consulted"], Raci.I: C["informed"]})
        for i, role in enumerate(self.org.roles.values()):
            post = iri("post", role.id)
            unit = iri("unit", role.department) if role.department is not None else root
            g.add((post, RDF.type, ORG.Post))
            g.add((post, SKOS.prefLabel, Literal(role.title)))
            g.add((post, ORG.postIn, unit))
            g.add((unit, ORG.hasPost, post))
            kind = iri("role", role.id)
            g.add((post, ORG.role, kind))
            g.add((kind, RDF.type, ORG.Role))
            g.add((kind, SKOS.prefLabel, Literal(role.title)))
            self.text(post, C["acronym"], role.acronym)
            if role.reports_to is not None:
                g.add((post, ORG.reportsTo, iri("post", role.reports_to)))
            for target in role.dotted_to:
                g.add((post, C["dottedLineTo"], iri("post", target)))
            if len(role.dotted_to) > 1:
                self.ordered(post, C["dottedLineOrder"], [iri("post", t) for t in role.dotted_to])
            _write_external_and_level(g, post, role, C)
            for resp_id, value in role.raci.items():
                for letter in value.letters:  # RA is written as csmo:responsible and :accountable
                    g.add((post, raci_property[letter], iri("responsibility", resp_id)))
            if len(role.raci) > 1:
                self.ordered(post, C["raciOrder"], [iri("responsibility", r) for r in role.raci])
            self.text(post, RDFS.comment, role.notes)
            g.add((post, C["index"], Literal(i)))

    def people(self) -> None:
        from rdflib import Literal
        from rdflib.namespace import FOAF, RDF, RDFS

        g, C = self.g, self.C
        for i, person in enumerate(self.org.people.values()):
            agent = self.iri("person", person.id)
            g.add((agent, RDF.type, FOAF.Person))
            g.add((agent, FOAF.name, Literal(person.name)))
            for j, role_id in enumerate(person.holds):
                self.membership(agent, person.id, role_id, j)
            self.amount(agent, C["capacity"], person.capacity)
            self.text(agent, RDFS.comment, person.notes)
            g.add((agent, C["index"], Literal(i)))

    def membership(self, agent: URIRef, person_id: str, role_id: str, j: int) -> None:
        """*agent* holds the post *role_id*, the *j*-th it holds, as an org:Membership too."""
        from rdflib import Literal
        from rdflib.namespace import ORG, RDF

        g, iri = self.g, self.iri
        post = iri("post", role_id)
        g.add((agent, ORG.holds, post))
        g.add((post, ORG.heldBy, agent))
        membership = self.spaces["membership"][f"{_encode_id(person_id)}/{_encode_id(role_id)}"]
        department = self.org.roles[role_id].department
        g.add((membership, RDF.type, ORG.Membership))
        g.add((membership, ORG.member, agent))
        g.add(
            (
                membership,
                ORG.organization,
                self.root if department is None else iri("unit", department),
            )
        )
        g.add((membership, ORG.role, iri("role", role_id)))
        g.add((membership, self.C["index"], Literal(j)))

    def links(self) -> None:
        from rdflib import Literal
        from rdflib.namespace import ORG, RDF, RDFS

        g, C, org = self.g, self.C, self.org
        for i, link in enumerate(org.links):
            node = self.spaces["link"][str(i + 1)]
            a, b = link.between
            g.add((node, RDF.type, C["Link"]))
            g.add((node, C["firstEnd"], self.node_of(a)))
            g.add((node, C["secondEnd"], self.node_of(b)))
            g.add((node, C["kind"], Literal(link.kind.value)))
            self.text(node, RDFS.comment, link.notes)
            g.add((node, C["index"], Literal(i)))
            if a in org.departments and b in org.departments:
                g.add((self.iri("unit", a), ORG.linkedTo, self.iri("unit", b)))

    # Issue 13, section 4: metrics and policies (no W3C ORG term fits: csmo: terms).
    def metrics(self) -> None:
        from rdflib import Literal
        from rdflib.namespace import RDF, RDFS, SKOS

        g, C, iri = self.g, self.C, self.iri
        for i, metric in enumerate(self.org.metrics.values()):
            node = iri("metric", metric.id)
            g.add((node, RDF.type, C["Metric"]))
            g.add((node, SKOS.prefLabel, Literal(metric.name)))
            if metric.owner is not None:
                g.add((node, C["owner"], iri("post", metric.owner)))
            if metric.reported_to:
                self.ordered(node, C["reportedTo"], [iri("post", r) for r in metric.reported_to])
            if metric.measures:
                self.ordered(
                    node, C["measures"], [iri("responsibility", r) for r in metric.measures]
                )
            self.text(node, RDFS.comment, metric.notes)
            g.add((node, C["index"], Literal(i)))

    def policies(self) -> None:
        from rdflib import Literal
        from rdflib.namespace import RDF, RDFS, SKOS

        g, C = self.g, self.C
        for i, policy in enumerate(self.org.policies.values()):
            node = self.iri("policy", policy.id)
            g.add((node, RDF.type, C["Policy"]))
            g.add((node, SKOS.prefLabel, Literal(policy.name)))
            g.add((node, C["policyKind"], Literal(policy.kind.value)))
            if policy.owner is not None:
                g.add((node, C["owner"], self.iri("post", policy.owner)))
            if policy.reviewed is not None:
                g.add((node, C["reviewed"], Literal(policy.reviewed)))
            if policy.review_every_months is not None:
                g.add((node, C["reviewEveryMonths"], Literal(policy.review_every_months)))
            self.text(node, RDFS.comment, policy.notes)
            g.add((node, C["index"], Literal(i)))


def _channels_turtle(
    g: Graph, org: Organization, spaces: Mapping[str, Any], C: Any, ordered: Any
) -> None:
    """Add *org*'s channels and routes to *g*, in the ``csmo:`` vocabulary."""
    from rdflib import Literal
    from rdflib.namespace import RDF, RDFS, SKOS

    def post(ident: str) -> Any:
        return spaces["post"][_encode_id(ident)]

    for i, channel in enumerate(org.channels.values()):
        node = spaces["channel"][_encode_id(channel.id)]
        g.add((node, RDF.type, C["Channel"]))
        g.add((node, SKOS.prefLabel, Literal(channel.name)))
        g.add((node, C["platform"], Literal(channel.platform.value)))
        if channel.owner is not None:
            g.add((node, C["owner"], post(channel.owner)))
        for listener in channel.listeners:
            g.add((node, C["listener"], post(listener)))
        if len(channel.listeners) > 1:
            ordered(node, C["listenerOrder"], [post(r) for r in channel.listeners])
        if channel.notes is not None:
            g.add((node, RDFS.comment, Literal(channel.notes)))
        g.add((node, C["index"], Literal(i)))
    for i, route in enumerate(org.routes):
        node = spaces["route"][str(i + 1)]
        g.add((node, RDF.type, C["Route"]))
        g.add((node, C["topic"], Literal(route.topic.value)))
        g.add((node, C["routedTo"], post(route.to)))
        if route.notes is not None:
            g.add((node, RDFS.comment, Literal(route.notes)))
        g.add((node, C["index"], Literal(i)))


def _write(text: str, path: str | os.PathLike[str] | None) -> str | None:
    if path is None:
        return text
    write_atomic(path, text)
    return None


# -- Import -------------------------------------------------------------------

_Syntax: TypeAlias = Literal["turtle", "nt", "xml"]
_SYNTAXES: dict[str, _Syntax] = {
    ".ttl": "turtle",
    ".turtle": "turtle",
    ".nt": "nt",
    ".rdf": "xml",
    ".owl": "xml",
}
_SYNTAX_NAMES = ("turtle", "nt", "xml")
_SHOWN = {"turtle": "Turtle", "nt": "N-Triples", "xml": "RDF/XML"}


def from_w3c_org(
    source: str | bytes | os.PathLike[str],
    *,
    syntax: _Syntax | None = None,
    name: str | None = None,
    on_problem: OnProblem = "warn",
    max_bytes: int | None = DEFAULT_MAX_BYTES,
) -> Organization:
    """Read an organization from W3C Organization Ontology RDF.

    Reads back what :func:`to_w3c_org` writes, exactly, and files written by
    others (see the module documentation for what is understood). Ids come
    from the IRIs (:func:`id_from_iri`; blank nodes take theirs from their
    label); where two things would get the same id, the one whose IRI sorts
    first keeps it and the others get ``-2``, ``-3``... Labels may be in
    ``skos:prefLabel``, ``rdfs:label`` or ``foaf:name``: English is preferred
    (``en``, then ``en-*``), then a label without a language, then the others
    in the order of their language tags; the labels not kept are reported.
    So are literals that are not valid for their datatype
    (``"abc"^^xsd:integer``) where a value is read, and rdflib's own log
    messages and warnings are kept off stderr while it parses.

    Parameters
    ----------
    source : str, bytes or path-like
        A path, or the RDF itself: bytes, or a string with a line break in it.
    syntax : {"turtle", "nt", "xml"}, optional
        Turtle, N-Triples or RDF/XML; by default from the suffix (``.nt``,
        ``.rdf``, ``.owl``), else Turtle. (JSON-LD is not read: its parser
        fetches remote contexts, which reading a file should never do.)
    name : str, optional
        The organization's name when the file names none (default: the
        file's stem, or ``"Imported organization"``).
    on_problem : {"warn", "raise"} or callable
        What to do with statements that were not understood and with choices
        made on ambiguous data (see :data:`OnProblem`).
    max_bytes : int or None
        Refuse larger files (``None``: no limit).

    Returns
    -------
    Organization

    Raises
    ------
    ImportError
        rdflib is not installed (``pip install 'csmo-model[rdf]'``).
    LoadError
        The file cannot be read or is not valid RDF in that syntax, or is
        RDF/XML with a ``<!DOCTYPE`` or ``<!ENTITY`` declaration (entities
        can expand without limit, so they are refused before parsing).
    ModelError
        The organization it describes is invalid (problems are located by
        IRI), or ``on_problem="raise"`` and something was not understood.

    Examples
    --------
    >>> turtle = '''
    ... @prefix org: <http://www.w3.org/ns/org#> .
    ... @prefix skos: <http://www.w3.org/2004/02/skos/core#> .
    ... @prefix ex: <http://example.org/> .
    ... ex:acme a org:FormalOrganization ; skos:prefLabel "Acme"@en .
    ... ex:boss a org:Post ; skos:prefLabel "Jefe"@es, "Boss"@en ; org:postIn ex:acme .
    ... ex:kim org:holds ex:boss ; ex:shoeSize 42 .
    ... '''
    >>> problems = []
    >>> org = from_w3c_org(turtle, on_problem=problems.append)
    >>> org.name, org.roles["boss"].title, org.people["kim"].holds
    ('Acme', 'Boss', ('boss',))
    >>> print(*problems, sep="\\n")
    skos:prefLabel: 1 text not imported: only one is kept, English first (on ex:boss; in es)
    ex:shoeSize: 1 statement not understood, not imported (on ex:kim)
    """
    _rdflib()
    import rdflib

    if syntax is not None and syntax not in _SYNTAX_NAMES:
        raise ValueError(f"unknown syntax {syntax!r}; use 'turtle', 'nt' or 'xml'")
    label = "Imported organization" if name is None else name
    where: str | None = None
    data: str | bytes
    if isinstance(source, bytes) or (isinstance(source, str) and "\n" in source):
        data = source
        fmt: _Syntax = syntax or "turtle"
    else:
        where = os.fspath(source)
        fmt = syntax or _SYNTAXES.get(Path(where).suffix.lower(), "turtle")
        if name is None:
            label = Path(where).stem
        try:
            with open(where, "rb") as handle:
                data = handle.read() if max_bytes is None else handle.read(max_bytes + 1)
        except OSError as exc:
            raise LoadError([Problem("", f"cannot read the file: {exc.strerror}")], where) from None
    size = len(data) if isinstance(data, bytes) else len(data.encode("utf-8", "surrogatepass"))
    if max_bytes is not None and size > max_bytes:
        raise LoadError(
            [Problem("", f"the file is over the limit of {max_bytes:,} bytes; raise max_bytes")],
            where,
        )
    if fmt == "xml":
        refused = _xml_declaration(data)
        if refused is not None:
            raise LoadError([refused], where)
    g = rdflib.Graph()
    with _quiet():
        try:
            g.parse(data=data, format=fmt)
        except Exception as exc:  # noqa: BLE001 - every parser failure becomes a LoadError
            raise LoadError([_syntax_problem(exc, _SHOWN[fmt])], where) from None
        reader = _Reader(g)
        try:
            org = reader.organization(label)
        except ModelError as exc:
            raise ModelError(exc.problems, where) from None
    _deliver(reader.problems, on_problem, where)
    return org


_DECLARATION = re.compile(r"<!(?:DOCTYPE|ENTITY)", re.IGNORECASE)
_DECLARATIONS = {
    codec: re.compile(
        b"|".join(re.escape(word.encode(codec)) for word in ("<!DOCTYPE", "<!ENTITY")),
        re.IGNORECASE,
    )
    for codec in ("utf-8", "utf-16-le", "utf-16-be", "utf-32-le", "utf-32-be")
}
_XML_STARTS = (  # byte-order marks, then "<" or "<?" (XML 1.0, appendix F)
    (b"\xff\xfe\x00\x00", "utf-32-le"),
    (b"\x00\x00\xfe\xff", "utf-32-be"),
    (b"\xff\xfe", "utf-16-le"),
    (b"\xfe\xff", "utf-16-be"),
    (b"<\x00\x00\x00", "utf-32-le"),
    (b"\x00\x00\x00<", "utf-32-be"),
    (b"<\x00", "utf-16-le"),
    (b"\x00<", "utf-16-be"),
)


def _xml_declaration(data: str | bytes) -> Problem | None:
    """Refuse RDF/XML with a ``<!DOCTYPE`` or ``<!ENTITY`` declaration, located by line.

    Entities can nest (a kilobyte can expand to gigabytes) and reach outside
    the file; RDF/XML needs neither, so files declaring any are not parsed.
    """
    found: tuple[str, int] | None = None
    if isinstance(data, str):
        match = _DECLARATION.search(data)
        if match is not None:
            found = (match.group(), data.count("\n", 0, match.start()) + 1)
    else:
        # Every encoding is searched; the one the file starts in first, for the line number.
        start = next((c for lead, c in _XML_STARTS if data.startswith(lead)), "utf-8")
        for codec in sorted(_DECLARATIONS, key=lambda c: c != start):
            hit = _DECLARATIONS[codec].search(data)
            if hit is not None:
                before = data[: hit.start()].decode(codec, errors="replace")
                found = (hit.group().decode(codec), before.count("\n") + 1)
                break
    if found is None:
        return None
    word, line = found
    return Problem(
        f"line {line}",
        f"a <!{word[2:].upper()}> declaration: RDF/XML that declares entities is not read, "
        "as they can expand without limit; write them out in full and remove the declaration",
    )


def _syntax_problem(exc: Exception, syntax: str) -> Problem:
    """Locate a parser error by line where the parser says where it is."""
    line = getattr(exc, "lines", None)  # rdflib's Turtle parser: 0-based line
    why = getattr(exc, "_why", None)
    if isinstance(line, int) and isinstance(why, str):
        return Problem(f"line {line + 1}", f"not valid {syntax}: {why}")
    text = str(exc).strip()
    return Problem(
        "", f"not valid {syntax}: {text.splitlines()[0] if text else type(exc).__name__}"
    )


_PATH = re.compile(r"^(departments|responsibilities|roles|people|links)\[(\d+)\]")


class _Reader:
    """One pass over a graph: classify the nodes, read them, report every unused statement.

    Each statement the reader consults is marked as used; whatever is left
    at the end was not understood and is reported, grouped by predicate.
    """

    def __init__(self, g: Graph) -> None:
        from rdflib import Namespace
        from rdflib.namespace import DCTERMS, FOAF, ORG, RDF, RDFS, SKOS

        self.g = g
        self.C = Namespace(CSMO)
        self.ORG, self.RDF, self.RDFS, self.SKOS = ORG, RDF, RDFS, SKOS
        self.FOAF, self.DCTERMS = FOAF, DCTERMS
        self.labels = (SKOS.prefLabel, RDFS.label, FOAF.name)
        self.used: set[tuple[Node, Node, Node]] = set()
        self.passed_over: set[tuple[Node, Node, Node]] = set()  # texts another text beat
        self.problems: list[Problem] = []
        self._keys: dict[Node, tuple[Any, ...]] = {}
        self._index: dict[Node, int | None] = {}

    # -- Statements.

    def key(self, node: Any) -> tuple[Any, ...]:
        """A sort key that does not depend on blank node labels (which change every parse)."""
        from rdflib import BNode, Literal, URIRef

        if isinstance(node, URIRef):
            return (0, str(node))
        if isinstance(node, Literal):
            return (2, str(node), node.language or "", str(node.datatype or ""))
        if isinstance(node, tuple):  # a role derived from memberships: (unit, org:Role)
            return (3, *(self.key(n) if n is not None else () for n in node))
        if node not in self._keys:

            def show(n: Node) -> str:
                return "_" if isinstance(n, BNode) else str(n)

            out = sorted((str(p), show(o)) for p, o in self.g.predicate_objects(node))
            into = sorted((show(s), str(p)) for s, p in self.g.subject_predicates(node))
            self._keys[node] = (1, tuple(out), tuple(into))
        return self._keys[node]

    def sort(self, nodes: Iterable[Any]) -> list[Any]:
        return sorted(set(nodes), key=self.key)

    def objects(self, s: Node, p: Node) -> list[Node]:
        found = set()
        for o in self.g.objects(s, p):
            self.used.add((s, p, o))
            found.add(o)
        return self.sort(found)

    def subjects(self, p: Node, o: Node) -> list[Node]:
        found = set()
        for s in self.g.subjects(p, o):
            self.used.add((s, p, o))
            found.add(s)
        return self.sort(found)

    def ends(self, p: Node) -> tuple[set[Node], set[Node]]:
        """All subjects and all objects of *p* (statements not marked)."""
        pairs = list(self.g.subject_objects(p))
        return {s for s, _ in pairs}, {o for _, o in pairs}

    def typed(self, *classes: Node) -> set[Node]:
        return {s for c in classes for s in self.g.subjects(self.RDF.type, c)}

    def use_types(self, node: Node, classes: Iterable[Node]) -> None:
        for c in classes:
            if (node, self.RDF.type, c) in self.g:
                self.used.add((node, self.RDF.type, c))

    def show(self, node: Any) -> str:
        from rdflib import BNode

        if isinstance(node, BNode):
            name = self.best_text(node, self.labels, mark=False)
            return f"[blank node {name!r}]" if name else "[blank node]"
        return str(node.n3(self.g.namespace_manager))

    def note(self, node: Any, message: str) -> None:
        self.problems.append(Problem(self.show(node) if node is not None else "", message))

    def best_text(self, node: Node, predicates: Iterable[Node], *, mark: bool = True) -> str | None:
        """The preferred text among *predicates*: English, no language, then the others.

        Ties go to the earlier predicate, then to the smaller text. With
        *mark*, the statements giving that text are used, the other texts are
        remembered as passed over (reported by :meth:`report_unused`), and
        values that are not text are reported.
        """
        from rdflib import Literal

        found = []
        for rank, predicate in enumerate(predicates):
            values: Iterable[Node] = self.g.objects(node, predicate)
            for o in self.sort(values) if mark else values:  # sorted: notes in a fixed order
                if isinstance(o, Literal) and o.ill_typed:
                    if mark:
                        self.used.add((node, predicate, o))
                        self.note(node, self.ill_typed(predicate, o, "not used"))
                elif isinstance(o, Literal) and str(o).strip():
                    lang = (o.language or "").lower()
                    order = (
                        0 if lang == "en" else 1 if lang.startswith("en-") else 2 if not lang else 3
                    )
                    found.append(((order, lang, rank, str(o), self.key(o)), predicate, o))
                elif mark:
                    self.used.add((node, predicate, o))
                    self.note(node, f"{self.show(predicate)} {self.show(o)} is not text; not used")
        if not found:
            return None
        best = str(min(found, key=lambda f: f[0])[2])
        if mark:
            for _, predicate, o in found:  # the same text elsewhere is not lost
                statement = (node, predicate, o)
                if str(o) == best:
                    self.used.add(statement)
                else:
                    self.passed_over.add(statement)
        return best

    def ill_typed(self, predicate: Node, o: Any, then: str) -> str:
        """The problem with an ill-typed literal (``"abc"^^xsd:integer``).

        rdflib rewrites the text of one it could still convert (``"maybe"``
        as an ``xsd:boolean`` becomes ``"false"``), so that text is not shown.
        """
        kind = self.show(o.datatype)
        if o.value is not None:
            return f"{self.show(predicate)} has a value that is not a valid {kind}; {then}"
        return f"{self.show(predicate)} {self.show(o)} is not a valid {kind}; {then}"

    def label(self, node: Node) -> str | None:
        return self.best_text(node, self.labels)

    def notes(self, node: Node) -> str | None:
        return self.best_text(node, (self.RDFS.comment,))

    def literal(self, node: Node, predicate: Node, kinds: tuple[type, ...], what: str) -> Any:
        from rdflib import Literal

        good = []
        for o in self.objects(node, predicate):
            if isinstance(o, Literal) and o.ill_typed:
                self.note(node, self.ill_typed(predicate, o, "ignored"))
                continue
            value = o.toPython() if isinstance(o, Literal) else None
            if isinstance(value, kinds) and (bool in kinds or not isinstance(value, bool)):
                good.append(value)
            else:
                self.note(node, f"{self.show(predicate)} {self.show(o)} is not {what}; ignored")
        if len(good) > 1:
            self.note(node, f"has {len(good)} values of {self.show(predicate)}; the first is used")
        return good[0] if good else None

    def text(self, node: Node, predicate: Node) -> str | None:
        value = self.literal(node, predicate, (str,), "text")
        return None if value is None else str(value)

    def number(self, node: Node, predicate: Node) -> float | None:
        value = self.literal(node, predicate, (int, float, Decimal), "a number")
        return None if value is None else float(value)

    def flag(self, node: Node, predicate: Node) -> bool:
        return self.literal(node, predicate, (bool,), "true or false") is True

    def index(self, node: Node) -> int | None:
        if node not in self._index:
            value = self.literal(node, self.C["index"], (int,), "an integer")
            self._index[node] = value if isinstance(value, int) else None
        return self._index[node]

    def ordered(self, nodes: Iterable[Node]) -> list[Node]:
        """*nodes* in document order: by ``csmo:index`` where given, then by IRI."""

        def order(n: Node) -> tuple[Any, ...]:
            i = self.index(n)
            return (i is None, i or 0, self.key(n))

        return sorted(set(nodes), key=order)

    def items(self, head: Node) -> list[Node] | None:
        """The members of an RDF list, or ``None`` if *head* is not a well-formed one."""
        out: list[Node] = []
        seen = set()
        node = head
        while node != self.RDF.nil:
            firsts = list(self.g.objects(node, self.RDF.first))
            rests = list(self.g.objects(node, self.RDF.rest))
            if node in seen or len(firsts) != 1 or len(rests) != 1:
                return None
            seen.add(node)
            self.used.update({(node, self.RDF.first, firsts[0]), (node, self.RDF.rest, rests[0])})
            out.append(firsts[0])
            node = rests[0]
        return out

    def wanted_id(self, node: Any, fallback: str) -> str:
        """The id *node* asks for: from its IRI, else its label, else *fallback*."""
        from rdflib import URIRef

        if isinstance(node, URIRef):
            wanted = id_from_iri(str(node))
            if wanted:
                return wanted
        label = self.best_text(node, self.labels, mark=False)
        return (_as_id(label) if label else "") or fallback

    # -- The organization.

    def classify(self) -> None:
        """Sort the nodes into posts, people, organizations and memberships."""
        ORG, C = self.ORG, self.C
        self.org_classes = (
            ORG.Organization,
            ORG.FormalOrganization,
            ORG.OrganizationalUnit,
            ORG.OrganizationalCollaboration,
        )
        holders, held = self.ends(ORG.holds)
        posts, holders_too = self.ends(ORG.heldBy)
        posts |= held | self.typed(ORG.Post) | self.ends(ORG.postIn)[0] | self.ends(ORG.hasPost)[1]
        posts |= set().union(*self.ends(C["dottedLineTo"]), self.ends(C["socialLead"])[1])
        posts |= self.ends(C["chiefExecutive"])[1]
        for _, predicate in self.raci_properties():
            posts |= self.ends(predicate)[0]
        people = self.typed(self.FOAF.Person) | holders | holders_too
        orgs = self.typed(*self.org_classes) | self.ends(ORG.postIn)[1] | self.ends(ORG.hasPost)[0]
        for predicate in (*self.hierarchy(), ORG.linkedTo):
            orgs |= set().union(*self.ends(predicate))
        memberships = self.typed(ORG.Membership) | self.ends(ORG.member)[0]
        memberships |= self.ends(ORG.hasMembership)[1]
        for m in memberships:
            orgs |= set(self.g.objects(m, ORG.organization))
        for m in memberships:
            members = set(self.g.objects(m, ORG.member)) | set(
                self.g.subjects(ORG.hasMembership, m)
            )
            people |= {x for x in members if x not in orgs and x not in posts}
        for pair in self.g.subject_objects(ORG.reportsTo):
            posts |= {n for n in pair if n not in people and n not in orgs}
        for n in self.sort(posts & (people | orgs)):
            self.note(
                n,
                f"is both a post and {'a person' if n in people else 'an organization'}; "
                "read as a post",
            )
        people -= posts
        orgs -= posts
        for n in self.sort(people & orgs):
            self.note(n, "is both a person and an organization; read as an organization")
        people -= orgs
        self.posts, self.people, self.orgs, self.memberships = posts, people, orgs, memberships

    def hierarchy(self) -> tuple[Node, ...]:
        ORG = self.ORG
        return (ORG.subOrganizationOf, ORG.hasSubOrganization, ORG.unitOf, ORG.hasUnit)

    def raci_properties(self) -> list[tuple[Raci, Node]]:
        C = self.C
        return [
            (Raci.R, C["responsible"]),
            (Raci.A, C["accountable"]),
            (Raci.C, C["consulted"]),
            (Raci.I, C["informed"]),
        ]

    def parents(self, o: Node) -> set[Node]:
        ORG = self.ORG
        up = set(self.g.objects(o, ORG.subOrganizationOf)) | set(self.g.objects(o, ORG.unitOf))
        up |= set(self.g.subjects(ORG.hasSubOrganization, o)) | set(self.g.subjects(ORG.hasUnit, o))
        return (up & self.orgs) - {o}

    def find_root(self) -> Node | None:
        """The organization itself: the one top-level organization that is not a unit.

        With several, the one with the most units below it is taken (then the
        first by IRI) and the others become departments; with none, there is
        no root and every organization in the file is a department.
        """
        parents = {o: self.parents(o) for o in self.orgs}
        units = self.typed(self.ORG.OrganizationalUnit)
        tops = self.sort(o for o in self.orgs if not parents[o] and o not in units)
        if len(tops) <= 1:
            return tops[0] if tops else None
        children: dict[Node, list[Node]] = {}
        for o, ups in parents.items():
            for up in ups:
                children.setdefault(up, []).append(o)

        def below(top: Node) -> int:
            """How many organizations are below *top*, however far down: one walk down."""
            seen = {top}
            todo = [top]
            while todo:
                for child in children.get(todo.pop(), ()):
                    if child not in seen:
                        seen.add(child)
                        todo.append(child)
            return len(seen) - 1  # a top has no parents, so it is not below itself

        root: Node = min(tops, key=lambda o: (-below(o), self.key(o)))
        others = ", ".join(self.show(o) for o in tops if o != root)
        self.note(
            root, f"taken as the organization; the other top-level ones ({others}) are departments"
        )
        return root

    def organization(self, fallback_name: str) -> Organization:
        """Read the whole organization, in named steps; each notes what it could not read."""
        self.classify()
        root = self.find_root()
        name, org_notes = self.organization_name(root, fallback_name)
        # Ids: departments and roles share a namespace; people and responsibilities have their own.
        dept_nodes = self.ordered(self.orgs - {root})
        depts = set(dept_nodes)
        unit_ids = _IdAllocator()
        ids: dict[Any, str] = unit_ids.allocate(
            [
                (n, self.wanted_id(n, "unit" if n in depts else "post"))
                for n in self.sort(depts | self.posts)
            ],
            "unit",
        )
        dept_parts = [self.department(d, depts, ids) for d in dept_nodes]
        resp_ids, resp_order, resp_parts = self.responsibilities()
        holds, position, derived = self.holdings(depts)
        ids.update(
            unit_ids.allocate(
                [(k, self.wanted_id(k[1], "role")) for k in self.sort(derived)], "role"
            )
        )
        for key, members in derived.items():
            for member in members:
                if key not in holds[member]:
                    holds[member].append(key)
        post_nodes = self.ordered(self.posts)
        role_keys: list[Any] = [*post_nodes, *self.sort(derived)]
        self.ids, self.resp_ids = ids, resp_ids
        self.resp_rank = {resp_ids[r]: i for i, r in enumerate(resp_order)}
        role_parts = self.roles(
            role_keys,
            self.bosses(post_nodes, role_keys, holds),
            self.units(post_nodes, derived, depts),
            {ids[d]: d for d in dept_nodes},
            {d: part.parent for d, part in zip(dept_nodes, dept_parts, strict=True)},
        )
        person_order, person_parts = self.people_parts(holds, position, role_keys, ids)
        link_parts = self.links(ids, root)
        channel_parts, route_parts = self.channels(ids), self.routes(ids)
        metric_parts, policy_parts = self.metrics_and_policies(ids, resp_ids)
        social_lead, blueprints = self.lead_and_blueprints(root, ids)
        chief_executive = self.chief_executive(root, ids)
        self.report_unused()
        sections: dict[str, list[Any]] = {
            "departments": dept_nodes,
            "responsibilities": resp_order,
            "roles": role_keys,
            "people": person_order,
        }
        try:
            return Organization.from_parts(
                name=name,
                departments=dept_parts,
                responsibilities=resp_parts,
                roles=role_parts,
                people=person_parts,
                links=link_parts,
                channels=channel_parts,
                routes=route_parts,
                social_lead=social_lead,
                chief_executive=chief_executive,
                blueprints=blueprints,
                notes=org_notes,
                metrics=metric_parts,
                policies=policy_parts,
            )
        except ModelError as exc:
            raise ModelError([self.locate(p, sections) for p in exc.problems]) from None

    def organization_name(self, root: Node | None, fallback_name: str) -> tuple[str, str | None]:
        """The organization's name (or *fallback_name*, noted) and notes."""
        name = org_notes = None
        if root is not None:
            self.use_types(root, self.org_classes)
            name = self.label(root)
            org_notes = self.notes(root)
        if name is None:
            name = fallback_name
            self.note(root, f"the file gives the organization no name; it is called {name!r}")
        return name, org_notes

    def department(self, d: Node, depts: set[Node], ids: dict[Any, str]) -> Department:
        """One department: its parent (the first of several, noted) and function."""
        ORG, C = self.ORG, self.C
        self.use_types(d, self.org_classes)
        up = self.objects(d, ORG.subOrganizationOf) + self.objects(d, ORG.unitOf)
        up += self.subjects(ORG.hasSubOrganization, d) + self.subjects(ORG.hasUnit, d)
        parents = self.sort(p for p in up if p in depts and p != d)
        if len(parents) > 1:
            shown = ", ".join(self.show(p) for p in parents)
            self.note(d, f"is part of {len(parents)} units ({shown}); read as part of the first")
        function = Function.OTHER
        function_text = self.text(d, C["function"])
        if function_text is not None:
            if function_text in set(Function):
                function = Function(function_text)
            else:
                self.note(
                    d, f"csmo:function {function_text!r} is not a known function; read as 'other'"
                )
        return Department(
            id=ids[d],
            name=self.label(d) or ids[d],
            function=function,
            parent=ids[parents[0]] if parents else None,
            notes=self.notes(d),
        )

    def responsibilities(self) -> tuple[dict[Any, str], list[Node], list[Responsibility]]:
        """The responsibilities: typed so, or named by a RACI property; ids, order, parts."""
        C = self.C
        resp_nodes = self.typed(C["Responsibility"])
        for _, predicate in self.raci_properties():
            resp_nodes |= self.ends(predicate)[1]
        resp_nodes -= self.posts | self.orgs | self.people
        resp_ids = _IdAllocator().allocate(
            [(n, self.wanted_id(n, "responsibility")) for n in self.sort(resp_nodes)],
            "responsibility",
        )
        resp_order = self.ordered(resp_nodes)
        resp_parts = []
        for r in resp_order:
            self.use_types(r, (C["Responsibility"],))
            resp_parts.append(
                Responsibility(
                    id=resp_ids[r],
                    name=self.label(r) or resp_ids[r],
                    description=self.best_text(r, (self.DCTERMS.description,)),
                    critical=self.flag(r, C["critical"]),
                    effort=self.number(r, C["effort"]),
                    same_as=self.same_as(r),
                    notes=self.notes(r),
                )
            )
        return resp_ids, resp_order, resp_parts

    def same_as(self, r: Node) -> tuple[str, ...]:
        """A responsibility's ``csmo:sameAs`` list of catalog job ids."""
        for head in self.objects(r, self.C["sameAs"]):
            listed = self.items(head)
            if listed is None or not all(isinstance(x, str) for x in listed):
                self.note(r, "csmo:sameAs is not a list of text; ignored")
            else:
                return tuple(str(x) for x in listed)
        return ()

    def holdings(
        self, depts: set[Node]
    ) -> tuple[
        dict[Node, list[Any]],
        dict[tuple[Node, Any], int],
        dict[tuple[Node | None, Node], list[Node]],
    ]:
        """What people hold: posts, and roles derived from memberships.

        Returns who holds which posts, the membership index of each holding
        (to order them), and the roles derived as ``(unit, org:Role)`` with their members.
        """
        ORG, FOAF = self.ORG, self.FOAF
        holds: dict[Node, list[Any]] = {}
        for p in self.people:
            self.use_types(p, (FOAF.Person,))
            held = self.objects(p, ORG.holds) + self.subjects(ORG.heldBy, p)
            holds[p] = self.sort(h for h in held if h in self.posts)
        position: dict[tuple[Node, Any], int] = {}
        derived: dict[tuple[Node | None, Node], list[Node]] = {}
        with_role = self.posts_by_role()
        for m in self.sort(self.memberships):
            self.membership(m, depts, holds, with_role, position, derived)
        return holds, position, derived

    def posts_by_role(self) -> dict[tuple[Node, Node | None], list[Node]]:
        """Posts by org:role, and by org:role and org:postIn, in order: indexed once."""
        with_role: dict[tuple[Node, Node | None], list[Node]] = {}
        for post in self.sort(self.posts) if self.memberships else ():
            for kind in self.g.objects(post, self.ORG.role):
                with_role.setdefault((kind, None), []).append(post)
                for place in self.g.objects(post, self.ORG.postIn):
                    with_role.setdefault((kind, place), []).append(post)
        return with_role

    def membership(
        self,
        m: Node,
        depts: set[Node],
        holds: dict[Node, list[Any]],
        with_role: dict[tuple[Node, Node | None], list[Node]],
        position: dict[tuple[Node, Any], int],
        derived: dict[tuple[Node | None, Node], list[Node]],
    ) -> None:
        """Read one org:Membership into *holds*, *position* or *derived*."""
        ORG = self.ORG
        self.use_types(m, (ORG.Membership,))
        members = self.sort(self.objects(m, ORG.member) + self.subjects(ORG.hasMembership, m))
        where = self.objects(m, ORG.organization)
        kinds = self.objects(m, ORG.role)
        index = self.index(m)
        if len(members) != 1 or members[0] not in self.people or len(kinds) != 1 or len(where) > 1:
            self.note(
                m,
                "a membership needs one person, one org:role and at most one "
                "org:organization; not imported",
            )
            return
        member, kind = members[0], kinds[0]
        matched = [h for h in holds[member] if (h, ORG.role, kind) in self.g]
        if not matched:
            # The one post with that role in that organization, if there is one.
            matched = with_role.get((kind, where[0] if where else None), [])
            if len(matched) == 1:
                holds[member].append(matched[0])
            else:
                matched = []
        if matched:
            if index is not None:
                position[(member, matched[0])] = index
            return
        unit = where[0] if where and where[0] in depts else None
        derived.setdefault((unit, kind), []).append(member)

    def bosses(
        self, post_nodes: list[Node], role_keys: list[Any], holds: dict[Node, list[Any]]
    ) -> dict[Any, list[Any]]:
        """Reporting lines: post to post, or person to person where each holds one role."""
        ORG = self.ORG
        single = {p: holds[p][0] for p in self.people if len(holds[p]) == 1}
        bosses: dict[Any, list[Any]] = {k: [] for k in role_keys}
        for post in post_nodes:
            for boss in self.objects(post, ORG.reportsTo):
                if boss in self.posts or boss in single:
                    bosses[post].append(boss if boss in self.posts else single[boss])
                else:
                    self.note(
                        post, f"reports to {self.show(boss)}, which is not a post; not imported"
                    )
        for p in self.sort(self.people):
            for boss in self.objects(p, ORG.reportsTo):
                target = boss if boss in self.posts else single.get(boss)
                if p in single and target is not None:
                    bosses[single[p]].append(target)
                else:
                    self.note(
                        p,
                        f"reports to {self.show(boss)}; a person's reporting line is kept only "
                        "when both hold exactly one role",
                    )
        return bosses

    def units(
        self,
        post_nodes: list[Node],
        derived: dict[tuple[Node | None, Node], list[Node]],
        depts: set[Node],
    ) -> dict[Any, Node | None]:
        """The unit each role is in (the first of several, noted)."""
        unit_of: dict[Any, Node | None] = {key: key[0] for key in derived}
        for post in post_nodes:
            units = self.objects(post, self.ORG.postIn) + self.subjects(self.ORG.hasPost, post)
            in_depts = self.sort(u for u in units if u in depts)
            if len(in_depts) > 1:
                self.note(post, f"is in {len(in_depts)} units; read as in {self.show(in_depts[0])}")
            unit_of[post] = in_depts[0] if in_depts else None
        return unit_of

    def roles(
        self,
        role_keys: list[Any],
        bosses: dict[Any, list[Any]],
        unit_of: dict[Any, Node | None],
        node_of: dict[str, Node],
        parent_of: dict[Node, str | None],
    ) -> list[Role]:
        """Every role; a manager in the role's unit or a unit above it is its solid line."""

        def above(key: Any) -> set[Node]:
            chain: set[Node] = set()
            unit = unit_of[key]
            while unit is not None and unit not in chain:
                chain.add(unit)
                parent = parent_of[unit]
                unit = None if parent is None else node_of[parent]
            return chain

        role_parts = []
        for key in role_keys:
            chain = above(key)
            ranked = sorted(
                dict.fromkeys(bosses[key]),
                key=lambda b: (unit_of[b] not in chain, self.key(b)),
            )
            role_parts.append(self.role(key, ranked, unit_of[key]))
        return role_parts

    def people_parts(
        self,
        holds: dict[Node, list[Any]],
        position: dict[tuple[Node, Any], int],
        role_keys: list[Any],
        ids: dict[Any, str],
    ) -> tuple[list[Node], list[Person]]:
        """Every person, in document order, with the roles held in membership order."""
        C, FOAF = self.C, self.FOAF
        person_ids = _IdAllocator().allocate(
            [(n, self.wanted_id(n, "person")) for n in self.sort(self.people)], "person"
        )
        person_order = self.ordered(self.people)
        order = {key: i for i, key in enumerate(role_keys)}
        person_parts = []
        for p in person_order:
            held = sorted(holds[p], key=lambda h: (position.get((p, h), math.inf), order[h]))
            person_name = self.label(p)
            if person_name is None:
                parts = (
                    self.best_text(p, (FOAF.givenName,)),
                    self.best_text(p, (FOAF.familyName,)),
                )
                person_name = " ".join(x for x in parts if x) or None
            capacity = self.number(p, C["capacity"])
            person_parts.append(
                Person(
                    id=person_ids[p],
                    name=person_name or person_ids[p],
                    holds=[ids[h] for h in held],
                    capacity=1.0 if capacity is None else capacity,
                    notes=self.notes(p),
                )
            )
        return person_order, person_parts

    def lead_and_blueprints(
        self, root: Node | None, ids: dict[Any, str]
    ) -> tuple[str | None, list[str]]:
        """The social lead and the blueprints the organization node names."""
        C = self.C
        social_lead = None
        blueprints: list[str] = []
        if root is not None:
            leads = [x for x in self.objects(root, C["socialLead"]) if x in self.posts]
            if leads:
                social_lead = ids[leads[0]]
            for head in self.objects(root, C["blueprints"]):
                listed = self.items(head)
                if listed is None or not all(isinstance(x, str) for x in listed):
                    self.note(root, "csmo:blueprints is not a list of text; ignored")
                else:
                    blueprints = [str(x) for x in listed]
        return social_lead, blueprints

    def chief_executive(self, root: Node | None, ids: dict[Any, str]) -> str | None:
        """The chief executive the organization node names (``csmo:chiefExecutive``)."""
        if root is None:
            return None
        chiefs = [x for x in self.objects(root, self.C["chiefExecutive"]) if x in self.posts]
        if len(chiefs) > 1:
            self.note(root, f"names {len(chiefs)} chief executives; kept {self.show(chiefs[0])}")
        return ids[chiefs[0]] if chiefs else None

    def external(self, post: Node) -> bool | None:
        """``csmo:external`` as written; ``None`` when absent (the department decides)."""
        value = self.literal(post, self.C["external"], (bool,), "true or false")
        return value if isinstance(value, bool) else None

    def level(self, post: Node) -> Level | None:
        """``csmo:level``, when it names a level; anything else is noted and ignored."""
        value = self.text(post, self.C["level"])
        if value is None:
            return None
        if value not in Level.__members__.values():
            message, _ = not_a_member(Level, value)
            self.note(post, f"csmo:level: {message}; ignored")
            return None
        return Level(value)

    def post_raci(self, post: Node) -> dict[str, Raci]:
        """The RACI letters of *post*, by responsibility id; R and A together are RA."""
        resp_ids = self.resp_ids
        raci: dict[str, Raci] = {}
        for letter, predicate in self.raci_properties():
            for r in self.objects(post, predicate):
                if r not in resp_ids:
                    self.note(
                        post, f"{self.show(predicate)} {self.show(r)} is not a responsibility"
                    )
                elif {raci.get(resp_ids[r]), letter} == {Raci.R, Raci.A}:
                    raci[resp_ids[r]] = Raci.RA  # responsible and accountable
                elif resp_ids[r] in raci:
                    self.note(
                        post, f"has two RACI letters for {self.show(r)}; kept {raci[resp_ids[r]]}"
                    )
                else:
                    raci[resp_ids[r]] = letter
        return raci

    def role(self, key: Any, solid: list[Any], unit: Node | None) -> Role:
        """Read one role: an ``org:Post`` node, or ``(unit, org:Role)`` from memberships."""
        ORG, C = self.ORG, self.C
        ids, resp_ids = self.ids, self.resp_ids
        if len(solid) > 1:
            shown = ", ".join(self.show(s) for s in solid[1:])
            self.note(
                key if not isinstance(key, tuple) else key[1],
                f"reports to {len(solid)} posts; the line to {self.show(solid[0])} is the "
                f"solid one, the others ({shown}) are dotted lines",
            )
        reports_to = ids[solid[0]] if solid else None
        if isinstance(key, tuple):
            kind = key[1]
            self.use_types(kind, (ORG.Role,))
            return Role(
                id=ids[key],
                title=self.label(kind) or ids[key],
                department=None if unit is None else ids[unit],
                reports_to=reports_to,
                dotted_to=[ids[s] for s in solid[1:]],
            )
        post = key
        self.use_types(post, (ORG.Post,))
        title = self.label(post)
        kinds = []
        for kind in self.objects(post, ORG.role):
            self.use_types(kind, (ORG.Role,))
            kind_title = self.label(kind)
            if kind_title is not None:
                kinds.append((kind, kind_title))
        if title is None and kinds:
            title = kinds[0][1]
        for kind, kind_title in kinds:
            if kind_title != title:
                self.note(post, f"its org:role {self.show(kind)} ({kind_title!r}) is not kept")
        dotted = [t for t in self.objects(post, C["dottedLineTo"]) if t in self.posts]
        for head in self.objects(post, C["dottedLineOrder"]):
            listed = self.items(head)
            if listed is not None and self.sort(listed) == dotted and len(listed) == len(dotted):
                dotted = listed
            else:
                self.note(post, "csmo:dottedLineOrder does not list its dotted lines; ignored")
        raci = self.post_raci(post)
        rank = self.resp_rank
        for head in self.objects(post, C["raciOrder"]):
            listed = self.items(head)
            if listed is not None and {resp_ids.get(r) for r in listed} == set(raci):
                rank = {resp_ids[r]: i for i, r in enumerate(listed)}
            else:
                self.note(post, "csmo:raciOrder does not list its responsibilities; ignored")
        return Role(
            id=ids[post],
            title=title or ids[post],
            acronym=self.text(post, C["acronym"]),
            department=None if unit is None else ids[unit],
            reports_to=reports_to,
            dotted_to=list(
                dict.fromkeys([*(ids[t] for t in dotted), *(ids[s] for s in solid[1:])])
            ),
            external=self.external(post),
            level=self.level(post),
            raci=dict(sorted(raci.items(), key=lambda kv: rank[kv[0]])),
            notes=self.notes(post),
        )

    def links(self, ids: Mapping[Any, str], root: Node | None) -> list[Link]:
        """``csmo:Link`` nodes in order, then ``org:linkedTo`` between units not already linked."""
        ORG, C = self.ORG, self.C
        out = []
        joined: set[frozenset[Node]] = set()
        for n in self.ordered(self.typed(C["Link"])):
            self.use_types(n, (C["Link"],))
            ends = [self.objects(n, C["firstEnd"]), self.objects(n, C["secondEnd"])]
            kind_text = self.text(n, C["kind"])
            link_notes = self.notes(n)
            if any(len(e) != 1 or e[0] not in ids for e in ends):
                self.note(
                    n, "a link needs one csmo:firstEnd and one csmo:secondEnd, each a post or unit"
                )
                continue
            kind = LinkKind.COLLABORATION
            if kind_text is not None:
                if kind_text in set(LinkKind):
                    kind = LinkKind(kind_text)
                else:
                    self.note(
                        n, f"csmo:kind {kind_text!r} is not a known kind; read as 'collaboration'"
                    )
            a, b = ends[0][0], ends[1][0]
            joined.add(frozenset((a, b)))
            out.append(Link(between=(ids[a], ids[b]), kind=kind, notes=link_notes))
        for a in self.sort(self.ends(ORG.linkedTo)[0]):
            for b in self.objects(a, ORG.linkedTo):
                if frozenset((a, b)) in joined:
                    continue
                if a == b or a not in ids or b not in ids:
                    self.note(
                        a, f"org:linkedTo {self.show(b)} joins no two departments; not imported"
                    )
                    continue
                joined.add(frozenset((a, b)))
                out.append(Link(between=(ids[a], ids[b])))
        return out

    def channels(self, ids: Mapping[Any, str]) -> list[Channel]:
        """``csmo:Channel`` nodes in order, their ids read from their IRIs."""
        C = self.C
        nodes = self.ordered(self.typed(C["Channel"]))
        channel_ids = _IdAllocator().allocate(
            [(n, self.wanted_id(n, "channel")) for n in self.sort(nodes)], "channel"
        )
        out = []
        for n in nodes:
            self.use_types(n, (C["Channel"],))
            platform_text = self.text(n, C["platform"])
            platform = Platform.OTHER
            if platform_text in set(Platform):
                platform = Platform(platform_text)
            else:
                self.note(
                    n, f"csmo:platform {platform_text!r} is not a known platform; read as 'other'"
                )
            owners = self.objects(n, C["owner"])
            listeners = self.objects(n, C["listener"])
            for head in self.objects(n, C["listenerOrder"]):
                listed = self.items(head)
                if listed is not None and set(listed) == set(listeners):
                    listeners = list(listed)
            if len(owners) > 1 or any(x not in ids for x in [*owners, *listeners]):
                self.note(
                    n,
                    "a channel has at most one csmo:owner, and its owner and csmo:listener "
                    "are posts; the others are not imported",
                )
                owners = [x for x in owners if x in ids][:1]
            out.append(
                Channel(
                    id=channel_ids[n],
                    name=self.label(n) or channel_ids[n],
                    platform=platform,
                    owner=ids[owners[0]] if owners else None,
                    listeners=[ids[x] for x in listeners if x in ids],
                    notes=self.notes(n),
                )
            )
        return out

    def routes(self, ids: Mapping[Any, str]) -> list[Route]:
        """``csmo:Route`` nodes in order; one without a known topic and a post is noted."""
        C = self.C
        out = []
        for n in self.ordered(self.typed(C["Route"])):
            self.use_types(n, (C["Route"],))
            topic_text = self.text(n, C["topic"])
            targets = [x for x in self.objects(n, C["routedTo"]) if x in ids]
            if topic_text not in set(Topic) or len(targets) != 1:
                self.note(n, "a route needs a known csmo:topic and one csmo:routedTo post")
                continue
            out.append(Route(topic=Topic(topic_text), to=ids[targets[0]], notes=self.notes(n)))
        return out

    # -- Metrics and policies (issue 13, section 4).

    def metrics_and_policies(
        self, ids: Mapping[Any, str], resp_ids: Mapping[Any, str]
    ) -> tuple[list[Metric], list[Policy]]:
        """``csmo:Metric`` and ``csmo:Policy`` nodes in order; bad references are noted, dropped."""
        C = self.C
        metrics = []
        for n in self.ordered(self.typed(C["Metric"])):
            self.use_types(n, (C["Metric"],))
            ident = self.wanted_id(n, "metric")
            metrics.append(
                Metric(
                    id=ident,
                    name=self.label(n) or ident,
                    owner=self.owner(n, ids),
                    reported_to=self.id_list(n, C["reportedTo"], ids, self.posts, "post"),
                    measures=self.id_list(n, C["measures"], resp_ids, set(resp_ids), "job"),
                    notes=self.notes(n),
                )
            )
        policies = []
        for n in self.ordered(self.typed(C["Policy"])):
            self.use_types(n, (C["Policy"],))
            ident = self.wanted_id(n, "policy")
            kind_text = self.text(n, C["policyKind"])
            kind = PolicyKind.SOCIAL_MEDIA
            if kind_text in set(PolicyKind):
                kind = PolicyKind(kind_text)
            elif kind_text is not None:
                self.note(n, f"csmo:policyKind {kind_text!r} is not a known kind; read as 'other'")
                kind = PolicyKind.OTHER
            months = self.literal(n, C["reviewEveryMonths"], (int,), "a whole number")
            if isinstance(months, int) and months <= 0:
                self.note(n, f"csmo:reviewEveryMonths {months} is not above 0; ignored")
                months = None
            policies.append(
                Policy(
                    id=ident,
                    name=self.label(n) or ident,
                    kind=kind,
                    owner=self.owner(n, ids),
                    reviewed=self.literal(n, C["reviewed"], (datetime.date,), "a date"),
                    review_every_months=months,
                    notes=self.notes(n),
                )
            )
        return metrics, policies

    def owner(self, node: Node, ids: Mapping[Any, str]) -> str | None:
        """The post ``csmo:owner`` names (the first of several, noted)."""
        owners = [o for o in self.objects(node, self.C["owner"]) if o in self.posts and o in ids]
        if len(self.objects(node, self.C["owner"])) != len(owners):
            self.note(node, "a csmo:owner is not a post; ignored")
        if len(owners) > 1:
            self.note(node, f"has {len(owners)} owners; the first is kept")
        return ids[owners[0]] if owners else None

    def id_list(
        self, node: Node, predicate: Node, ids: Mapping[Any, str], valid: Any, what: str
    ) -> tuple[str, ...]:
        """The ids of the members of the RDF list *predicate* names (not a *what*: noted)."""
        out: list[str] = []
        for head in self.objects(node, predicate):
            listed = self.items(head)
            if listed is None:
                self.note(node, f"{self.show(predicate)} is not a list; ignored")
                continue
            for member in listed:
                if member in valid and member in ids:
                    out.append(ids[member])
                else:
                    self.note(node, f"{self.show(predicate)} {self.show(member)} is not a {what}")
        return tuple(dict.fromkeys(out))

    def locate(self, problem: Problem, sections: Mapping[str, list[Any]]) -> Problem:
        """Replace ``roles[3]`` at the start of a problem's path with the node it came from."""
        match = _PATH.match(problem.path)
        nodes = sections.get(match.group(1), []) if match else []
        if match is None or int(match.group(2)) >= len(nodes):
            return problem
        node = nodes[int(match.group(2))]
        shown = self.show(node[1] if isinstance(node, tuple) else node)
        return Problem(shown + problem.path[match.end() :], problem.message)

    def report_unused(self) -> None:
        """Report every statement not imported, by predicate (and by class for types).

        Texts another text was preferred to (a label in another language)
        come first, then the statements nothing consulted.
        """
        passed: dict[Node, list[tuple[Node, Node]]] = {}
        for s, p, o in self.passed_over - self.used:
            passed.setdefault(p, []).append((s, o))
        for p in sorted(passed, key=str):
            subjects = self.sort(s for s, _ in passed[p])
            n = len(passed[p])
            listed = ", ".join(self.show(s) for s in subjects[:3])
            more = f" and {len(subjects) - 3} more" if len(subjects) > 3 else ""
            tags = sorted({getattr(o, "language", None) or "no language" for _, o in passed[p]})
            self.problems.append(
                Problem(
                    self.show(p),
                    f"{n} text{'s' if n != 1 else ''} not imported: only one is kept, English "
                    f"first (on {listed}{more}; in {', '.join(tags)})",
                )
            )
        groups: dict[tuple[str, str], list[Node]] = {}
        paths: dict[tuple[str, str], str] = {}
        for s, p, o in self.g:
            if (s, p, o) in self.used or (s, p, o) in self.passed_over:
                continue
            key = (str(p), str(o)) if p == self.RDF.type else (str(p), "")
            paths[key] = f"rdf:type {self.show(o)}" if p == self.RDF.type else self.show(p)
            groups.setdefault(key, []).append(s)
        for key in sorted(groups):
            subjects = self.sort(groups[key])
            n = len(groups[key])
            listed = ", ".join(self.show(s) for s in subjects[:3])
            more = f" and {len(subjects) - 3} more" if len(subjects) > 3 else ""
            self.problems.append(
                Problem(
                    paths[key],
                    f"{n} statement{'s' if n != 1 else ''} not understood, not imported "
                    f"(on {listed}{more})",
                )
            )

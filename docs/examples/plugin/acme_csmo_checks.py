"""Acme's house rules for csmo_model: checks the shipped ones do not make.

Acme wants its social lead to have a line to the top of the company: a solid line
(the lead reports to the CEO) or at least a dotted one. The built-in placement
check judges the solid line only, and only for organizations that follow a
blueprint saying where the lead belongs.
"""

from __future__ import annotations

from collections.abc import Iterator

import csmo_model as cm


def dotted_to_ceo(org: cm.Organization, options: cm.AuditOptions) -> Iterator[cm.Finding]:
    """Yield one finding when the social lead has no line, solid or dotted, to the top."""
    lead = org.social_lead
    if lead is None:
        return  # no lead named: the built-in no-social-lead finding says so
    chain = cm.analysis.reporting_chain(org, lead)  # the lead, its manager, ..., the top
    top = chain[-1]
    if len(chain) <= 2 or top in org.roles[lead].dotted_to:
        return  # the lead is the top, reports to it, or has a dotted line to it
    yield cm.Finding(
        kind="acme/dotted-to-ceo",
        severity="warning",
        subjects=[cm.Subject("role", lead), cm.Subject("role", top)],
        message=(
            f"The social lead ({org.roles[lead].title}) has no line to "
            f"{org.roles[top].title}, solid or dotted."
        ),
        # The ids that identify the finding, then the evidence. "lead" is the identity
        # key below: the fingerprint stays the same when the chain gets longer.
        data={"lead": lead, "top": top, "chain": chain},
    )


CHECKS = [
    cm.Check(
        kind="acme/dotted-to-ceo",
        family="acme",
        severity="warning",
        title="The social lead has no line, solid or dotted, to the top",
        run=dotted_to_ceo,
        identity=("lead",),
        url="https://wiki.acme.example/social/house-rules#dotted-to-ceo",
    ),
]
"""What the entry point names: a list of checks (a single Check would do too)."""

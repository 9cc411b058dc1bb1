# ---
# jupyter:
#   jupytext:
#     formats: py:percent
#     text_representation:
#       extension: .py
#       format_name: percent
#   kernelspec:
#     display_name: Python 3
#     language: python
#     name: python3
# ---

# %% [markdown]
# # Quickstart: write an organization down, audit it, fix it, audit again
#
# This notebook follows a small outdoor retailer that "does social media": a social media
# manager under Marketing, a CEO, a support team. We write the organization as YAML, ask
# `csmo_model` what is wrong, change the design, and check that the problems are gone.
#
# Needs the `plot` and `pandas` extras: `pip install 'csmo-model[plot,pandas]'`.

# %%
import csmo_model as cm

source = """
format: csmo-model/2
name: Acme Outdoor
social_lead: social-lead
departments:
  - {id: exec, name: Executive Office, function: executive}
  - {id: marketing, name: Marketing, function: marketing, parent: exec}
  - {id: support, name: Customer Support, function: customer-support, parent: exec}
  - {id: product, name: Product, function: product, parent: exec}
responsibilities:
  - {id: strategy, name: Social media strategy, critical: true}
  - {id: community, name: Community management, effort: 0.5}
  - {id: listening, name: Listening and routing, effort: 0.3}
roles:
  - {id: ceo, title: Chief Executive Officer, department: exec}
  - {id: cmo, title: Chief Marketing Officer, department: marketing, reports_to: ceo}
  - id: social-lead
    title: Social Media Manager
    department: marketing
    reports_to: cmo
    raci: {strategy: A, community: R, listening: R}
  - {id: support-lead, title: Support Lead, department: support, reports_to: ceo}
  - {id: product-lead, title: Product Lead, department: product, reports_to: ceo}
people:
  - {id: ana, name: Ana Ruiz, holds: [social-lead]}
  - {id: bo, name: Bo Chen, holds: [ceo]}
  - {id: cy, name: Cy Park, holds: [cmo]}
  - {id: dee, name: Dee Moss, holds: [support-lead]}
  - {id: eli, name: Eli Nash, holds: [product-lead]}
"""
org = cm.loads(source)
org

# %% [markdown]
# Loading validates everything at once. A mistake is reported with its place, for example a
# reporting line to a role that does not exist:

# %%
try:
    cm.loads(source.replace("reports_to: cmo", "reports_to: cm0"))
except cm.ModelError as error:
    print(error)

# %% [markdown]
# ## Audit
#
# `cm.audit` runs every analysis and returns a report of findings, most severe first.

# %%
report = cm.audit(org)
report

# %%
report.to_frame()[["severity", "kind", "subjects", "message"]]

# %% [markdown]
# Nobody is *responsible* for the strategy, community management and listening hang on Ana
# alone, and the social lead has no tie to Support or Product. Where the lead sits (two
# levels below the CEO) is in the report's `summary`: it becomes a finding when a blueprint
# that says where the lead belongs is applied.
# The org chart marks the roles the findings name.

# %%
cm.plot.org_chart(org, findings=report)
# %% [markdown]
# ## Fix the design
#
# We move the social lead to report to the CEO, add a community manager who shares
# community management and listening, give the strategy a responsible role, and tie the lead
# to Support and Product. `attrs.evolve` returns changed copies; the organization is
# immutable.

# %%
import attrs

roles = dict(org.roles)
roles["social-lead"] = attrs.evolve(
    roles["social-lead"],
    reports_to="ceo",
    raci={"strategy": "A", "community": "A", "listening": "A"},
)
roles["community-manager"] = cm.Role(
    id="community-manager",
    title="Community Manager",
    department="marketing",
    reports_to="social-lead",
    raci={"strategy": "R", "community": "R", "listening": "R"},
)
people = dict(org.people)
people["fay"] = cm.Person(id="fay", name="Fay Lund", holds=["community-manager"])
people["gus"] = cm.Person(id="gus", name="Gus Ortiz", holds=["community-manager"])
links = [
    *org.links,
    cm.Link(between=("social-lead", "support"), kind="collaboration"),
    cm.Link(between=("social-lead", "product"), kind="information"),
]
fixed = attrs.evolve(org, roles=roles, people=people, links=links)
after = cm.audit(fixed)
after

# %%
after.to_frame()[["severity", "kind", "subjects", "message"]]

# %% [markdown]
# What is left is information: the required functions this small company has no department
# for. The RACI chart shows every job with someone responsible and one accountable.

# %%
cm.plot.raci(fixed)
# %% [markdown]
# Save the improved design in any of the three formats; the suffix chooses.

# %%
import pathlib
import tempfile

path = pathlib.Path(tempfile.mkdtemp()) / "acme.toml"
cm.dump(fixed, path)
assert cm.load(path) == fixed
print(path.read_text()[:300])

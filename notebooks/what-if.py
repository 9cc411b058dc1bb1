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
# # What if? Departures, truck factor, and the four shipped designs
#
# `csmo_model` ships four example organizations that tell the story of the field: a studio
# owner living all nine lives (`solo-cxo`), the usual enterprise with social under Marketing
# (`marketing-owned`), the recommended chief social media officer reporting to the CEO
# (`csmo-to-ceo`), and a company whose content and engagement an agency runs
# (`agency-run`). Here we compare them, and ask what happens when people leave.
#
# Needs the `plot` and `pandas` extras: `pip install 'csmo-model[plot,pandas]'`.

# %%
import pandas as pd

import csmo_model as cm

names = ["solo-cxo", "marketing-owned", "csmo-to-ceo", "agency-run"]
orgs = {name: cm.examples.load(name) for name in names}
rows = []
for name, org in orgs.items():
    report = cm.audit(org)
    counts = {s.value: 0 for s in cm.Severity}
    for finding in report:
        counts[finding.severity.value] += 1
    rows.append(
        {
            "example": name,
            "people": len(org.people),
            "jobs": len(org.responsibilities),
            **counts,
            "truck factor": cm.truck_factor(org),
            "jobs on one person": sum(1 for n in cm.bus_factor(org).values() if n == 1),
        }
    )
pd.DataFrame(rows).set_index("example")

# %% [markdown]
# The *truck factor* is how many people would have to leave before more than half of the
# jobs are done by nobody. The studio owner is a truck factor of one; the recommended design
# staffs every job twice.
#
# ## One departure at a time
#
# `cm.without(org, people=...)` returns the organization as it would be without those
# people (their roles stay, vacant). Who is the most critical person in the enterprise?

# %%
UNDONE = ("coverage-gap", "no-responsible")  # nobody does the job (with or without an A)
org = orgs["marketing-owned"]
impact = []
for person in org.people:
    after = cm.without(org, people={person})
    gaps = [f for f in cm.audit(after) if f.kind in UNDONE]
    impact.append({"person": org.people[person].name, "jobs left undone": len(gaps)})
pd.DataFrame(impact).sort_values("jobs left undone", ascending=False).head(5)

# %% [markdown]
# The same question answered without auditing once per person: a person's departure
# uncovers exactly the jobs that person holds alone, which `cm.analysis.person_spofs`
# counts in one pass.

# %%
{org.people[p].name: len(jobs) for p, jobs in cm.analysis.person_spofs(org).items()}

# %% [markdown]
# ## Ties that hang on one link
#
# The tie graph joins roles and departments through memberships, reporting lines and links.
# A role, department or tie whose removal cuts the social lead off from a department is a
# single point of failure; the picture marks them. In the agency-run company the agency's
# whole team hangs on one account manager.

# %%
cm.plot.ties(orgs["agency-run"])
# %%
cuts = cm.analysis.tie_cuts(orgs["agency-run"])
cuts.nodes, cuts.edges

# %% [markdown]
# ## The recommended design survives any single departure
#
# For `csmo-to-ceo`, remove each person in turn and check that no job is left undone.

# %%
org = orgs["csmo-to-ceo"]
worst = max(
    (
        sum(1 for f in cm.audit(cm.without(org, people={p})) if f.kind in UNDONE),
        p,
    )
    for p in org.people
)
worst

# %%
assert worst[0] == 0

#!/usr/bin/env python3
"""Key figures computed from an episode CSV with nothing of Homeward's code, to check `homeward stats` against.

    independent-figures.py EPISODES.csv FROM TO HOMEWARD_STATS.json   prints MATCH, or the figures that differ

Definitions as CONTRACT.md writes them: Europe/London dates, both ends included; a child is under 18 on the
day they went missing; people are told apart by (agency, person_ref)."""
import csv, json, sys
from datetime import datetime, timedelta, date, timezone
from zoneinfo import ZoneInfo
LON = ZoneInfo("Europe/London")
frm, to = date.fromisoformat(sys.argv[2]), date.fromisoformat(sys.argv[3])
def ts(s): return datetime.fromisoformat(s) if s else None
rows = list(csv.DictReader(open(sys.argv[1])))
f = {k: 0 for k in ["incidents","individuals","child_incidents","child_individuals","adult_incidents","adult_individuals","looked_after_incidents","looked_after_individuals","repeat_children"]}
risk = dict(no_apparent_risk=0, low=0, medium=0, high=0, unassessed=0)
dur = dict(under_24h=0, from_24h_to_48h=0, from_48h_to_7d=0, over_7d=0, still_missing=0)
out = dict(returned_self=0, found_by_police=0, found_by_other=0, found_dead=0)
rhi = dict(due=0, offered=0, offered_within_72h=0, completed=0, completed_within_72h=0, declined=0, not_possible=0)
ex = dict(cse_concern=0, cce_concern=0)
people, children, adults, lac, childcount = set(), set(), set(), set(), {}
for r in rows:
    went = ts(r["went_missing_at"])
    d = went.astimezone(LON).date()
    if not (frm <= d <= to): continue
    key = (r["agency"], r["person_ref"])
    dob = date.fromisoformat(r["date_of_birth"])
    age = d.year - dob.year - ((d.month, d.day) < (dob.month, dob.day))
    child = age < 18
    f["incidents"] += 1; people.add(key)
    if child:
        f["child_incidents"] += 1; children.add(key); childcount[key] = childcount.get(key, 0) + 1
        if r["looked_after"] == "Y": f["looked_after_incidents"] += 1; lac.add(key)
    else:
        f["adult_incidents"] += 1; adults.add(key)
    g = r["risk_grade"] or "unassessed"
    risk["no_apparent_risk" if g == "absent" else g] += 1
    back = ts(r["returned_at"])
    if back is None: dur["still_missing"] += 1
    else:
        h = back - went
        if h < timedelta(hours=24): dur["under_24h"] += 1
        elif h < timedelta(hours=48): dur["from_24h_to_48h"] += 1
        elif h < timedelta(days=7): dur["from_48h_to_7d"] += 1
        else: dur["over_7d"] += 1
        out[r["return_outcome"]] += 1
        if child:
            rhi["due"] += 1
            off = ts(r["rhi_offered_at"]); done = ts(r["rhi_completed_at"])
            if off: rhi["offered"] += 1; rhi["offered_within_72h"] += off <= back + timedelta(hours=72)
            o = r["rhi_outcome"]
            if o == "completed": rhi["completed"] += 1; rhi["completed_within_72h"] += done <= back + timedelta(hours=72)
            elif o: rhi[o] += 1
    ex["cse_concern"] += r["cse_concern"] == "Y"; ex["cce_concern"] += r["cce_concern"] == "Y"
f["individuals"], f["child_individuals"], f["adult_individuals"], f["looked_after_individuals"] = len(people), len(children), len(adults), len(lac)
f["repeat_children"] = sum(1 for c in childcount.values() if c >= 2)
f.update(risk=risk, duration=dur, outcome=out, rhi=rhi, exploitation=ex)
ours = json.load(open(sys.argv[4]))
bad = [(k, f[k], ours.get(k)) for k in f if f[k] != ours.get(k)]
print("MATCH" if not bad else bad)
sys.exit(1 if bad else 0)

#!/usr/bin/env python3
"""Consistency check for hand-written gold files in tests/accuracy/gold.

Usage: python3 check_gold.py [name-prefix ...]
Asserts that every alias and quote occurs verbatim in the article, that all
actor/location references resolve, and that enumerated fields are valid.
Prints warnings when a quote does not mention any alias of a referenced actor.
"""
import json, os, re, sys

HERE = os.path.dirname(os.path.abspath(__file__))
KEYS = ["doc", "published", "actors", "backs", "opposes", "roles", "locations", "events"]
ACTOR_T = {"Person", "ArmedGroup", "Government", "State", "InternationalOrganization", "Other"}
LOC_T = {"Country", "City", "Town", "Region", "Facility"}
ROLE_T = {"commander", "leader", "spokesperson", "envoy", "minister", "president"}
EV_T = {"attack", "capture", "offensive", "ceasefire", "talks", "agreement", "arms_transfer",
        "deployment", "resignation", "killing", "statement", "other"}
DATE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")


def check(path):
    errs, warns = [], []
    g = json.load(open(path))
    if list(g.keys()) != KEYS:
        errs.append(f"keys {list(g.keys())}")
    text = open(os.path.join(HERE, "articles", g["doc"])).read()
    if os.path.basename(path)[:-5] != g["doc"][:-4]:
        errs.append("doc name mismatch")
    if g["published"] is not None and not re.match(r"^\d{4}-\d{2}-\d{2}$", g["published"]):
        errs.append("published format")
    names = [a["name"] for a in g["actors"]]
    if len(names) != len(set(names)):
        errs.append("duplicate actor names")
    aliases = {}
    for a in g["actors"]:
        if a["type"] not in ACTOR_T:
            errs.append(f"actor type {a}")
        if not a["aliases"]:
            errs.append(f"no aliases {a['name']}")
        for al in a["aliases"]:
            if al not in text:
                errs.append(f"alias not in text: {a['name']} / {al!r}")
        aliases[a["name"]] = a["aliases"] + [a["name"]]
    lnames = [l["name"] for l in g["locations"]]
    for l in g["locations"]:
        if l["type"] not in LOC_T:
            errs.append(f"location type {l}")
        for al in l["aliases"]:
            if al not in text:
                errs.append(f"location alias not in text: {al!r}")

    def actor(n, field, quote, nullable=False):
        if n is None:
            if not nullable:
                errs.append(f"{field} is null")
            return
        if n not in aliases:
            errs.append(f"{field} not an actor: {n!r}")
        elif not any(al in quote for al in aliases[n]):
            warns.append(f"{field} {n!r} has no alias in quote: {quote[:70]}...")

    def quote(q):
        if q not in text:
            errs.append(f"quote not in text: {q[:80]!r}")
        if not re.match(r'^["A-Z0-9]', q) or not re.search(r'[.!?]"?$', q):
            warns.append(f"quote may not be a full sentence: {q[:60]!r}...{q[-20:]!r}")

    for b in g["backs"]:
        quote(b["quote"]); actor(b["backer"], "backer", b["quote"]); actor(b["backed"], "backed", b["quote"])
    pairs = set()
    for o in g["opposes"]:
        quote(o["quote"]); actor(o["a"], "a", o["quote"]); actor(o["b"], "b", o["quote"])
        p = frozenset((o["a"], o["b"]))
        if p in pairs:
            errs.append(f"duplicate opposes pair {sorted(p)}")
        pairs.add(p)
    for r in g["roles"]:
        quote(r["quote"]); actor(r["person"], "person", r["quote"]); actor(r["of"], "of", r["quote"])
        if r["role"] not in ROLE_T:
            errs.append(f"role {r['role']}")
        if next(a for a in g["actors"] if a["name"] == r["person"])["type"] != "Person":
            errs.append(f"role holder not Person: {r['person']}")
    for e in g["events"]:
        quote(e["quote"])
        if e["type"] not in EV_T:
            errs.append(f"event type {e['type']}")
        actor(e["agent"], "agent", e["quote"], True); actor(e["target"], "target", e["quote"], True)
        if e["location"] is not None and e["location"] not in lnames:
            errs.append(f"event location not a location: {e['location']!r}")
        if e["date"] is not None and not DATE.match(e["date"]):
            errs.append(f"date format {e['date']}")
    return g, errs, warns


def main():
    prefixes = sys.argv[1:]
    gold_dir = os.path.join(HERE, "gold")
    bad = 0
    for f in sorted(os.listdir(gold_dir)):
        if not f.endswith(".json") or (prefixes and not any(f.startswith(p) for p in prefixes)):
            continue
        g, errs, warns = check(os.path.join(gold_dir, f))
        counts = ", ".join(f"{k}={len(g[k])}" for k in KEYS[2:])
        print(f"{'FAIL' if errs else 'ok  '} {f}: {counts}")
        for e in errs:
            print("   ERROR", e)
        for w in warns:
            print("   warn ", w)
        bad += bool(errs)
    sys.exit(1 if bad else 0)


if __name__ == "__main__":
    main()

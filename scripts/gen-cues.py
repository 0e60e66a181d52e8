#!/usr/bin/env python3
"""Generates ontology/lexicon/cues.csv and ontology/lexicon/descriptions.csv from the PETRARCH2
dictionaries (CAMEO verb dictionary and Phoenix agents dictionary).

    pip install lemminflect==0.2.3      # PyPI, MIT licence (pulls in numpy); verb and noun inflection
    python3 scripts/gen-cues.py [--report]

Run from anywhere; it reads only files in this repository and never the network. The output is
sorted and deterministic: a second run reproduces both files byte for byte. `--report` also
prints which codebook verbs were left out and why.

Sources (copied into scripts/lexicon/petrarch2/, unchanged):
  openeventdata/petrarch2 at commit 676801cd9cb2924bbbad09f86d15c9323e7097bf (2019-03-18),
  https://github.com/openeventdata/petrarch2, MIT licence, "Copyright (c) 2014 Open Event Data"
  (LICENSE); the dictionary files carry "Copyright (c) 2015 Open Event Data Alliance"
  (CAMEO.2.0.txt) and "Copyright (c) 2014 Open Event Data Alliance" (Phoenix.agents.txt), MIT.
    petrarch2/data/dictionaries/CAMEO.2.0.txt       git blob f15f1766c6115b7fb2f797200c1ae42e037364b0
    petrarch2/data/dictionaries/Phoenix.agents.txt  git blob b58c014e72919d75ecb6a6cec4619529b2ccfe67
    LICENSE                                         git blob ef2bdc1ffd7b670e51c7cecd0a9a8273c79de255
  The script checks these blob hashes before reading the files.
  lemminflect 0.2.3 (PyPI, MIT, Brad Jascob): inflected forms of codebook verbs and plurals of
  codebook nouns that the dictionaries do not spell out. Rows made that way say `lemminflect`.

What it writes (see ontology/lexicon/SOURCES.md, section "PETRARCH2"):
  cues.csv          phrase,list,cameo,source -- trigger words. `cameo` is the CAMEO code under which
                    the codebook takes the verb or noun into the list: the verb's own code, or the
                    code of a pattern of its verb block (PETRARCH applies a block's patterns to every
                    verb of the block), or the code of a pattern naming the noun. Inflected forms
                    keep their verb's code. `source` is petrarch2:CAMEO.2.0.txt when the phrase is
                    spelled out in the dictionary, else lemminflect.
  descriptions.csv  noun,plural,actor_type,phoenix,source -- head nouns of descriptive references
                    ("the rebels", "the junta"). `phoenix` is the agent code the type comes from.

How it filters: the tables below are the curation. Every verb of CAMEO.2.0.txt whose own code
is in CANDIDATE_CODES must be either used (VERBS) or left out with a reason (EXCLUDED); the
script stops if one is neither, so a new dictionary version cannot slip a verb in or out
unnoticed. Every code given in VERBS and NOUNS is checked against the dictionary, and against
LIST_CODES (plus EXTRA_CODES) for its list.
"""

import argparse
import csv
import hashlib
import io
import itertools
import re
import sys
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SRC = ROOT / "scripts" / "lexicon" / "petrarch2"
LEX = ROOT / "ontology" / "lexicon"
COMMIT = "676801cd9cb2924bbbad09f86d15c9323e7097bf"
BLOBS = {
    "CAMEO.2.0.txt": "f15f1766c6115b7fb2f797200c1ae42e037364b0",
    "Phoenix.agents.txt": "b58c014e72919d75ecb6a6cec4619529b2ccfe67",
    "LICENSE": "ef2bdc1ffd7b670e51c7cecd0a9a8273c79de255",
}
LEMMINFLECT_VERSION = "0.2.3"
CAMEO_SRC = "petrarch2:CAMEO.2.0.txt"
PHOENIX_SRC = "petrarch2:Phoenix.agents.txt"
INFLECT_SRC = "lemminflect"

# =============================================================================================
# Curated tables
# =============================================================================================

# Which CAMEO codes (prefixes) feed which list. A row's code must start with one of these, or be
# in EXTRA_CODES for its list.
LIST_CODES = {
    "hostile_verb": ("18", "19"),                 # 18x assault, 19x fight (196 has no verb of its own)
    "backing_verb": ("070", "071", "072", "074"),  # provide aid: general, economic, military, protection
    "event:attack": ("18", "190", "193", "194", "195"),  # assault; conventional force, small arms, artillery, air
    "event:capture": ("192",),                    # occupy territory
    "event:offensive": ("190", "191", "192"),     # offensives; sieges (191); invasions (192)
    "event:ceasefire": ("0871",),                 # declare truce, ceasefire
    "event:talks": ("045", "046"),                # mediate; engage in negotiation
    "event:agreement": ("057",),                  # sign formal agreement
    "event:deployment": ("15",),                  # military posture: mobilise, deploy (154)
    "event:killing": ("18", "190", "193", "20"),  # killings, assassination (186), mass killing (202)
}
# Codes outside LIST_CODES that a list takes anyway, each with its reason.
EXTRA_CODES = {
    ("backing_verb", "050"): "political backing: CAMEO codes 'back' and 'support' as 050 (diplomatic cooperation)",
    ("event:capture", "171"): "'annexed' territory: CAMEO files ANNEX under 171 (seize property)",
}
# Verbs whose own code starts with one of these must be accounted for (VERBS or EXCLUDED).
CANDIDATE_CODES = ("045", "046", "057", "07", "0871", "15", "18", "19", "20")


def V(verb, code, lists, only=None, drop=None, particle=None, why=""):
    """One codebook verb taken into lists. `verb` is spelled as in CAMEO.2.0.txt without '+'
    ("SHOOT_DOWN"); `particle` adds words after every form ("with", "control"), checked against a
    pattern "* PARTICLE" of the verb's block carrying `code`; `only`/`drop` restrict the forms."""
    return dict(verb=verb, code=code, lists=tuple(lists), only=only, drop=drop, particle=particle, why=why)


H, B = "hostile_verb", "backing_verb"
ATK, CAP, OFF, CF, TLK, AGR, DEP, KIL = ("event:attack", "event:capture", "event:offensive", "event:ceasefire",
                                         "event:talks", "event:agreement", "event:deployment", "event:killing")

VERBS = [
    # --- armed hostility (hostile_verb) and attack events -------------------------------------
    V("ATTACK", "190", [H, ATK]),
    V("ASSAULT", "190", [H, ATK]),
    V("AMBUSH", "190", [H, ATK]),
    V("RAID", "190", [H, ATK]),
    V("BOMB", "190", [H, ATK], drop=["bomb", "bombs"], why="'bomb(s)' is mostly the munition ('a bomb hit X')"),
    V("BOMBARD", "190", [H, ATK]),
    V("SHELL", "190", [H, ATK], drop=["shell", "shells"], why="'shell(s)' is mostly a noun ('artillery shells', "
      "'shell company')"),
    V("STORM", "190", [H, ATK], drop=["storm", "storms"], why="'storm(s)' is also the weather noun"),
    V("POUND", "190", [H, ATK], only=["pounded", "pounding"], why="'pound(s)' is also a currency and a weight"),
    V("SHOOT_DOWN", "190", [H, ATK]),
    V("BLOW_UP", "190", [H, ATK]),
    V("FIRE", "190", [H, ATK], particle="at", only=["fired", "firing"], why="only 'fired/firing at' (pattern '* AT'): "
      "bare 'fire' is also dismissal, 'a fire at X' a blaze"),
    V("SKIRMISH", "190", [ATK]),
    V("CLASH", "190", [H], particle="with", why="only 'clash(ed) with' states two opponents; bare forms go to event:attack"),
    V("CLASH", "190", [ATK]),
    V("FIGHT", "190", [H], why="'fighting alongside/for X' is an alliance: consumers must keep their not_triggers"),
    V("FIGHT", "190", [ATK], only=["fought", "fighting"], why="bare 'fight(s)' is too often 'the fight against corruption'"),
    V("BATTLE", "190", [H], only=["battled", "battling"], why="'battle(s)' is also the noun ('legal battle')"),
    V("STRIKE", "190", [H], only=["struck"], why="'strike(s)' are also labour strikes, 'striking' an adjective; not an "
      "event trigger ('an earthquake struck', 'struck a deal')"),
    V("WAGE_WAR", "190", [H]),
    V("DESTROY", "190", [H]),
    V("ANNIHILATE", "190", [H]),
    V("OBLITERATE", "190", [H]),
    V("DECIMATE", "190", [H]),
    V("RAZE", "190", [H]),
    V("WIPE_OUT", "190", [H]),
    V("ENCIRCLE", "190", [H]),
    V("REPEL", "190", [H]),
    V("REPULSE", "190", [H]),
    V("OVERTHROW", "180", [H]),
    V("BESIEGE", "191", [H, OFF]),
    V("INVADE", "192", [H, OFF]),
    V("OVERRUN", "192", [H, CAP]),
    # --- capture of territory ----------------------------------------------------------------
    V("RECAPTURE", "192", [CAP]),
    V("CAPTURE", "192", [CAP], why="192 from APPREHEND patterns ('* HEADQUARTERS', '* AREA'); also captures persons"),
    V("SEIZE", "192", [CAP], why="192 from APPREHEND patterns ('* &TOWN', '* CONTROL'); also seizes goods"),
    V("TAKE", "192", [CAP], particle="control", why="only 'take(n)/took control' (pattern '* CONTROL +')"),
    V("ANNEX", "171", [CAP], drop=["annex", "annexes"], why="'annex(es)' is also a building or a treaty annex"),
    # --- killing -----------------------------------------------------------------------------
    V("KILL", "190", [KIL], why="not a hostile_verb: objects are mostly persons and 'N killed in X' is passive"),
    V("MASSACRE", "202", [KIL]),
    V("SLAUGHTER", "202", [KIL]),
    V("ASSASSINATE", "186", [KIL]),
    V("BEHEAD", "190", [KIL]),
    V("DECAPITATE", "190", [KIL]),
    V("SLAY", "190", [KIL], drop=["slew"], why="'slew' is also 'a slew of'"),
    V("GUN_DOWN", "193", [KIL]),
    # --- deployment --------------------------------------------------------------------------
    V("DEPLOY", "154", [DEP]),
    V("REDEPLOY", "154", [DEP]),
    V("MOBILIZE", "154", [DEP], why="154 from '* &MILITARY'; also mobilising voters or funds"),
    V("MOBILISE", "154", [DEP], why="154 from '* &MILITARY'; also mobilising voters or funds"),
    V("DISPATCH", "154", [DEP], drop=["dispatch", "dispatches"], why="'dispatch(es)' is also a news report"),
    V("DESPATCH", "154", [DEP], drop=["despatch", "despatches"], why="'despatch(es)' is also a news report"),
    V("SEND", "154", [DEP], particle="troops", why="only 'send/sent troops' (pattern '* &MILITARY', TROOPS in &MILITARY)"),
    # --- talks and agreements ----------------------------------------------------------------
    V("NEGOTIATE", "045", [TLK], why="CAMEO has no 046 pattern for it; its block (COMPROMISE) mediates (045)"),
    V("MEDIATE", "045", [TLK]),
    V("BROKER", "045", [TLK], only=["brokered", "brokering"], why="'broker(s)' is also the noun ('power brokers')"),
    V("RATIFY", "057", [AGR], why="057 from '* &TREATY'"),
    # --- backing -----------------------------------------------------------------------------
    V("BACK", "050", [B], drop=["back"], why="'back' is mostly the adverb ('pushed back')"),
    V("SUPPORT", "050", [B]),
    V("AID", "072", [B], drop=["aid", "aids"], why="'aid' is mostly the (humanitarian) noun, 'AIDS' the disease; 072 "
      "from the AID block's '* ARM'"),
    V("ASSIST", "072", [B], why="072 from the AID block's '* ARM'"),
    V("FUND", "072", [B], drop=["fund", "funds"], why="'fund(s)' is also the noun ('froze funds of X'); 072 from "
      "'* &FIGHT'"),
    V("FINANCE", "072", [B], drop=["finance"], why="'finance' is also the noun ('finance minister'); 072 from '* ATTACK'"),
    V("BANKROLL", "072", [B]),
    V("TRAIN", "072", [B], only=["trained"], why="'train(s)', 'training' are also nouns ('training camp'); 072 from '* FORCES'"),
    V("SUPPLY", "072", [B], only=["supplied", "supplying"], why="'supply', 'supplies' are also nouns ('cut supplies to X'); "
      "072 from '* ARMS'"),
    V("LEND", "071", [B], why="071 from '* LOAN'; 'lent its support to'"),
]

# Codebook verbs (own code in CANDIDATE_CODES) left out of every list, by reason.
EXCLUDED = {
    "humanitarian aid, rescue or asylum (CAMEO 073/075), not backing a side":
        "EVACUATE AIRLIFT RESCUE SHELTER",
    "generic giving or helping; the object is seldom the side backed ('helped to end', 'donated to')":
        "HELP CONTRIBUTE DONATE",
    "intervening or stabilising names the arena, not the side backed ('intervened in Libya')":
        "STEP_IN INTERFERE INTERVENE STABILISE STABILIZE",
    "'defend/protect against X' names the enemy; 'defended its decision' is verbal":
        "LOOK_AFTER DEFEND GUARD PROTECT SAFEGUARD SHIELD TEND WARD",
    "mobilising supporters, votes or resources, or calling on the phone; not a deployment":
        "CALL_UP DRUM_UP PULL_TOGETHER GARNER MARSHAL MUSTER RALLY SUMMON",
    "shows of force (CAMEO 150), not a deployment":
        "OVERFLY PARADE PATROL",
    "harm, abuse or crime against persons or property, not fighting between organisations":
        "ABUSE MISTREAT BRUISE CONTAMINATE CORRUPT CRACK DAMAGE HARM HURT IMPAIR INJURE MAR RIP SPOIL TARNISH "
        "TEAR VITIATE WOUND RAMPAGE SCUFFLE SLAP TERRORIZE LASH WHIP CANE FLOG KIDNAP ABDUCT RAPE DISHONOR "
        "DISHONOUR TORTURE STAB BLUDGEON KICK STONE PELT STRANGLE",
    "sport, election or figurative senses are common ('defeated the motion', 'crushed hopes', 'hit by sanctions')":
        "BEAT BEST BREAK BUST CRUSH DEFEAT DOMINATE MASTER OVERCOME OVERPOWER OVERSHADOW OVERTAKE OVERWHELM "
        "SURMOUNT SHATTER SMASH RUIN HAMMER HIT MATCH PIT PUMMEL CLOBBER THUMP RAM BLITZ FLATTEN",
    "mostly verbal or political conflict ('assailed the decision', 'blasted the plan', 'combat corruption')":
        "ASSAIL BLAST SNIPE COMBAT CONFLICT QUARREL ALTERCATE DUEL SQUARE_OFF STRUGGLE GRAPPLE WRESTLE "
        "FIGHT_DOWN FIGHT_BACK RETALIATE ENGAGE",
    "passive or descriptive uses dominate ('war-ravaged', 'devastated by', 'the surrounding area')":
        "DEVASTATE RAVAGE RAVISH DESOLATE SURROUND CIRCLE RING",
    "other common senses ('fired the minister', 'shoot a film', 'target audience', 'a blow to')":
        "SHOOT TARGET BLOW TORCH",
    "the object is a device, or the verb is intransitive: no opponent named":
        "DETONATE EXPLODE DYNAMITE DIE",
    "disarming, eradicating or subjugating is not fighting an opponent ('eradicate polio')":
        "DISARM ERADICATE SUBJUGATE",
    "occupation states a standing situation ('occupied territories', 'occupies a seat'); residence":
        "OCCUPY INFEST INHABIT RESIDE",
    "parsing fragments of the dictionary ('killed and'), or generic or criminal senses ('hang', 'murder charges', "
    "'stamp out corruption')":
        "KIDNAPPED_AND_KILLED KILLED_AND KILLED_OR ATTACKED_AND_STABBED SHOT_AND STAMP_OUT STRING_UP HANG MURDER",
    "looting and plunder: property crime, no opposing organisation; 'foray into politics'":
        "DESPOIL FORAY PILLAGE PLUNDER RANSACK REAVE FORAY_INTO INTRUDE_ON",
    "also the trade noun ('butcher')":
        "BUTCHER",
    "rare as a verb; the noun 'siege' is taken for event:offensive as the nominal of BESIEGE":
        "SIEGE",
}


def N(noun, lists, code, plural="auto", via=None, why=""):
    """A noun trigger. It must occur in a pattern (or a synset used by a pattern) of CAMEO.2.0.txt
    coded `code`; or, with via=VERB, occur anywhere in the dictionary as the nominal of VERB, which
    must carry `code`. plural: "auto" (lemminflect), None (mass or plural-only), or a spelling."""
    return dict(noun=noun, lists=tuple(lists), code=code, plural=plural, via=via, why=why)


NOUNS = [
    # attacks
    N("attack", [ATK], "190"),
    N("counter-attack", [ATK], "190"),
    N("assault", [ATK], "190"),
    N("air raid", [ATK], "195"),
    N("air strike", [ATK], "195"),
    N("airstrike", [ATK], "195"),
    N("drone strike", [ATK], "1952"),
    N("bombardment", [ATK], "190"),
    N("bombing", [ATK], "183"),
    N("shelling", [ATK], "194", plural=None),
    N("gunfire", [ATK], "193", plural=None),
    N("firefight", [ATK], "193"),
    N("gunbattle", [ATK], "193"),
    N("shootout", [ATK], "193"),
    # offensives
    N("offensive", [OFF], "190"),
    N("counter-offensive", [OFF], "190"),
    N("incursion", [OFF], "190"),
    N("military operation", [OFF], "190"),
    N("military campaign", [OFF], "190"),
    N("invasion", [OFF], "192", via="INVADE"),
    N("siege", [OFF], "191", via="BESIEGE"),
    # ceasefires (synset &CEASEFIRE)
    N("ceasefire", [CF], "0871"),
    N("cease-fire", [CF], "0871"),
    N("cease fire", [CF], "0871", plural=None),
    N("truce", [CF], "0871"),
    N("armistice", [CF], "0871"),
    # talks
    N("talks", [TLK], "046", plural=None),
    N("negotiation", [TLK], "046"),
    N("dialogue", [TLK], "046"),
    N("summit", [TLK], "046"),
    N("mediation", [TLK], "045", plural=None),
    # agreements (synset &TREATY)
    N("agreement", [AGR], "057"),
    N("accord", [AGR], "057"),
    N("treaty", [AGR], "057"),
    N("pact", [AGR], "057"),
    N("peace deal", [AGR], "057", why="bare 'deal' is left out ('deal with', 'a great deal')"),
    N("memorandum", [AGR], "057"),
    # deployments
    N("deployment", [DEP], "154"),
    N("buildup", [DEP], "154"),
    # killings
    N("killing", [KIL], "190", via="KILL"),
    N("assassination", [KIL], "186", via="ASSASSINATE"),
]

# Phoenix agent codes (first three letters) -> actor type.
PHOENIX_TYPE = {
    "REB": ("ArmedGroup", "rebels"),
    "UAF": ("ArmedGroup", "unaligned armed forces: militias, militants"),
    "MIL": ("ArmedGroup", "national armed forces are ArmedGroup in this lexicon (armed-groups.csv, national.csv)"),
    "COP": ("ArmedGroup", "police and gendarmerie: state security forces, typed like the army"),
    "GOV": ("Government", "government"),
    "SPY": ("Government", "intelligence services are state agencies"),
    "BUS": ("Company", "business"),
    "IGO": ("InternationalOrganization", "intergovernmental organisations, peacekeepers"),
}
DEFAULT_TYPE = "Other"  # OPP, PTY, NGO, CRM, MED and the rest

# Head nouns of descriptive references. The Phoenix code is that of the noun's own entry in
# Phoenix.agents.txt, else the most frequent primary code among entries ending in the noun
# ("REBEL_GROUP", "ARMED_GROUP", ...). plural as in N(). type overrides the Phoenix type (with why).
# from_cameo: the noun is not in Phoenix.agents.txt; it occurs in CAMEO.2.0.txt as given, and
# the code comes from Phoenix's "PEACEKEEPING_TROOPS [IGO~]".
# With a type override the `phoenix` column is the code given as phoenix= (which must occur in an
# entry ending in the noun), or "-" when no Phoenix code supports the type.
def D(noun, plural="auto", type=None, phoenix=None, from_cameo=None, why=""):
    return dict(noun=noun, plural=plural, type=type, phoenix=phoenix, from_cameo=from_cameo, why=why)


DESCRIPTIONS = [
    D("administration"),
    D("army"),
    D("authority", why="'the authorities'; 'the Authority' (Palestinian Authority)"),
    D("battalion"),
    D("cabinet"),
    D("coalition", type="ArmedGroup", why="military coalitions (Saudi-led, US-led) in conflict news; Phoenix has only "
      "political coalitions (LEG, GOV, OPP); patterns.toml org_heads types 'Coalition' ArmedGroup too"),
    D("company"),
    D("contractor"),
    D("corporation"),
    D("department", why="'the State Department said'"),
    D("faction", type="ArmedGroup", phoenix="REB", why="armed factions in conflict news; Phoenix has one entry each for GOV, OPP, REB"),
    D("firm", type="Company", phoenix="BUS", why="a firm is a company whatever its sector; Phoenix codes the sector (MED, HLH)"),
    D("force"),
    D("gang", type="ArmedGroup", phoenix="UAF", why="armed gangs (Haiti) are armed groups in this lexicon; Phoenix: CRM, ARMED_GANG UAF"),
    D("garrison"),
    D("gendarmerie", plural=None),
    D("government"),
    D("group", why="Phoenix: 22 of 38 entries ending in GROUP are REB, UAF or MIL"),
    D("guerilla"),
    D("guerrilla"),
    D("insurgency", plural=None),
    D("insurgent"),
    D("jihadist"),
    D("junta"),
    D("mercenary", type="Company", why="mercenaries are private military companies (Wagner) here, typed Company in "
      "armed-groups.csv; Phoenix: UAF"),
    D("military", plural=None),
    D("militia"),
    D("militant"),
    D("ministry"),
    D("mission", type="InternationalOrganization", from_cameo="{PEACEKEEPING MISSION} [074]",
      why="peacekeeping missions; Phoenix has only the diplomatic MISSION_TO_THE_UNITED_NATIONS"),
    D("movement", why="Phoenix: REB 6, OPP 5 among entries ending in MOVEMENT"),
    D("navy"),
    D("opposition", plural=None),
    D("paramilitary"),
    D("peacekeeper", type="InternationalOrganization", from_cameo="&PKO: +PEACEKEEPER"),
    D("police", plural=None),
    D("rebel"),
    D("regime"),
    D("regiment"),
    D("separatist"),
    D("terrorist"),
]
# Nouns considered and left out, with reasons (reported with --report).
DESCRIPTIONS_EXCLUDED = {
    "alliance": "NATO (international organisation), rebel alliances and party alliances (Phoenix OPP, PTY) alike",
    "agency": "news agencies and UN agencies ('the agency said') as often as state agencies",
    "organisation/organization": "Phoenix spreads it over NGO, REB, UAF, LAB, GOV: no dominant type",
    "council/commission/committee": "the Security Council, AU Commission, UN committees (international) as often as "
                                    "national bodies (Phoenix GOV)",
    "union": "the African or European Union as often as a labour union (Phoenix LAB)",
    "party": "'the parties' are the warring sides (patterns.toml collective_parties)",
    "front/wing/unit/command/guard": "'the front line', 'took command', 'a guard' (a person), 'housing unit'",
    "fighter/soldier/troop/gunman/combatant": "persons, and of any side",
    "rebellion/uprising/revolt": "events more than actors",
    "parliament/legislature/court": "institutions outside the conflict roles (Phoenix LEG, JUD)",
}


# =============================================================================================
# Reading the dictionaries
# =============================================================================================

def git_blob_sha1(data):
    return hashlib.sha1(b"blob %d\0" % len(data) + data).hexdigest()


def read_source(name):
    data = (SRC / name).read_bytes()
    got = git_blob_sha1(data)
    if got != BLOBS[name]:
        sys.exit(f"{SRC / name}: git blob {got}, expected {BLOBS[name]} (petrarch2 at {COMMIT})")
    return data.decode("utf-8")


def words_of(entry):
    """'+SHOOT_DOWN' -> (['shoot', 'down'], 0); 'WIRE_+TAP' -> (['wire', 'tap'], 1)."""
    parts = [p for p in entry.strip().split("_") if p]
    idx = next((i for i, p in enumerate(parts) if p.startswith("+")), 0)
    return [p.lstrip("+").lower() for p in parts], idx


def split_codes(code):
    """'190:190' -> {'190'}; ':1952' -> {'1952'}; '080!' -> {'080'}; '---' -> set()."""
    return {c.strip("!") for c in code.split(":") if c.strip("!") and c.strip("!") != "---"}


def petrarch_plural(word):
    """PETRARCH's own rule for synset nouns (PETRreader.make_plural)."""
    if word.endswith("y"):
        return word[:-1] + "ies"
    if word.endswith("s"):
        return word[:-1] + "es"
    return word + "s"


class Cameo:
    def __init__(self, text):
        self.synsets = {}            # '&TREATY' -> ['treaty', 'treaties', 'pact', ...] (with PETRARCH's plurals)
        self.spelled = {}            # the same without generated plurals
        self.verbs = defaultdict(list)  # 'SHOOT_DOWN' -> [dict(block, code, words, idx, forms)]
        self.patterns = defaultdict(list)  # block -> [(pattern, codes)]
        self.literal = set()         # every word or phrase spelled out anywhere (lower case)
        self.noun_codes = defaultdict(set)  # phrase -> codes of the patterns it occurs in
        section, block, bcode, synset = "head", None, None, None
        for raw in text.splitlines():
            if raw.startswith("####### SYNONYM SETS"):
                section = "synsets"
                continue
            if raw.startswith("####### VERB PATTERNS"):
                section = "verbs"
                continue
            if raw.startswith("######## TRANSFORMATIONS"):
                break
            line = raw.split("#", 1)[0].strip()
            if not line or section == "head":
                continue
            if section == "synsets":
                if line.startswith("&"):
                    synset = line
                    self.synsets[synset] = []
                    self.spelled[synset] = []
                elif line.startswith("+"):
                    member = line[1:].strip()
                    phrase = member.rstrip("_").replace("_", " ").lower()
                    self.synsets[synset].append(phrase)
                    self.spelled[synset].append(phrase)
                    if not member.endswith("_") and not synset.endswith("_"):
                        self.synsets[synset].append(petrarch_plural(phrase))
                continue
            m = re.match(r"^---\s*(\S+)\s*\[([^\]]*)\]", line)
            if m:
                block, bcode = m.group(1), m.group(2).strip()
                continue
            if line.startswith("-"):
                m = re.match(r"^-(.*?)\[([^\]]*)\]", line)
                if m:
                    self.patterns[block].append((m.group(1).strip(), split_codes(m.group(2))))
                continue
            m = re.match(r"^(?P<verb>[^\s{\[]+)\s*(?:\{(?P<forms>[^}]*)\})?\s*(?:\[(?P<code>[^\]]*)\])?", line)
            verb = m.group("verb")
            words, idx = words_of(verb)
            forms = [" ".join(words_of(f)[0]) for f in (m.group("forms") or "").split()]
            code = (m.group("code") or bcode).strip()
            self.verbs[verb.lstrip("+").replace("+", "")].append(
                dict(block=block, code=code, words=words, idx=idx, forms=forms))
            self.literal.add(" ".join(words))
            self.literal.update(forms)
        for members in self.spelled.values():
            self.literal.update(members)
        for block, pats in self.patterns.items():
            for pat, codes in pats:
                self.literal.update(self.phrases_of(pat, self.spelled))
                for phrase in self.phrases_of(pat, self.synsets):
                    self.noun_codes[phrase] |= codes

    @staticmethod
    def expand(tokens, synsets):
        """Expand synset references in a token list into phrases."""
        options = [synsets.get(t, [t.lower().replace("_", " ")]) if t.startswith("&")
                   else [t.lower().replace("_", " ")] for t in tokens]
        return [" ".join(c) for c in itertools.product(*options)]

    def phrases_of(self, pattern, synsets):
        out = []
        for inner in re.findall(r"\{([^}]*)\}", pattern):
            out += self.expand(inner.split(), synsets)
        rest = re.sub(r"\{[^}]*\}", " ", pattern)
        for tok in re.findall(r"&?[A-Z][A-Z'_-]*", rest):
            out += self.expand([tok], synsets)
        return out

    def own_codes(self, verb):
        return {e["code"] for e in self.verbs[verb]}

    def attested(self, verb, code, particle=None):
        """Is `code` the verb's own code or the code of a pattern of its block (starting with
        `particle` when given)?"""
        if verb not in self.verbs:
            return False
        if particle is None and code in self.own_codes(verb):
            return True
        for entry in self.verbs[verb]:
            for pat, codes in self.patterns[entry["block"]]:
                if code not in codes:
                    continue
                if particle is None:
                    return True
                toks = pat.split()
                if len(toks) >= 2 and toks[0] == "*":
                    first = particle.split()[0]
                    head = toks[1]
                    if head.lower() == first or (head.startswith("&") and first in self.synsets.get(head, [])):
                        return True
        return False


def parse_phoenix(text):
    """Phoenix.agents.txt -> list of (phrase words, alternates, code)."""
    entries = []
    for raw in text.splitlines():
        line = raw.split("#", 1)[0].strip()
        if not line or line.startswith("!"):
            continue
        m = re.match(r"^(?P<phrase>[^\[{]+?)\s*(?:\{(?P<alt>[^}]*)\})?\s*\[(?P<code>[^\]}]*)[\]}]", line)
        if not m:
            continue
        words = [w for w in re.split(r"[_ ]+", m.group("phrase").strip("_ ")) if w]
        alts = [a.strip("_").replace("_", " ").lower() for a in (m.group("alt") or "").split()]
        entries.append((words, alts, m.group("code").strip("~ ")))
    return entries


# =============================================================================================
# Building the rows
# =============================================================================================

def inflect(lemma, tags):
    from lemminflect import getInflection
    out = []
    for tag in tags:
        for form in getInflection(lemma, tag) or ():
            if form not in out:
                out.append(form)
    return out


def list_allows(lst, code):
    return code.startswith(LIST_CODES[lst]) or (lst, code) in EXTRA_CODES


def verb_rows(cameo, spec):
    verb = spec["verb"]
    if verb not in cameo.verbs:
        sys.exit(f"VERBS: {verb} is not a verb of CAMEO.2.0.txt")
    if not cameo.attested(verb, spec["code"], spec["particle"]):
        sys.exit(f"VERBS: {verb} ({spec['particle'] or ''}) has no code {spec['code']} in CAMEO.2.0.txt")
    entry = cameo.verbs[verb][0]
    words, idx = entry["words"], entry["idx"]
    listed = {" ".join(words)}
    for e in cameo.verbs[verb]:
        listed.update(e["forms"])
    forms = []
    for f in inflect(words[idx], ("VB", "VBZ", "VBD", "VBN", "VBG")):
        forms.append(" ".join(words[:idx] + [f] + words[idx + 1:]))
    forms += sorted(listed - set(forms))
    if spec["only"]:
        missing = set(spec["only"]) - set(forms)
        if missing:
            sys.exit(f"VERBS: {verb}: forms {sorted(missing)} not generated")
        forms = [f for f in forms if f in spec["only"]]
    if spec["drop"]:
        forms = [f for f in forms if f not in spec["drop"]]
    rows = []
    for form in forms:
        src = CAMEO_SRC if form in listed else INFLECT_SRC
        phrase = f"{form} {spec['particle']}" if spec["particle"] else form
        for lst in spec["lists"]:
            if not list_allows(lst, spec["code"]):
                sys.exit(f"VERBS: {verb} code {spec['code']} is not taken by {lst}")
            rows.append((phrase, lst, spec["code"], src))
    return rows


def noun_rows(cameo, spec):
    noun, code = spec["noun"], spec["code"]
    if spec["via"]:
        if noun not in cameo.literal:
            sys.exit(f"NOUNS: {noun!r} does not occur in CAMEO.2.0.txt")
        if not cameo.attested(spec["via"], code):
            sys.exit(f"NOUNS: {spec['via']} has no code {code}")
    elif code not in cameo.noun_codes.get(noun, ()):
        sys.exit(f"NOUNS: {noun!r} occurs in no pattern coded {code} (has {sorted(cameo.noun_codes.get(noun, ()))})")
    forms = [noun]
    if spec["plural"] == "auto":
        head = noun.split()[-1]
        forms.append(" ".join(noun.split()[:-1] + [inflect(head, ("NNS",))[0]]))
    elif spec["plural"]:
        forms.append(spec["plural"])
    rows = []
    for form in forms:
        src = CAMEO_SRC if form in cameo.literal else INFLECT_SRC
        for lst in spec["lists"]:
            if not list_allows(lst, code):
                sys.exit(f"NOUNS: {noun} code {code} is not taken by {lst}")
            rows.append((form, lst, code, src))
    return rows


def build_cues(cameo):
    # Every candidate verb is used or excluded, and nothing is both.
    excluded = {}
    for reason, verbs in EXCLUDED.items():
        for v in verbs.split():
            if v in excluded:
                sys.exit(f"EXCLUDED: {v} listed twice")
            excluded[v] = reason
    used = {spec["verb"] for spec in VERBS}
    both = used & set(excluded)
    if both:
        sys.exit(f"both used and excluded: {sorted(both)}")
    unknown = set(excluded) - set(cameo.verbs)
    if unknown:
        sys.exit(f"EXCLUDED: not verbs of CAMEO.2.0.txt: {sorted(unknown)}")
    candidates = {v for v in cameo.verbs if any(c.startswith(CANDIDATE_CODES) for c in cameo.own_codes(v))}
    loose = sorted(candidates - used - set(excluded))
    if loose:
        sys.exit(f"candidate verbs neither in VERBS nor EXCLUDED: {loose}")
    rows = {}
    for spec in VERBS:
        for r in verb_rows(cameo, spec):
            rows.setdefault((r[1], r[0]), r)   # first wins: VERBS order
    for spec in NOUNS:
        for r in noun_rows(cameo, spec):
            rows.setdefault((r[1], r[0]), r)
    return [rows[k] for k in sorted(rows)], candidates, excluded


def build_descriptions(cameo, phoenix):
    rows = []
    codes_seen = {c for _, _, c in phoenix}
    for spec in DESCRIPTIONS:
        noun = spec["noun"]
        up = noun.upper()
        if spec["from_cameo"]:
            if noun not in cameo.literal:
                sys.exit(f"DESCRIPTIONS: {noun} does not occur in CAMEO.2.0.txt")
            if "IGO" not in codes_seen:
                sys.exit("DESCRIPTIONS: no IGO code in Phoenix.agents.txt")
            code, src, listed_plurals = "IGO", CAMEO_SRC, []
        else:
            own = [(alts, c) for words, alts, c in phoenix if len(words) == 1 and
                   (words[0] == up or up.lower() in alts)]
            if own:
                code = own[0][1]
                listed_plurals = [a for a in own[0][0] if a != noun]
            else:
                heads = Counter(c[:3] for words, _, c in phoenix if words[-1] == up)
                if not heads:
                    sys.exit(f"DESCRIPTIONS: no Phoenix entry ends in {up}")
                top = heads.most_common()
                if len(top) > 1 and top[0][1] == top[1][1] and not spec["type"]:
                    sys.exit(f"DESCRIPTIONS: {noun}: tie {top}; give a type")
                code, listed_plurals = top[0][0], []
            src = PHOENIX_SRC
        ptype = PHOENIX_TYPE.get(code[:3], (DEFAULT_TYPE, ""))[0]
        atype = spec["type"] or ptype
        if spec["type"] and spec["type"] != ptype:
            cited = spec["phoenix"]
            if cited:
                segs = {c[i:i + 3] for words, _, c in phoenix if words[-1] == up for i in range(0, len(c), 3)}
                if cited not in segs or PHOENIX_TYPE[cited][0] != spec["type"]:
                    sys.exit(f"DESCRIPTIONS: {noun}: {cited} not a Phoenix code of type {spec['type']} for {up}")
            code = cited or "-"
        if spec["plural"] == "auto":
            plural = listed_plurals[0] if listed_plurals else inflect(noun, ("NNS",))[0]
            plural_listed = plural in listed_plurals or plural.upper() in {" ".join(w) for w, _, _ in phoenix}
            if not plural_listed:
                src += "+" + INFLECT_SRC
        else:
            plural = spec["plural"] or ""
        rows.append((noun, plural, atype, code, src))
    return sorted(rows)


def write_csv(path, header, rows):
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(header)
    w.writerows(rows)
    path.write_text(buf.getvalue(), encoding="utf-8")


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--report", action="store_true", help="also list the verbs and nouns left out, with reasons")
    args = ap.parse_args()
    import lemminflect
    if lemminflect.__version__ != LEMMINFLECT_VERSION:
        sys.exit(f"lemminflect {lemminflect.__version__} installed; pip install lemminflect=={LEMMINFLECT_VERSION}")
    read_source("LICENSE")
    cameo = Cameo(read_source("CAMEO.2.0.txt"))
    phoenix = parse_phoenix(read_source("Phoenix.agents.txt"))

    cues, candidates, excluded = build_cues(cameo)
    write_csv(LEX / "cues.csv", ["phrase", "list", "cameo", "source"], cues)
    desc = build_descriptions(cameo, phoenix)
    write_csv(LEX / "descriptions.csv", ["noun", "plural", "actor_type", "phoenix", "source"], desc)

    counts = Counter(r[1] for r in cues)
    print(f"cues.csv: {len(cues)} rows ({len(candidates)} candidate verbs, {len(excluded)} excluded)")
    for lst in sorted(counts):
        print(f"  {lst:18} {counts[lst]}")
    print(f"descriptions.csv: {len(desc)} rows " + str(dict(sorted(Counter(r[2] for r in desc).items()))))
    if args.report:
        print("\nExcluded candidate verbs:")
        for reason, verbs in EXCLUDED.items():
            print(f"  - {reason}: {verbs.lower()}")
        print("\nForm restrictions and notes on used verbs:")
        for spec in VERBS:
            if spec["why"]:
                print(f"  - {spec['verb'].lower()} -> {', '.join(spec['lists'])}: {spec['why']}")
        print("\nNouns left out of descriptions.csv:")
        for noun, reason in DESCRIPTIONS_EXCLUDED.items():
            print(f"  - {noun}: {reason}")


if __name__ == "__main__":
    main()

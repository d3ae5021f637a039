#!/usr/bin/env python3
"""Build Portrayal's built-in actor catalog (src/Portrayal/Catalog/catalog.yaml).

Every ISO 3166-1 country comes from Debian's iso-codes package (English names from the JSON file, Russian and
Kazakh names from its gettext catalogues); the hand-written overlay (overlay.yaml beside this script) adds the
everyday names, abbreviations, capitals and seats, adjectives, leaders, guards and exclusions, fixes wrong
translations, and defines the international organisations.

Standard library only. The output depends only on the inputs: same files in, byte-identical catalog out.

    python3 tools/catalog/build_catalog.py            # write the catalog
    python3 tools/catalog/build_catalog.py --check    # exit 1 when the catalog on disk is not what the inputs give
"""

import argparse
import json
import os
import re
import struct
import subprocess
import sys
import unicodedata

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.normpath(os.path.join(HERE, "..", ".."))

ISO_JSON = "/usr/share/iso-codes/json/iso_3166-1.json"
MO = "/usr/share/locale/{lang}/LC_MESSAGES/iso_3166-1.mo"
OVERLAY = os.path.join(HERE, "overlay.yaml")
OUT = os.path.join(REPO, "src", "Portrayal", "Catalog", "catalog.yaml")

LANGS = ("en", "ru", "kk")
ALIAS_KINDS = ("names", "abbreviations", "metonyms", "adjectives", "proxies")
FIELD_ORDER = ("id", "iso", "kind", "name", "in_sentence") + ALIAS_KINDS + ("case_sensitive", "exclude")
OVERLAY_KEYS = set(FIELD_ORDER) | {"drop", "note"}


class CatalogError(Exception):
    pass


# ---------------------------------------------------------------------------------------------------------------
# A small YAML subset, enough for overlay.yaml: block mappings, block sequences, one-line or multi-line flow lists
# of scalars, plain / "double" / 'single' quoted scalars, true / false, and # comments.


def _strip_comment(line):
    quote = None
    i = 0
    while i < len(line):
        c = line[i]
        if quote == '"':
            if c == "\\":
                i += 1
            elif c == '"':
                quote = None
        elif quote == "'":
            if c == "'":
                quote = None
        elif c in "\"'" and (i == 0 or line[i - 1] in " [,:{"):
            quote = c
        elif c == "#" and (i == 0 or line[i - 1] in " \t"):
            return line[:i].rstrip()
        i += 1
    return line.rstrip()


def _scalar(text, where):
    text = text.strip()
    if text.startswith('"'):
        if not text.endswith('"') or len(text) < 2:
            raise CatalogError(f"{where}: unterminated double-quoted string")
        try:
            return json.loads(text)
        except json.JSONDecodeError as e:
            raise CatalogError(f"{where}: bad double-quoted string ({e})")
    if text.startswith("'"):
        if not text.endswith("'") or len(text) < 2:
            raise CatalogError(f"{where}: unterminated single-quoted string")
        return text[1:-1].replace("''", "'")
    if text in ("true", "false"):
        return text == "true"
    if text in ("", "~", "null"):
        return None
    if text[0] in "&*!|>%@`{":
        raise CatalogError(f"{where}: '{text[0]}' is outside the YAML subset this script reads")
    return text


def _flow_list(text, where):
    body = text.strip()
    if not (body.startswith("[") and body.endswith("]")):
        raise CatalogError(f"{where}: expected a [flow, list]")
    body = body[1:-1]
    items, cur, quote, i = [], "", None, 0
    while i < len(body):
        c = body[i]
        if quote:
            cur += c
            if quote == '"' and c == "\\":
                cur += body[i + 1]
                i += 1
            elif c == quote:
                quote = None
        elif c in "\"'" and not cur.strip():
            quote = c
            cur += c
        elif c == ",":
            items.append(cur)
            cur = ""
        elif c in "[]{}":
            raise CatalogError(f"{where}: nested collections are outside the YAML subset")
        else:
            cur += c
        i += 1
    if quote:
        raise CatalogError(f"{where}: unterminated string in list")
    if cur.strip():
        items.append(cur)
    elif items:
        raise CatalogError(f"{where}: empty item in list")
    return [_scalar(x, where) for x in items]


def parse_yaml_subset(text, path):
    lines = []
    raw = text.split("\n")
    i = 0
    while i < len(raw):
        no = i + 1
        if "\t" in raw[i][: len(raw[i]) - len(raw[i].lstrip())]:
            raise CatalogError(f"{path}:{no}: tab in indentation")
        s = _strip_comment(raw[i])
        i += 1
        if not s.strip():
            continue
        # a flow list may run over several lines until its bracket closes
        if s.rstrip().endswith("[") or (s.count("[") > s.count("]") and "[" in s):
            while s.count("[") > s.count("]"):
                if i >= len(raw):
                    raise CatalogError(f"{path}:{no}: list not closed")
                s += " " + _strip_comment(raw[i]).strip()
                i += 1
        indent = len(s) - len(s.lstrip(" "))
        lines.append([no, indent, s.strip()])

    def key_value(content, where):
        m = re.match(r'^("(?:[^"\\]|\\.)*"|[^\s"\'#][^:]*?)\s*:(?:\s+(.*))?$', content)
        if not m:
            raise CatalogError(f"{where}: expected 'key: value'")
        key = _scalar(m.group(1), where)
        return key, (m.group(2) or "").strip()

    def value_of(rest, where):
        return _flow_list(rest, where) if rest.startswith("[") else _scalar(rest, where)

    def block(pos, indent):
        no, ind, content = lines[pos]
        if content == "-" or content.startswith("- "):
            seq = []
            while pos < len(lines) and lines[pos][1] == indent and (lines[pos][2] == "-" or lines[pos][2].startswith("- ")):
                no, ind, content = lines[pos]
                item = content[1:].strip()
                where = f"{path}:{no}"
                if not item:
                    pos += 1
                    if pos >= len(lines) or lines[pos][1] <= indent:
                        raise CatalogError(f"{where}: empty list item")
                    value, pos = block(pos, lines[pos][1])
                elif re.match(r'^("(?:[^"\\]|\\.)*"|[^\s"\'\[#][^:]*?)\s*:(\s|$)', item):
                    lines[pos] = [no, indent + 2, item]
                    value, pos = block(pos, indent + 2)
                else:
                    value = value_of(item, where)
                    pos += 1
                seq.append(value)
            return seq, pos
        mapping = {}
        while pos < len(lines) and lines[pos][1] == indent and not (lines[pos][2] == "-" or lines[pos][2].startswith("- ")):
            no, ind, content = lines[pos]
            where = f"{path}:{no}"
            key, rest = key_value(content, where)
            if key in mapping:
                raise CatalogError(f"{where}: key '{key}' given twice")
            pos += 1
            if rest:
                mapping[key] = value_of(rest, where)
            elif pos < len(lines) and lines[pos][1] > indent:
                mapping[key], pos = block(pos, lines[pos][1])
            else:
                mapping[key] = None
        if pos < len(lines) and lines[pos][1] > indent:
            raise CatalogError(f"{path}:{lines[pos][0]}: unexpected indentation")
        return mapping, pos

    if not lines:
        return {}
    value, pos = block(0, lines[0][1])
    if pos != len(lines):
        raise CatalogError(f"{path}:{lines[pos][0]}: unexpected indentation")
    return value


# ---------------------------------------------------------------------------------------------------------------
# Inputs


def read_mo(path):
    """msgid -> msgstr from a GNU .mo file (no plural or context entries are used by iso_3166-1)."""
    with open(path, "rb") as f:
        data = f.read()
    magic = struct.unpack("<I", data[:4])[0]
    endian = "<" if magic == 0x950412DE else ">" if magic == 0xDE120495 else None
    if endian is None:
        raise CatalogError(f"{path}: not a .mo file")
    _, count, orig_at, trans_at = struct.unpack(endian + "4I", data[4:20])
    out = {}
    for k in range(count):
        olen, ooff = struct.unpack(endian + "2I", data[orig_at + 8 * k: orig_at + 8 * k + 8])
        tlen, toff = struct.unpack(endian + "2I", data[trans_at + 8 * k: trans_at + 8 * k + 8])
        msgid = data[ooff: ooff + olen].decode("utf-8")
        msgstr = data[toff: toff + tlen].decode("utf-8")
        if msgid and "\x00" not in msgid and "\x04" not in msgid and msgstr:
            out[msgid] = msgstr
    return out


def iso_codes_version():
    try:
        v = subprocess.run(["dpkg-query", "-W", "-f=${Version}", "iso-codes"], capture_output=True, text=True, check=True)
        return v.stdout.strip() or "unknown"
    except (OSError, subprocess.CalledProcessError):
        return "unknown"


# ---------------------------------------------------------------------------------------------------------------
# Text helpers


def fold(s):
    """The matcher's case folding (TextFolding.Fold): lower case, ё -> е, typographic apostrophes and hyphens unified."""
    s = s.lower().replace("ё", "е").replace("\u2019", "'").replace("\u02bc", "'")
    return s.replace("\u2010", "-").replace("\u2011", "-")


def words_key(s):
    """Alias as the matcher's tokenizer sees it: words (hyphens and apostrophes inside a word kept), folded."""
    return " ".join(re.findall(r"[\w\u0300-\u036f]+(?:['\u2019\u02bc\u2010\u2011-][\w\u0300-\u036f]+)*", fold(s)))


def clean(s):
    """An iso-codes string as an alias: NFC, stress marks removed, parenthesised parts dropped, spaces collapsed."""
    s = unicodedata.normalize("NFC", s)
    s = s.replace("\u0301", "").replace("\u0300", "")
    s = re.sub(r"\s*\([^)]*\)", "", s)
    s = re.sub(r"^(the|The)\s+", "", s)
    return re.sub(r"\s+", " ", s).strip()


def ascii_variant(s):
    """Türkiye -> Turkiye, Côte d'Ivoire -> Cote d'Ivoire (Latin only)."""
    if re.search(r"[\u0400-\u04ff]", s):
        return s
    return "".join(c for c in unicodedata.normalize("NFKD", s) if not unicodedata.combining(c))


def slug(s):
    s = ascii_variant(re.sub(r"\s*\([^)]*\)", "", s)).lower()
    s = re.sub(r"['\u2019]", "", s)
    return re.sub(r"[^a-z0-9]+", "-", s).strip("-")


def is_abbreviation(s):
    letters = [c for c in s if c.isalpha()]
    return 2 <= len(letters) <= 6 and all(c.isupper() for c in letters) and " " not in s


def inverted(entry):
    """'Korea, Republic of', 'Virgin Islands, British': ISO's inverted sort form, never written in a post."""
    name = entry["name"]
    if ", " not in name:
        return False
    tail = name.split(", ", 1)[1]
    return bool(re.search(r"\bof( the)?$", tail) or tail in ("British", "U.S.") or entry.get("common_name")
                or (entry.get("official_name") or name) != name)


# ---------------------------------------------------------------------------------------------------------------
# Building


def empty_aliases():
    return {kind: {lang: [] for lang in LANGS} for kind in ALIAS_KINDS}


def add(aliases, kind, lang, text, where):
    if not isinstance(text, str) or not text.strip():
        raise CatalogError(f"{where}: empty or non-text alias under {kind}.{lang}")
    aliases[kind][lang].append(text.strip())


def per_language(value, field, where):
    if value is None:
        return {}
    if not isinstance(value, dict):
        raise CatalogError(f"{where}: '{field}' must map languages (en, ru, kk) to lists")
    for lang, items in value.items():
        if lang not in LANGS:
            raise CatalogError(f"{where}: '{field}' has language '{lang}'; only en, ru, kk")
        if not isinstance(items, list):
            raise CatalogError(f"{where}: '{field}.{lang}' must be a [list]")
    return value


def finish(actor, where):
    """Dedupe each language (first spelling wins, across kinds in the order names, abbreviations, ...), drop empties."""
    out = {}
    for kind in ALIAS_KINDS:
        out[kind] = {}
    for lang in LANGS:
        seen = set()
        for kind in ALIAS_KINDS:
            kept = []
            for text in actor["aliases"][kind][lang]:
                key = text if kind == "abbreviations" else fold(text)
                if key in seen or fold(text) in seen:
                    continue
                seen.add(key)
                seen.add(fold(text))
                kept.append(text)
            if kept:
                out[kind][lang] = kept
    actor["aliases"] = out
    if not actor["aliases"]["names"] and not actor["aliases"]["abbreviations"]:
        raise CatalogError(f"{where}: actor '{actor['id']}' has no names")
    return actor


def country_actors(iso, tr, overlay_countries):
    by_code = {}
    for o in overlay_countries:
        code = o.get("iso")
        if not isinstance(code, str):
            raise CatalogError(f"overlay: a country entry without 'iso: XX' ({o.get('id')})")
        if code in by_code:
            raise CatalogError(f"overlay: country {code} given twice")
        unknown = set(o) - OVERLAY_KEYS
        if unknown:
            raise CatalogError(f"overlay: country {code} has unknown keys {sorted(unknown)}")
        by_code[code] = o
    known = {e["alpha_2"] for e in iso}
    for code in by_code:
        if code not in known:
            raise CatalogError(f"overlay: country {code} is not in ISO 3166-1")

    actors = []
    for e in iso:
        code = e["alpha_2"]
        o = by_code.get(code, {})
        where = f"overlay {code}" if o else f"iso-codes {code}"
        en_raw = [e.get("common_name"), None if inverted(e) else e["name"], e.get("official_name")]
        if inverted(e) and not e.get("common_name"):
            en_raw[1] = e["name"].split(", ")[0]
        display = next(x for x in en_raw if x)
        aliases = empty_aliases()
        drop = per_language(o.get("drop"), "drop", where)
        dropped = {lang: {fold(x) for x in drop.get(lang, [])} for lang in LANGS}
        used_drops = set()

        # hand-written aliases first, so everyday names lead the lists
        for kind in ALIAS_KINDS:
            for lang, items in per_language(o.get(kind), kind, where).items():
                for text in items:
                    add(aliases, kind, lang, text, where)

        def from_iso(lang, text):
            text = clean(text)
            if not text:
                return
            if fold(text) in dropped[lang]:
                used_drops.add((lang, fold(text)))
                return
            kind = "abbreviations" if is_abbreviation(text) else "names"
            add(aliases, kind, lang, text, where)
            if lang == "en" and ascii_variant(text) != text:
                variant = ascii_variant(text)
                if fold(variant) in dropped[lang]:
                    used_drops.add((lang, fold(variant)))
                else:
                    add(aliases, kind, lang, variant, where)

        for text in en_raw:
            if text:
                from_iso("en", text)
        for lang in ("ru", "kk"):
            for field in ("common_name", "name", "official_name"):
                if e.get(field) and e[field] in tr[lang]:
                    from_iso(lang, tr[lang][e[field]])
        for lang in LANGS:
            for text in drop.get(lang, []):
                if (lang, fold(text)) not in used_drops:
                    raise CatalogError(f"{where}: drop.{lang} '{text}' matches no iso-codes name (stale overlay?)")

        actor_id = o.get("id") or slug(display)
        name = o.get("name") or clean(display)
        in_sentence = o.get("in_sentence")
        if in_sentence is None and re.search(r"(Islands|Republic|Emirates|Kingdom|States|Territories|Territory|"
                                             r"Netherlands|Philippines|Bahamas|Maldives|Seychelles|Comoros|Gambia)$", name):
            in_sentence = "the " + name
        actors.append(finish({
            "id": actor_id,
            "iso": [code, e["alpha_3"]],
            "kind": "country",
            "name": name,
            "in_sentence": in_sentence,
            "aliases": aliases,
            "case_sensitive": o.get("case_sensitive"),
            "exclude": o.get("exclude") or [],
        }, where))
    return actors


def organisation_actors(overlay_orgs):
    actors = []
    for o in overlay_orgs:
        where = f"overlay organisation {o.get('id')}"
        unknown = set(o) - OVERLAY_KEYS
        if unknown or "drop" in o or "iso" in o:
            raise CatalogError(f"{where}: unknown or country-only keys {sorted(unknown | ({'drop', 'iso'} & set(o)))}")
        if not o.get("id") or not o.get("name"):
            raise CatalogError(f"{where}: an organisation needs 'id' and 'name'")
        aliases = empty_aliases()
        for kind in ALIAS_KINDS:
            for lang, items in per_language(o.get(kind), kind, where).items():
                for text in items:
                    add(aliases, kind, lang, text, where)
        actors.append(finish({
            "id": o["id"],
            "iso": None,
            "kind": "organisation",
            "name": o["name"],
            "in_sentence": o.get("in_sentence"),
            "aliases": aliases,
            "case_sensitive": o.get("case_sensitive"),
            "exclude": o.get("exclude") or [],
        }, where))
    return actors


def validate(actors, mandatory):
    errors = []
    ids = {}
    for a in actors:
        if not re.fullmatch(r"[a-z][a-z0-9-]*", a["id"]):
            errors.append(f"id '{a['id']}' is not a lowercase ASCII slug")
        if a["id"] in ids:
            errors.append(f"id '{a['id']}' used twice")
        ids[a["id"]] = a
        if a["case_sensitive"] not in (None, True):
            errors.append(f"{a['id']}: case_sensitive must be true or absent")
        if not isinstance(a["exclude"], list):
            errors.append(f"{a['id']}: exclude must be a list")
    for m in mandatory:
        if m not in ids:
            errors.append(f"mandatory id '{m}' missing")
    # The codebook loader refuses an alias (case-folded, exact for abbreviations) under two actors; the matcher sees
    # aliases as folded word sequences, so check that too.
    owners = {}
    for a in actors:
        for kind, langs in a["aliases"].items():
            for lang, items in langs.items():
                for text in items:
                    for key in {("exact" if kind == "abbreviations" else "fold", text if kind == "abbreviations" else fold(text)),
                                ("words", words_key(text))}:
                        other = owners.setdefault(key, (a["id"], text))
                        if other[0] != a["id"]:
                            errors.append(f"alias '{text}' ({a['id']}) collides with '{other[1]}' ({other[0]})")
    if errors:
        raise CatalogError("catalog not valid:\n  " + "\n  ".join(sorted(set(errors))))


# ---------------------------------------------------------------------------------------------------------------
# Output: YAML with every string double-quoted (JSON string syntax is valid YAML), flow lists, fixed key order.


def q(s):
    return json.dumps(s, ensure_ascii=False)


def flow(items, prefix, width=118):
    """A flow list after `prefix` (the "    key: " text); long lists wrap, continuation aligned after the bracket."""
    parts = [q(x) for x in items]
    lines, cur = [], ""
    for p in parts:
        piece = p if not cur else cur + ", " + p
        if cur and len(prefix) + 1 + len(piece) + 1 > width:
            lines.append(cur + ",")
            cur = p
        else:
            cur = piece
    lines.append(cur)
    pad = "\n" + " " * (len(prefix) + 1)
    return prefix + "[" + pad.join(lines) + "]"


def render(actors, version):
    out = [
        "# Portrayal built-in actor catalog: every ISO 3166-1 country and the main international organisations,",
        "# with names, abbreviations, metonyms, adjectives and proxies in English (en), Russian (ru) and Kazakh (kk).",
        "#",
        f"# GENERATED FILE, do not edit by hand. Country codes and the en/ru/kk country names come from Debian's",
        f"# iso-codes {version} (iso_3166-1.json and the ru/kk iso_3166-1.mo translations; data licence LGPL-2.1+);",
        "# everything else (everyday names, capitals, adjectives, leaders, guards, organisations, corrections) is",
        "# hand-written in tools/catalog/overlay.yaml. Regenerate from the repository root with:",
        "#",
        "#     python3 tools/catalog/build_catalog.py",
        "#",
        "# Aliases are nominative (ru) or bare stems (kk): the matcher inflects them. Abbreviations match with their",
        "# exact capitals; case_sensitive: true makes every alias of that actor match only with its capitals; exclude",
        "# lists phrases that veto a mention they overlap. Proxies (leaders) count only when an analysis turns them on.",
        f"# {sum(a['kind'] == 'country' for a in actors)} countries, {sum(a['kind'] == 'organisation' for a in actors)} organisations, sorted by id.",
        "",
        "actors:",
    ]
    for a in actors:
        out.append(f"  - id: {q(a['id'])}")
        if a["iso"]:
            out.append(flow(a["iso"], "    iso: "))
        out.append(f"    kind: {a['kind']}")
        out.append(f"    name: {q(a['name'])}")
        if a["in_sentence"]:
            out.append(f"    in_sentence: {q(a['in_sentence'])}")
        for kind in ALIAS_KINDS:
            langs = a["aliases"][kind]
            if not langs:
                continue
            out.append(f"    {kind}:")
            for lang in LANGS:
                if lang in langs:
                    out.append(flow(langs[lang], f"      {lang}: "))
        if a["case_sensitive"]:
            out.append("    case_sensitive: true")
        if a["exclude"]:
            out.append(flow(a["exclude"], "    exclude: "))
        out.append("")
    return "\n".join(out).rstrip("\n") + "\n"


def build(args):
    with open(args.iso_json, encoding="utf-8") as f:
        iso = json.load(f)["3166-1"]
    tr = {lang: read_mo(args.mo.format(lang=lang)) for lang in ("ru", "kk")}
    with open(args.overlay, encoding="utf-8") as f:
        overlay = parse_yaml_subset(f.read(), os.path.basename(args.overlay))
    unknown = set(overlay) - {"mandatory_ids", "countries", "organisations"}
    if unknown:
        raise CatalogError(f"overlay: unknown top-level keys {sorted(unknown)}")
    actors = country_actors(iso, tr, overlay.get("countries") or [])
    actors += organisation_actors(overlay.get("organisations") or [])
    for a in actors:
        for item in a["exclude"]:
            if not isinstance(item, str) or not item.strip():
                raise CatalogError(f"{a['id']}: empty exclusion")
    actors.sort(key=lambda a: a["id"])
    validate(actors, overlay.get("mandatory_ids") or [])
    return render(actors, args.iso_codes_version or iso_codes_version()), actors


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--iso-json", default=ISO_JSON)
    p.add_argument("--mo", default=MO, help="path pattern of the .mo files, {lang} is ru or kk")
    p.add_argument("--overlay", default=OVERLAY)
    p.add_argument("--out", default=OUT)
    p.add_argument("--iso-codes-version", help="version named in the header (default: asked from dpkg)")
    p.add_argument("--check", action="store_true", help="compare with the file on disk instead of writing it")
    args = p.parse_args(argv)
    try:
        text, actors = build(args)
    except (CatalogError, OSError, KeyError, ValueError) as e:
        print(f"build_catalog: {e}", file=sys.stderr)
        return 2
    countries = sum(a["kind"] == "country" for a in actors)
    if args.check:
        try:
            with open(args.out, encoding="utf-8") as f:
                same = f.read() == text
        except OSError:
            same = False
        print(f"{args.out}: {'up to date' if same else 'OUT OF DATE, regenerate'}")
        return 0 if same else 1
    os.makedirs(os.path.dirname(args.out), exist_ok=True)
    with open(args.out, "w", encoding="utf-8", newline="\n") as f:
        f.write(text)
    print(f"wrote {os.path.relpath(args.out)}: {countries} countries, {len(actors) - countries} organisations")
    return 0


if __name__ == "__main__":
    sys.exit(main())

#!/usr/bin/env python3
"""Checks hand-written stance examples (JSONL) and fills in start/end of each target.

One object per line:
  {"id": "kk-a-0001", "lang": "kk", "text": "...", "target": "Ресейдің", "actor": "russia", "label": "negative"}
- lang: kk, ru or en (kk also for code-switched Kazakh-Russian text)
- target: the actor's name exactly as it is written in the text (with its suffixes); the first occurrence is
  taken unless "occurrence": N (1-based) is given
- actor: the catalog id (csto, russia, usa, eu, china, turkey, un, nato, sco, eaeu, cis, osce, ots, imf, who,
  united-kingdom, germany, france, ukraine, belarus, kyrgyzstan, uzbekistan, tajikistan, armenia, iran, japan, ...)
- label: negative, neutral or positive: how the text portrays THAT actor
Usage: check.py FILE... [--write]   (--write adds "start"/"end" in place)
"""
import json, sys, collections

LABELS = {"negative", "neutral", "positive"}
def main():
    write = "--write" in sys.argv
    files = [a for a in sys.argv[1:] if a != "--write"]
    ids, bad, counts = set(), 0, collections.Counter()
    for path in files:
        out = []
        for n, raw in enumerate(open(path, encoding="utf-8"), 1):
            if not raw.strip():
                continue
            where = f"{path}:{n}"
            try:
                o = json.loads(raw)
            except json.JSONDecodeError as e:
                print(f"{where}: not JSON: {e}"); bad += 1; continue
            missing = [k for k in ("id", "lang", "text", "target", "actor", "label") if not isinstance(o.get(k), str) or not o[k].strip()]
            if missing:
                print(f"{where}: field(s) {', '.join(missing)} missing or empty"); bad += 1; continue
            if o["id"] in ids: print(f"{where}: duplicate id {o['id']}"); bad += 1
            ids.add(o["id"])
            if o["lang"] not in ("kk", "ru", "en"): print(f"{where}: lang must be kk, ru or en"); bad += 1
            if o["label"] not in LABELS: print(f"{where}: label must be one of {sorted(LABELS)}"); bad += 1
            at, k = -1, o.get("occurrence", 1)
            for _ in range(k):
                at = o["text"].find(o["target"], at + 1)
                if at < 0: break
            if at < 0:
                print(f"{where}: target {o['target']!r} not found in the text"); bad += 1; continue
            end = at + len(o["target"])
            if (at > 0 and o["text"][at - 1].isalnum()) or (end < len(o["text"]) and o["text"][end].isalnum()):
                print(f"{where}: target {o['target']!r} is part of a longer word: give the whole word, or \"occurrence\""); bad += 1; continue
            o["start"], o["end"] = at, end
            counts[(o["lang"], o["label"])] += 1
            out.append(o)
        if write and not bad:
            with open(path, "w", encoding="utf-8") as f:
                for o in out:
                    f.write(json.dumps(o, ensure_ascii=False) + "\n")
    for key in sorted(counts): print(*key, counts[key])
    print(f"{sum(counts.values())} examples, {bad} problems")
    sys.exit(1 if bad else 0)

main()

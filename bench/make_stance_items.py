#!/usr/bin/env python3
"""Writes N stance items ({"id","text","lang","target","start","end"}) for timing `portrayal stance`, from the
public RuSentNE-2023 and NewsMTSC training files read in place (the output goes outside the project).

Usage: make_stance_items.py OUT.jsonl N [SHARED_DATA]   (RuSentNE and NewsMTSC targets alternate, repeated to N)
"""
import csv, json, sys, itertools

out, n = sys.argv[1], int(sys.argv[2])
shared = sys.argv[3] if len(sys.argv) > 3 else "../shared/data"
ru = [(r["sentence"], int(r["entity_pos_start_rel"]), int(r["entity_pos_end_rel"]), "ru")
      for r in csv.DictReader(open(f"{shared}/RuSentNE-2023/train_data.csv", encoding="utf-8"), delimiter="\t")]
en = [(o["sentence_normalized"], t["from"], t["to"], "en")
      for o in map(json.loads, open(f"{shared}/NewsMTSC/train.jsonl", encoding="utf-8")) for t in o["targets"]]
with open(out, "w", encoding="utf-8") as f:
    for i, (text, start, end, lang) in zip(range(n), itertools.cycle(x for pair in zip(ru, en) for x in pair)):
        f.write(json.dumps({"id": str(i), "text": text, "lang": lang, "start": start, "end": end}, ensure_ascii=False) + "\n")

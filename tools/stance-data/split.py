#!/usr/bin/env python3
"""Splits checked stance examples into a training and a held-out test file, by text: every line of one text
(the same sentence with two actors) goes to the same side, so no model is trained on a test sentence.

Usage: split.py PREFIX FILE... [--test 0.25]   writes PREFIX-train.jsonl and PREFIX-test.jsonl
The side is fixed by the MD5 of the text, so the split does not depend on the order of the files.
"""
import hashlib, json, sys

args = sys.argv[1:]
share = 0.25
if "--test" in args:
    i = args.index("--test"); share = float(args[i + 1]); del args[i:i + 2]
prefix, files = args[0], args[1:]
train, test = [], []
for path in files:
    for raw in open(path, encoding="utf-8"):
        if not raw.strip():
            continue
        o = json.loads(raw)
        h = int(hashlib.md5(o["text"].encode("utf-8")).hexdigest()[:8], 16) / 0xFFFFFFFF
        (test if h < share else train).append(o)
for name, rows in (("train", train), ("test", test)):
    with open(f"{prefix}-{name}.jsonl", "w", encoding="utf-8") as f:
        for o in rows:
            f.write(json.dumps(o, ensure_ascii=False) + "\n")
    print(f"{prefix}-{name}.jsonl: {len(rows)} examples")

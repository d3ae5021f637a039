#!/bin/sh
# Trains the stance models shipped inside the library (src/Portrayal/Stance/Models/), from the public training files
# beside the project (../shared/data, read in place) and the project's own examples (data/stance/*-train.jsonl).
# The held-out files data/stance/*-test.jsonl are never trained on. Each model file records this command, the sha256
# of every file it read, and its cross-validation figures. Rerun after any change to the cue lexicons (the models
# read their hits as features, and refuse a lexicon they were not trained with). Takes about 10 minutes on 2 cores,
# most of it the English sentence vectors.
set -eu
cd "$(dirname "$0")/../.."
SHARED=${PORTRAYAL_SHARED_DATA:-../shared/data}
OUT=src/Portrayal/Stance/Models
dotnet build -c Release src/Portrayal.Cli >/dev/null
P=src/Portrayal.Cli/bin/Release/net10.0/Portrayal.Cli
mkdir -p "$OUT"

# Russian: RuSentNE-2023 news plus the project's Russian social-media examples, counted three times so the small
# in-domain set is not drowned; offsets tuned for F1-PN, RuSentNE's measure.
$P train "$SHARED/RuSentNE-2023/train_data.csv" data/stance/domain-train.jsonl --keep-lang ru --weights 1,3 \
  --lang ru --name stance.trained.ru.v1 --l1 0 --tune f1pn --out "$OUT/stance-ru.model.json.gz"

# Kazakh: the project's Kazakh and code-switched examples plus its Russian and English social-media examples
# (cross-validation: 0.63 macro-F1 on the Kazakh slice against 0.61 without them and 0.59 with RuSentNE).
$P train data/stance/kk-train.jsonl data/stance/domain-train.jsonl \
  --lang kk --name stance.trained.kk.v1 --l1 0 --out "$OUT/stance-kk.model.json.gz"

# English: NewsMTSC news plus the project's English social-media examples, with MiniLM sentence vectors.
$P train "$SHARED/NewsMTSC/train.jsonl" data/stance/domain-train.jsonl --keep-lang en --weights 1,3 \
  --lang en --name stance.trained.en.v1 --l1 0 --embeddings 1 --out "$OUT/stance-en.model.json.gz"

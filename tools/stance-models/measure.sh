#!/bin/sh
# Prints the figures of docs/STANCE.md's table: every classifier on every labelled set it is measured on.
# The trained models' cross-validation figures are recorded in their files (printed by train.sh); this adds the
# lexicon on the public training files (it is not trained, so the whole file is its test), and every classifier on
# the held-out project files and on the bundled sample's agreed codes (run the sample first).
set -eu
cd "$(dirname "$0")/../.."
SHARED=${PORTRAYAL_SHARED_DATA:-../shared/data}
dotnet build -c Release src/Portrayal.Cli >/dev/null
P=src/Portrayal.Cli/bin/Release/net10.0/Portrayal.Cli
summary() { grep -E "^(\.\.|data|samples|/)|accuracy" | sed 's/ with stance.*//' ; }
echo "## lexicon on the public training files"
$P eval stance "$SHARED/RuSentNE-2023/train_data.csv" "$SHARED/NewsMTSC/train.jsonl" --model lexicon | summary
for model in lexicon default; do
  echo "## $model on the held-out project files"
  for f in kk-test domain-test posts-test posts2-test; do
    for lang in ru kk en; do
      grep "\"lang\": \"$lang\"" "data/stance/$f.jsonl" > "/tmp/portrayal-measure-$f-$lang.jsonl" || true
      [ -s "/tmp/portrayal-measure-$f-$lang.jsonl" ] && $P eval stance "/tmp/portrayal-measure-$f-$lang.jsonl" --model $model | summary
    done
  done
  echo "## $model on the sample's agreed codes"
  $P eval stance --workspace samples/kazakhstan-2022 --model $model | summary
done

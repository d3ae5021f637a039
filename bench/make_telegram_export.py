#!/usr/bin/env python3
"""Writes a synthetic Telegram Desktop channel export (result.json) of about the size asked for, for the import
benchmark: `python3 bench/make_telegram_export.py /tmp/big/result.json 1024` (size in MiB). Deterministic: the same
size gives the same file. Messages mix plain-string and entity-array text, service messages, views, reactions and
edits, in the shape Telegram Desktop writes (one-space indentation, one key per line)."""
import json
import sys

SENTENCES = [
    "Войска ОДКБ прибыли в Алматы по просьбе Токаева.",
    "Ресейдің десантшылары Алматы әуежайына келді.",
    "Госдеп призвал власти Казахстана к сдержанности.",
    "ҰҚШҰ бітімгерлері 13 қаңтарда елден кете бастайды.",
    "Эксперты спорят, помогла ли ОДКБ или только навредила суверенитету.",
    "The CSTO says its mission in Kazakhstan is complete.",
    "Түркия мен Қытай жағдайды мұқият бақылап отыр.",
    "В Жанаозене снова вышли на площадь из-за цен на газ.",
]


def message(i):
    base = {"id": i, "type": "message", "date": "2022-01-05T10:00:00", "date_unixtime": str(1641376800 + i * 7),
            "from": "Bench Channel", "from_id": "channel4200000000"}
    if i % 50 == 0:
        return {"id": i, "type": "service", "date": base["date"], "date_unixtime": base["date_unixtime"],
                "actor": "Bench Channel", "actor_id": "channel4200000000", "action": "pin_message", "message_id": i - 1,
                "text": "", "text_entities": []}
    a, b = SENTENCES[i % len(SENTENCES)], SENTENCES[(i * 7 + 3) % len(SENTENCES)]
    if i % 3 == 0:
        base["text"] = [a + " ", {"type": "bold", "text": "Важно:"}, " " + b + " ",
                        {"type": "text_link", "text": "подробнее", "href": f"https://example.kz/n/{i}"}]
        base["text_entities"] = [{"type": "plain", "text": a + " "}, {"type": "bold", "text": "Важно:"},
                                 {"type": "plain", "text": " " + b + " "},
                                 {"type": "text_link", "text": "подробнее", "href": f"https://example.kz/n/{i}"}]
    else:
        base["text"] = f"{a} {b} (№{i})"
        base["text_entities"] = [{"type": "plain", "text": base["text"]}]
    base["views"] = 1000 + (i * 37) % 50000
    if i % 4 == 0:
        base["reactions"] = [{"type": "emoji", "count": i % 90, "emoji": "👍"}]
    if i % 10 == 0:
        base["edited"] = "2022-01-05T11:00:00"
        base["edited_unixtime"] = str(1641380400 + i * 7)
    return base


def main():
    path, mib = sys.argv[1], int(sys.argv[2])
    target = mib * 1024 * 1024
    with open(path, "w", encoding="utf-8") as f:
        f.write('{\n "name": "Bench Channel",\n "type": "public_channel",\n "id": 4200000000,\n "messages": [\n')
        written, i = 0, 1
        while written < target:
            text = json.dumps(message(i), ensure_ascii=False, indent=1)
            chunk = ("" if i == 1 else ",\n") + "  " + text.replace("\n", "\n  ")
            f.write(chunk)
            written += len(chunk.encode("utf-8"))
            i += 1
        f.write("\n ]\n}\n")
    print(f"{path}: {i - 1} messages, {written / 1048576:.0f} MiB")


if __name__ == "__main__":
    main()

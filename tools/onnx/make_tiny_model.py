#!/usr/bin/env python3
"""Writes the tiny ONNX stance model the tests use, with its WordPiece vocab and sidecar.

Standard library only: the ONNX protobuf is written by hand (see README.md beside this file).
The output is deterministic: running it twice gives byte-identical files.

    python3 tools/onnx/make_tiny_model.py [output-folder]
"""
import json
import os
import struct
import sys

# ---- protobuf wire format -------------------------------------------------------------------

def varint(n):
    if n < 0:
        n += 1 << 64  # int64 fields encode negatives as ten-byte two's complement
    out = bytearray()
    while True:
        b = n & 0x7F
        n >>= 7
        if n:
            out.append(b | 0x80)
        else:
            out.append(b)
            return bytes(out)


def key(field, wire):
    return varint((field << 3) | wire)


def f_int(field, n):
    return key(field, 0) + varint(n)


def f_bytes(field, data):
    if isinstance(data, str):
        data = data.encode("utf-8")
    return key(field, 2) + varint(len(data)) + data


def f_msg(field, parts):
    return f_bytes(field, b"".join(parts))


# ---- ONNX messages (field numbers from onnx.proto) -------------------------------------------

FLOAT, INT64 = 1, 7          # TensorProto.DataType
ATTR_INT, ATTR_INTS = 2, 7   # AttributeProto.AttributeType


def tensor(name, dims, data_type, values):
    """TensorProto: dims=1, data_type=2, name=8, raw_data=9 (little-endian)."""
    fmt = "<%d%s" % (len(values), "f" if data_type == FLOAT else "q")
    return [*(f_int(1, d) for d in dims), f_int(2, data_type), f_bytes(8, name), f_bytes(9, struct.pack(fmt, *values))]


def value_info(name, elem_type, dims):
    """ValueInfoProto{name=1, type=2{tensor_type=1{elem_type=1, shape=2{dim=1{dim_value=1 | dim_param=2}}}}}."""
    dim_msgs = [f_msg(1, [f_int(1, d) if isinstance(d, int) else f_bytes(2, d)]) for d in dims]
    shape = f_msg(2, dim_msgs)
    return [f_bytes(1, name), f_msg(2, [f_msg(1, [f_int(1, elem_type), shape])])]


def attr_int(name, value):
    return f_msg(5, [f_bytes(1, name), f_int(3, value), f_int(20, ATTR_INT)])


def node(op, inputs, outputs, name, attrs=()):
    """NodeProto: input=1, output=2, name=3, op_type=4, attribute=5."""
    return [*(f_bytes(1, i) for i in inputs), *(f_bytes(2, o) for o in outputs), f_bytes(3, name), f_bytes(4, op), *attrs]


# ---- vocabulary and polarity ------------------------------------------------------------------

SPECIAL = ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]", "<t>", "</t>"]
PUNCT = list(".,!?;:'\"()-")
NEGATIVE = ["occupation", "occupy", "occupied", "invasion", "invade", "invaders", "failed", "fail", "failure",
            "aggression", "aggressor", "useless", "betrayal", "betrayed", "shame", "threat", "puppet",
            "oppression", "blame", "оккупация", "провал"]
POSITIVE = ["help", "helped", "helpful", "thank", "thanks", "grateful", "ally", "allies", "support", "supported",
            "friend", "friendly", "peace", "partner", "reliable", "спасибо", "помощь", "помогла"]
NEUTRAL = """the a an of to in on at by for with from and or but not no is was were are be been it its they them
their we our us he she his her this that these those there here as into over after before during while about
than then so very also only just all some any more most other such what which who when where why how
csto russia russian kazakhstan kazakh almaty astana moscow troops forces soldiers army government president
people country countries city state officials minister ministry news report reported said says say told
arrived arrive left leave came come went go going day days week year today yesterday morning evening
afternoon second half first last new old many few one two three four five mission peacekeepers peacekeeping
organization treaty security collective military airport border protest protests protesters police
statement meeting talks sent send deployed deployment withdraw withdrawal january unrest capital region
has have had do does did will would can could should may might must again still already ever never
одкб россия казахстан в на и не что это""".split()
PIECES = ["##s", "##es", "##ed", "##d", "##ing", "##ly", "##er", "##ers", "##ion", "##al", "##to", "##n", "##t",
          "##y", "##ful", "##ness", "##ment"]
LETTERS = [chr(c) for c in range(ord("a"), ord("z") + 1)]
CONT_LETTERS = ["##" + c for c in LETTERS]

WEIGHT = 16.0          # a polar word's pull on its logit, before the mean over tokens
NEUTRAL_BIAS = 1.0     # the neutral logit's head start


def vocabulary():
    seen, vocab = set(), []
    for token in SPECIAL + PUNCT + NEGATIVE + POSITIVE + NEUTRAL + PIECES + LETTERS + CONT_LETTERS:
        if token not in seen:
            seen.add(token)
            vocab.append(token)
    return vocab


def model_bytes(vocab, sequence="sequence"):
    """The model; sequence is the token axis: a symbolic name (any length) or a fixed number."""
    negative, positive = set(NEGATIVE), set(POSITIVE)
    embedding = []
    for token in vocab:
        if token in negative:
            embedding += [WEIGHT, 0.0, -WEIGHT]
        elif token in positive:
            embedding += [-WEIGHT, 0.0, WEIGHT]
        else:
            embedding += [0.0, 0.0, 0.0]
    nodes = [
        node("Gather", ["embedding", "input_ids"], ["embedded"], "gather", [attr_int("axis", 0)]),       # [1,N,3]
        node("Cast", ["attention_mask"], ["mask"], "cast", [attr_int("to", FLOAT)]),                     # [1,N]
        node("Unsqueeze", ["mask", "axis2"], ["mask3"], "unsqueeze"),                                    # [1,N,1]
        node("Mul", ["embedded", "mask3"], ["masked"], "mul"),                                           # [1,N,3]
        node("ReduceSum", ["masked", "axis1"], ["summed"], "sum_tokens", [attr_int("keepdims", 0)]),    # [1,3]
        node("ReduceSum", ["mask", "axis1"], ["count"], "count_tokens", [attr_int("keepdims", 1)]),     # [1,1]
        node("Div", ["summed", "count"], ["mean"], "mean"),                                              # [1,3]
        node("Add", ["mean", "bias"], ["logits"], "add_bias"),                                           # [1,3]
    ]
    initializers = [
        tensor("embedding", [len(vocab), 3], FLOAT, embedding),
        tensor("bias", [3], FLOAT, [0.0, NEUTRAL_BIAS, 0.0]),
        tensor("axis1", [1], INT64, [1]),
        tensor("axis2", [1], INT64, [2]),
    ]
    graph = [
        *(f_msg(1, n) for n in nodes),
        f_bytes(2, "tiny_stance"),
        *(f_msg(5, t) for t in initializers),
        f_msg(11, value_info("input_ids", INT64, [1, sequence])),
        f_msg(11, value_info("attention_mask", INT64, [1, sequence])),
        f_msg(12, value_info("logits", FLOAT, [1, 3])),
    ]
    model = [
        f_int(1, 7),                              # ir_version 7 (opset 13)
        f_bytes(2, "portrayal-make_tiny_model"),  # producer_name
        f_bytes(3, "1"),                          # producer_version
        f_msg(7, graph),
        f_msg(8, [f_bytes(1, ""), f_int(2, 13)]),  # opset_import: default domain, version 13
    ]
    return b"".join(model)


SIDECAR = {
    "name": "tiny-stance",
    "labels": ["negative", "neutral", "positive"],
    "tokenizer": "wordpiece",
    "vocab": "vocab.txt",
    "lowercase": True,
    "max_length": 64,
    "target_marking": "pair",
    "inputs": {"input_ids": "input_ids", "attention_mask": "attention_mask"},
    "output": "logits",
}


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    default = os.path.join(here, "..", "..", "tests", "Portrayal.Tests", "Fixtures", "onnx")
    out = os.path.normpath(sys.argv[1] if len(sys.argv) > 1 else default)
    os.makedirs(out, exist_ok=True)
    vocab = vocabulary()
    with open(os.path.join(out, "tiny-stance.onnx"), "wb") as f:
        f.write(model_bytes(vocab))
    # the same model exported with a fixed sequence length of 64, as some exporters do: OnnxStance pads to it
    with open(os.path.join(out, "tiny-stance-fixed64.onnx"), "wb") as f:
        f.write(model_bytes(vocab, 64))
    with open(os.path.join(out, "tiny-stance-fixed64.onnx.json"), "w", encoding="utf-8", newline="\n") as f:
        json.dump({**SIDECAR, "name": "tiny-stance-fixed64", "max_length": 128}, f, indent=2, ensure_ascii=False)
        f.write("\n")
    with open(os.path.join(out, "vocab.txt"), "w", encoding="utf-8", newline="\n") as f:
        f.write("\n".join(vocab) + "\n")
    with open(os.path.join(out, "tiny-stance.onnx.json"), "w", encoding="utf-8", newline="\n") as f:
        json.dump(SIDECAR, f, indent=2, ensure_ascii=False)
        f.write("\n")
    print("wrote %s (%d vocab entries)" % (out, len(vocab)))


if __name__ == "__main__":
    main()

#!/usr/bin/env python3
"""Regenerates crates/analysis/data/pinyin.txt, the data of transliteration.rs.

Usage: scripts/vendor-pinyin.py PYPINYIN_DIR JIEBA_DICT

PYPINYIN_DIR is the `pypinyin` package folder of PyPI's pypinyin wheel (MIT licence;
`pip download pypinyin --no-deps` and unzip), JIEBA_DICT the dict.txt that the jieba-rs
crate embeds. Output lines, keyed by simplified text (all Han text is folded to
simplified before lookup, with the OpenCC table vendored next to it):

    <character> <pinyin>              the character's most common reading
    <name> [<pinyin> <pinyin> ...]    a person or place name (jieba tags nr, nrfg, nrt,
                                      ns); the pinyin only where the name's reading
                                      differs from its characters' most common ones

Pinyin is toneless ASCII with `v` for ü.
"""
import json
import os
import re
import sys
import unicodedata

HERE = os.path.dirname(os.path.abspath(__file__))
DATA = os.path.join(HERE, "..", "crates", "analysis", "data")
NAME_TAGS = {"nr", "nrfg", "nrt", "ns"}
HAN = re.compile(r"^[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+$")


def toneless(syllable):
    syllable = syllable.replace("ü", "v").replace("ǖ", "v").replace("ǘ", "v").replace("ǚ", "v").replace("ǜ", "v")
    decomposed = unicodedata.normalize("NFD", syllable)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).lower()


# In names, 长 is almost always cháng (长江, 长沙, 长白山), not its commoner zhǎng.
NAME_CHARACTERS = {"长": "chang"}


def name_reading(name, chars, phrases):
    """The longest known phrases from the left, else each character's name reading."""
    out = []
    i = 0
    while i < len(name):
        for j in range(min(len(name), i + 8), i + 1, -1):
            phrase = phrases.get(name[i:j])
            if phrase and len(phrase) == j - i:
                out.extend(phrase)
                i = j
                break
        else:
            out.append(NAME_CHARACTERS.get(name[i]) or chars[name[i]])
            i += 1
    return out


def readings(pypinyin):
    """The simplifying fold, each character's most common pinyin and pypinyin's phrases."""
    fold = {}
    with open(os.path.join(DATA, "opencc-ts-characters.txt"), encoding="utf-8") as f:
        for line in f:
            if line.startswith("#") or "\t" not in line:
                continue
            source, target = line.rstrip("\n").split("\t", 1)
            if len(source) == 1:
                fold[source] = target.split()[0][0]

    def simplified(text):
        return "".join(fold.get(c, c) for c in text)

    with open(os.path.join(pypinyin, "pinyin_dict.json"), encoding="utf-8") as f:
        chars = {chr(int(k)): toneless(v.split(",")[0]) for k, v in json.load(f).items()}
    with open(os.path.join(pypinyin, "phrases_dict.json"), encoding="utf-8") as f:
        phrases = {}
        for k, v in json.load(f).items():
            phrases.setdefault(simplified(k), [toneless(p[0]) for p in v])
    return simplified, chars, phrases


def main():
    pypinyin, jieba_dict = sys.argv[1], sys.argv[2]
    simplified, chars, phrases = readings(pypinyin)
    lines = []
    for c, p in sorted(chars.items()):
        if HAN.match(c) and simplified(c) == c and re.fullmatch("[a-z]+", p):
            lines.append(f"{c} {p}")
    names = set()
    with open(jieba_dict, encoding="utf-8") as f:
        for line in f:
            parts = line.split()
            if len(parts) == 3 and parts[2] in NAME_TAGS and HAN.match(parts[0]) and len(parts[0]) >= 2:
                names.add(parts[0])
    for name in sorted(names):
        key = simplified(name)
        if key != name and key in names:
            continue
        line = name_line(key, chars, phrases)
        if line:
            lines.append(line)
    header = [
        "Pinyin of Han characters and of person and place names, keyed by simplified text.",
        "From PyPI's pypinyin (MIT) and jieba-rs's dict.txt name tags (MIT); see LICENSES.md.",
        "Regenerate: scripts/vendor-pinyin.py PYPINYIN_DIR JIEBA_DICT",
    ]
    write_data("pinyin.txt", header, lines)


def name_line(name, chars, phrases):
    """`<name> [<pinyin> ...]`, the pinyin only where it differs from the characters'
    most common readings; None when a character has no pinyin."""
    default = [chars.get(c) for c in name]
    if None in default:
        return None
    reading = name_reading(name, chars, phrases)
    return f"{name} {' '.join(reading)}" if reading != default else name


def write_data(file, header, lines):
    with open(os.path.join(DATA, file), "w", encoding="utf-8") as out:
        for line in header:
            out.write(f"# {line}\n")
        for line in lines:
            out.write(line + "\n")
    print(f"{file}: {len(lines)} lines", file=sys.stderr)


if __name__ == "__main__":
    main()

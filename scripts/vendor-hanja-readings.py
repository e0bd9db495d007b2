#!/usr/bin/env python3
"""Regenerates crates/analysis/data/hanja-readings.txt: Sino-Korean readings of Han
words and characters, keyed by their SIMPLIFIED form (the form hanseek's normalizer
folds all Han text to), from libhangul's hanja.txt (BSD-3, Debian package
libhangul-data).

usage: scripts/vendor-hanja-readings.py PATH/TO/hanja.txt

Output lines: "<simplified> <reading>". Words (2+ characters) keep the dictionary's
reading. A single character gets its most frequent reading where it stands INSIDE a
dictionary word (so 李 gets 리, not the word-initial 이; the analyzer applies the
initial-sound rule itself), falling back to its first listed reading.
"""
import collections, re, sys

import os
here = os.path.dirname(os.path.abspath(__file__))
han = re.compile(r"^[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0002fa1f]+$")
hangul = re.compile(r"^[\uac00-\ud7a3]+$")

fold = {}
for line in open(f"{here}/../crates/analysis/data/opencc-ts-characters.txt", encoding="utf-8"):
    if line.startswith("#") or "\t" not in line:
        continue
    t, s = line.rstrip("\n").split("\t")
    if len(t) == 1:
        fold.setdefault(t, s.split()[0])

def simplified(word):
    return "".join(fold.get(c, c) for c in word)

words = {}
char_readings = collections.defaultdict(collections.Counter)
first_reading = {}
for line in open(sys.argv[1], encoding="utf-8"):
    if line.startswith("#") or line.count(":") < 2:
        continue
    reading, hanja = line.split(":")[:2]
    if not hangul.match(reading) or not han.match(hanja) or len(reading) != len(hanja):
        continue
    if len(hanja) == 1:
        first_reading.setdefault(simplified(hanja), reading)
        continue
    words.setdefault(simplified(hanja), reading)
    for i, (c, r) in enumerate(zip(hanja, reading)):
        if i > 0:
            char_readings[simplified(c)][r] += 1

out = open(f"{here}/../crates/analysis/data/hanja-readings.txt", "w", encoding="utf-8")
out.write("# Sino-Korean readings keyed by simplified Han text, from libhangul's hanja.txt\n")
out.write("# (Copyright (c) 2005,2006 Choe Hwanjin, BSD-3-Clause; see the licence in hanja.txt).\n")
out.write("# Regenerate: scripts/vendor-hanja-readings.py /usr/share/libhangul/hanja/hanja.txt\n")
chars = set(first_reading) | set(char_readings)
for c in sorted(chars):
    counts = char_readings.get(c)
    out.write(f"{c} {counts.most_common(1)[0][0] if counts else first_reading[c]}\n")
for w in sorted(words):
    out.write(f"{w} {words[w]}\n")
print(f"{len(chars)} characters, {len(words)} words", file=sys.stderr)

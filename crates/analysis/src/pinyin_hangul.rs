//! Pinyin in Hangul by the official rules for Chinese (외래어 표기법, 중국어의 주음 부호와
//! 한글 대조표): initials and finals from the table, 쯔/츠/쓰 for the apical vowel after
//! z/c/s, and no ㅑ ㅕ ㅖ ㅛ ㅠ after ㅈ ㅉ ㅊ (jian 젠, jiu 주).
//!
//! Free of the crate's other modules: build.rs includes it too, to transliterate every
//! known name once and pack the table that finds a name from its Hangul (충칭 → 重庆).

/// The Korean transliteration of a Han word (simplified): 曲建 → 취젠, with `pinyin`
/// giving the pinyin of a name or of one character (space-separated syllables; empty
/// for a name read as its characters). `None` if a character has no pinyin.
pub fn transliterate_with<'p>(word: &str, pinyin: &dyn Fn(&str) -> Option<&'p str>) -> Option<String> {
    // Korean reads the administrative unit after a place name: 广东省 → 광둥성.
    if let Some((stem, unit)) = PLACE_UNITS.iter().find_map(|&(han, hangul)| {
        let stem = word.strip_suffix(han)?;
        (stem.chars().count() >= 2).then_some((stem, hangul))
    }) {
        return Some(transliterate_with(stem, pinyin)? + unit);
    }
    if let Some(&(_, korean)) = CONVENTIONAL.iter().find(|(han, _)| *han == word) {
        return Some(korean.to_string());
    }
    let own = pinyin(word).filter(|p| !p.is_empty() && word.chars().nth(1).is_some());
    let mut out = String::with_capacity(word.len() * 2);
    match own {
        Some(pinyin) => {
            for syllable in pinyin.split(' ') {
                out.push_str(&syllable_to_hangul(syllable)?);
            }
        }
        None => {
            let mut buf = [0u8; 4];
            for c in word.chars() {
                let syllable = pinyin(c.encode_utf8(&mut buf)).filter(|p| !p.is_empty())?;
                out.push_str(&syllable_to_hangul(syllable)?);
            }
        }
    }
    Some(out)
}

/// Administrative units written by their Sino-Korean reading after a transliterated
/// place name (광둥성, 베이징시, 하이뎬구).
/// Places Korean calls by a name that is not their Mandarin sound: the conventional
/// spellings (관용 표기) that 국립국어원's 외래어 표기 용례 keeps for them, from the
/// Cantonese and the Portuguese (샹강 and 아오먼 are not Korean). 台湾's other Korean
/// name, 대만, is its Sino-Korean reading, which the bridge has anyway.
const CONVENTIONAL: [(&str, &str); 4] = [
    ("香港", "홍콩"),
    ("澳门", "마카오"),
    ("香港特别行政区", "홍콩특별행정구"),
    ("澳门特别行政区", "마카오특별행정구"),
];

const PLACE_UNITS: [(char, &str); 4] = [('省', "성"), ('市', "시"), ('区', "구"), ('县', "현")];

/// Initials and their Hangul consonants (index into the 19 initial jamo), two-letter
/// initials first.
const INITIALS: [(&str, u32); 21] = [
    ("zh", 12),
    ("ch", 14),
    ("sh", 9),
    ("b", 7),
    ("p", 17),
    ("m", 6),
    ("f", 17),
    ("d", 3),
    ("t", 16),
    ("n", 2),
    ("l", 5),
    ("g", 0),
    ("k", 15),
    ("h", 18),
    ("j", 12),
    ("q", 14),
    ("x", 9),
    ("r", 5),
    ("z", 13),
    ("c", 14),
    ("s", 10),
];

/// Finals (spelled as after an initial, `v` for ü) written alone, with ㅇ.
const FINALS: [(&str, &str); 38] = [
    ("a", "아"),
    ("o", "오"),
    ("e", "어"),
    ("ai", "아이"),
    ("ei", "에이"),
    ("ao", "아오"),
    ("ou", "어우"),
    ("an", "안"),
    ("en", "언"),
    ("ang", "앙"),
    ("eng", "엉"),
    ("ong", "웅"),
    ("er", "얼"),
    ("i", "이"),
    ("ia", "야"),
    ("io", "요"),
    ("ie", "예"),
    ("iao", "야오"),
    ("iou", "유"),
    ("ian", "옌"),
    ("in", "인"),
    ("iang", "양"),
    ("ing", "잉"),
    ("iong", "융"),
    ("u", "우"),
    ("ua", "와"),
    ("uo", "워"),
    ("uai", "와이"),
    ("uei", "웨이"),
    ("uan", "완"),
    ("uen", "원"),
    ("uang", "왕"),
    ("ueng", "웡"),
    ("v", "위"),
    ("ve", "웨"),
    ("van", "위안"),
    ("vn", "윈"),
    // The apical vowel of zhi, chi, shi, ri, zi, ci, si.
    ("-i", "으"),
];

/// One toneless pinyin syllable (`jian`, `lv`) in Hangul (젠, 뤼).
pub fn syllable_to_hangul(syllable: &str) -> Option<String> {
    let (initial, rest) = match INITIALS.iter().find(|(p, _)| syllable.starts_with(p)) {
        Some(&(p, jamo)) => (Some((p, jamo)), &syllable[p.len()..]),
        None => (None, syllable),
    };
    // Spell the final the way the table does.
    let final_ = match initial {
        None => match (syllable.as_bytes().first(), syllable.get(1..)) {
            (Some(b'y'), Some(r)) if r.starts_with('u') => format!("v{}", &r[1..]),
            (Some(b'y'), Some(r)) if r.starts_with('i') => r.to_string(),
            (Some(b'y'), Some(r)) => format!("i{r}"),
            (Some(b'w'), Some(r)) if r.starts_with('u') => r.to_string(),
            (Some(b'w'), Some(r)) => format!("u{r}"),
            _ => rest.to_string(),
        },
        Some((p, _)) => {
            let mut f = rest.to_string();
            if matches!(p, "j" | "q" | "x") && f.starts_with('u') {
                f.replace_range(0..1, "v");
            }
            if matches!(p, "zh" | "ch" | "sh" | "r" | "z" | "c" | "s") && f == "i" {
                f = "-i".to_string();
            }
            match f.as_str() {
                "iu" => "iou".to_string(),
                "ui" => "uei".to_string(),
                "un" => "uen".to_string(),
                _ => f,
            }
        }
    };
    let alone = FINALS.iter().find(|(f, _)| *f == final_)?.1;
    let Some((_, consonant)) = initial else {
        return Some(alone.to_string());
    };
    // After an initial, uei and uen are written 우이 and 운 (dui 두이, chun 춘).
    let written = match final_.as_str() {
        "uei" => "우이",
        "uen" => "운",
        _ => alone,
    };
    let mut chars = written.chars();
    let (_, mut medial, last) = hanseek_script::hangul::parts(chars.next()?)?;
    // ㅈ ㅉ ㅊ take no y-glide: ㅑ ㅕ ㅖ ㅛ ㅠ → ㅏ ㅓ ㅔ ㅗ ㅜ.
    if matches!(consonant, 12..=14) {
        medial = match medial {
            2 => 0,
            6 => 4,
            7 => 5,
            12 => 8,
            17 => 13,
            m => m,
        };
    }
    let mut out = String::with_capacity(written.len());
    out.push(hanseek_script::hangul::syllable(consonant, medial, last)?);
    out.extend(chars);
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_syllable_table() {
        for (pinyin, hangul) in [
            ("zhi", "즈"),
            ("chi", "츠"),
            ("shi", "스"),
            ("ri", "르"),
            ("zi", "쯔"),
            ("ci", "츠"),
            ("si", "쓰"),
            ("jiu", "주"),
            ("xiu", "슈"),
            ("liu", "류"),
            ("dui", "두이"),
            ("wei", "웨이"),
            ("gun", "군"),
            ("wen", "원"),
            ("jue", "줴"),
            ("xuan", "쉬안"),
            ("yuan", "위안"),
            ("lv", "뤼"),
            ("nve", "눼"),
            ("xiong", "슝"),
            ("jiong", "중"),
            ("bian", "볜"),
            ("xie", "셰"),
            ("zhuang", "좡"),
            ("er", "얼"),
            ("yi", "이"),
            ("ying", "잉"),
            ("wu", "우"),
            ("bo", "보"),
        ] {
            assert_eq!(syllable_to_hangul(pinyin).as_deref(), Some(hangul), "{pinyin}");
        }
        assert_eq!(syllable_to_hangul("hm"), None);
        assert_eq!(syllable_to_hangul(""), None);
    }
}

//! Sino-Korean readings of Han words (人工智能 → 인공지능, 无人机 → 무인기), the bridge
//! that lets a Korean keyword find Chinese text and a Chinese keyword find Korean text.
//!
//! Readings come from libhangul's hanja dictionary (data/hanja-readings.txt, keyed by
//! simplified text since all Han text is folded to simplified): a word the dictionary
//! knows gets its reading; otherwise the longest known words from the left, then single
//! characters, each with its most common reading inside words (李 → 리), and the
//! initial-sound rule (두음법칙) on the word's first syllable (李 → 이, 理论 → 이론).

use hanseek_script::hangul;

use crate::packed::StringTable;

/// The reading of a Han word (simplified), or `None` if a character has none.
pub fn reading(word: &str) -> Option<String> {
    let table = &TABLE;
    if word.chars().count() >= 2 {
        if let Some(whole) = table.get(word) {
            return Some(whole.to_string());
        }
    }
    let starts: Vec<usize> = word
        .char_indices()
        .map(|(b, _)| b)
        .chain(std::iter::once(word.len()))
        .collect();
    let chars = starts.len() - 1;
    let mut out = String::with_capacity(word.len());
    let mut i = 0;
    while i < chars {
        // The longest dictionary word starting here (at most 8 characters), else the character.
        let longest = (i + 2..=chars.min(i + 8))
            .rev()
            .find_map(|j| table.get(&word[starts[i]..starts[j]]).map(|r| (j, r)));
        match longest {
            Some((j, r)) => {
                out.push_str(r);
                i = j;
            }
            None => {
                let r = table.get(&word[starts[i]..starts[i + 1]])?;
                if i == 0 {
                    out.extend(r.chars().next().map(initial_sound_rule));
                    out.extend(r.chars().skip(1));
                } else {
                    out.push_str(r);
                }
                i += 1;
            }
        }
    }
    Some(out)
}

/// 두음법칙: word-initial ㄹ becomes ㄴ (ㅇ before i/y vowels), and ㄴ before i/y
/// becomes ㅇ: 리 → 이, 로 → 노, 녀 → 여.
pub fn initial_sound_rule(syllable: char) -> char {
    let Some((initial, medial, last)) = hangul::parts(syllable) else {
        return syllable;
    };
    const RIEUL: u32 = 5;
    const NIEUN: u32 = 2;
    const IEUNG: u32 = 11;
    // ㅑ ㅕ ㅖ ㅛ ㅠ ㅣ
    let i_like = matches!(medial, 2 | 6 | 7 | 12 | 17 | 20);
    let new_initial = match (initial, i_like) {
        (RIEUL, true) | (NIEUN, true) => IEUNG,
        (RIEUL, false) => NIEUN,
        _ => initial,
    };
    hangul::syllable(new_initial, medial, last).unwrap_or(syllable)
}

/// Sino-Korean readings keyed by simplified Han text (build.rs packs data/hanja-readings.txt).
static TABLE: StringTable = StringTable::new(include_bytes!(concat!(env!("OUT_DIR"), "/hanja_readings.bin")));

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn word_and_character_readings() {
        for (han, hangul) in [
            ("人工智能", "인공지능"),
            ("一带一路", "일대일로"),
            ("标准化", "표준화"),
            ("无人机", "무인기"),
            ("退役", "퇴역"),
            ("行动计划", "행동계획"),
            ("长春", "장춘"),
            ("理论", "이론"),
            ("李", "이"),
            ("王中林", "왕중림"),
        ] {
            assert_eq!(reading(han).as_deref(), Some(hangul), "{han}");
        }
    }

    #[test]
    fn initial_sound_rule() {
        assert_eq!(super::initial_sound_rule('리'), '이');
        assert_eq!(super::initial_sound_rule('로'), '노');
        assert_eq!(super::initial_sound_rule('녀'), '여');
        assert_eq!(super::initial_sound_rule('량'), '양');
        assert_eq!(super::initial_sound_rule('가'), '가');
    }
}

//! Chinese names in Korean transliteration (曲建 → 취젠, 广东 → 광둥, 长春 → 창춘): Korean
//! writes Chinese person and place names by their Mandarin sound, not their Sino-Korean
//! reading (곡건, 광동, 장춘), so the bridge needs both.
//!
//! Pinyin comes from data/pinyin.txt (pypinyin's most common reading of each character,
//! and the reading of jieba's person and place names where it differs, e.g. 长春 chang
//! chun, not zhang chun). Pinyin becomes Hangul by the official rules for Chinese (외래어
//! 표기법, 중국어의 주음 부호와 한글 대조표): initials and finals from the table, 쯔/츠/쓰
//! for the apical vowel after z/c/s, and no ㅑ ㅕ ㅖ ㅛ ㅠ after ㅈ ㅉ ㅊ (jian 젠, jiu 주).
//!
//! Only names are transliterated: a known name, or a run of characters jieba knows no
//! word for (an unknown name such as 王中林). Transliterating every word would make
//! false friends of common words (技术 jishu → 지수 "index", 数据 shuju → 수주 "order").

use crate::packed::StringTable;

/// Pinyin by simplified text (build.rs packs data/pinyin.txt).
static PINYIN: StringTable = StringTable::new(include_bytes!(concat!(env!("OUT_DIR"), "/pinyin.bin")));

/// Whether `word` (simplified, two characters or more) is a known person or place name.
pub fn is_known_name(word: &str) -> bool {
    word.chars().nth(1).is_some() && PINYIN.get(word).is_some()
}

/// The hundred most common Chinese surnames (covering most of the population), and 曲
/// of 曲建, for names jieba does not know.
const COMMON_SURNAMES: &str = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶\
    程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤\
    曲常乔赖文施洪牛温季康聂倪樊殷骆岳章鲁葛伍申尤毕庞焦祝左柳甘关包";

/// Whether characters jieba knows no word for (王中林: 王, 中, 林) look like a person's
/// name: two to four of them, led by a common surname. Taking every such run for a name
/// would transliterate function words (地的 → 디더, 有多 → 유두 "nipple").
pub fn may_be_unknown_name(span: &str) -> bool {
    let count = span.chars().count();
    (2..=4).contains(&count) && span.chars().next().is_some_and(|c| COMMON_SURNAMES.contains(c))
}

/// The Korean transliteration of a Han word (simplified): 曲建 → 취젠. `None` if a
/// character has no pinyin.
pub fn transliterate(word: &str) -> Option<String> {
    // Korean reads the administrative unit after a place name: 广东省 → 광둥성.
    if let Some((stem, unit)) = PLACE_UNITS.iter().find_map(|&(han, hangul)| {
        let stem = word.strip_suffix(han)?;
        (stem.chars().count() >= 2).then_some((stem, hangul))
    }) {
        return Some(transliterate(stem)? + unit);
    }
    let own = PINYIN
        .get(word)
        .filter(|p| !p.is_empty() && word.chars().nth(1).is_some());
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
                let pinyin = PINYIN.get(c.encode_utf8(&mut buf)).filter(|p| !p.is_empty())?;
                out.push_str(&syllable_to_hangul(pinyin)?);
            }
        }
    }
    Some(out)
}

/// Administrative units written by their Sino-Korean reading after a transliterated
/// place name (광둥성, 베이징시, 하이뎬구).
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
fn syllable_to_hangul(syllable: &str) -> Option<String> {
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
    let first = chars.next()? as u32 - 0xAC00;
    let (mut medial, last) = ((first / 28) % 21, first % 28);
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
    out.push(char::from_u32(0xAC00 + (consonant * 21 + medial) * 28 + last)?);
    out.extend(chars);
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_of_the_issue_and_of_the_news() {
        for (han, hangul) in [
            ("曲建", "취젠"),
            ("王中林", "왕중린"),
            ("广东", "광둥"),
            ("长春", "창춘"),
            ("杭州", "항저우"),
            ("深圳", "선전"),
            ("湖南", "후난"),
            ("习近平", "시진핑"),
            ("李克强", "리커창"),
            ("毛泽东", "마오쩌둥"),
            ("北京", "베이징"),
            ("上海", "상하이"),
            ("粤港澳", "웨강아오"),
            ("重庆", "충칭"),
            ("长沙", "창사"),
            ("天津", "톈진"),
            ("西安", "시안"),
            ("湘潭", "샹탄"),
            ("九寨沟", "주자이거우"),
            ("广东省", "광둥성"),
            ("北京市", "베이징시"),
            ("海淀区", "하이뎬구"),
        ] {
            assert_eq!(transliterate(han).as_deref(), Some(hangul), "{han}");
        }
    }

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

    #[test]
    fn unknown_names_start_with_a_surname() {
        assert!(may_be_unknown_name("王中林") && may_be_unknown_name("曲建"));
        assert!(!may_be_unknown_name("地的") && !may_be_unknown_name("王") && !may_be_unknown_name("多国多港"));
    }

    #[test]
    fn known_names() {
        assert!(is_known_name("广东") && is_known_name("长春") && is_known_name("粤港澳"));
        assert!(!is_known_name("技术") && !is_known_name("长"));
    }
}

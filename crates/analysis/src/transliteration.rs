//! Chinese names in Korean transliteration (曲建 → 취젠, 广东 → 광둥, 长春 → 창춘): Korean
//! writes Chinese person and place names by their Mandarin sound, not their Sino-Korean
//! reading (곡건, 광동, 장춘), so the bridge needs both.
//!
//! Pinyin comes from data/pinyin.txt (pypinyin's most common reading of each character,
//! and the reading of jieba's person and place names where it differs, e.g. 长春 chang
//! chun, not zhang chun); [`crate::pinyin_hangul`] writes it in Hangul.
//!
//! Only names are transliterated: a known name, or a run of characters jieba knows no
//! word for (an unknown name such as 王中林). Transliterating every word would make
//! false friends of common words (技术 jishu → 지수 "index", 数据 shuju → 수주 "order").

use crate::packed::StringTable;
use crate::pinyin_hangul::transliterate_with;

/// Pinyin by simplified text (build.rs packs data/pinyin.txt).
static PINYIN: StringTable = StringTable::new(include_bytes!(concat!(env!("OUT_DIR"), "/pinyin.bin")));

/// Chinese place names (data/places.txt, build.rs).
static PLACES: StringTable = StringTable::new(include_bytes!(concat!(env!("OUT_DIR"), "/places.bin")));

/// Known names by their Hangul transliteration (build.rs).
static NAMES_BY_TRANSLITERATION: StringTable = StringTable::new(include_bytes!(concat!(
    env!("OUT_DIR"),
    "/names_by_transliteration.bin"
)));

/// The known names (simplified) that Korean writes as `hangul`: 충칭 → 重庆; 리밍 → 李明,
/// 黎明, …. Empty for Hangul that transliterates no known name.
pub fn names_transliterated_as(hangul: &str) -> impl Iterator<Item = &'static str> {
    NAMES_BY_TRANSLITERATION
        .get(hangul)
        .unwrap_or("")
        .split(' ')
        .filter(|name| !name.is_empty())
}

/// How Korean writes a known name (`word` simplified, two characters or more): its
/// transliteration, whole (烟台 → 옌타이, 香港 → 홍콩); `None` for other words.
pub fn name_in_korean(word: &str) -> Option<String> {
    is_known_name(word).then(|| transliterate(word)).flatten()
}

/// Whether `word` (simplified) is a Chinese place: a place jieba knows, or a division of
/// the gazetteer (data/places.txt). Korean writes a place by its transliteration alone,
/// so its Hangul is the same word; a person's may be several people's.
pub fn is_place(word: &str) -> bool {
    PLACES.get(word).is_some()
}

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
    transliterate_with(word, &|key| PINYIN.get(key))
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
    fn unknown_names_start_with_a_surname() {
        assert!(may_be_unknown_name("王中林") && may_be_unknown_name("曲建"));
        assert!(!may_be_unknown_name("地的") && !may_be_unknown_name("王") && !may_be_unknown_name("多国多港"));
    }

    #[test]
    fn names_are_found_from_their_transliteration() {
        for (hangul, name) in [
            ("충칭", "重庆"),
            ("시진핑", "习近平"),
            ("광둥성", "广东省"),
            ("베이징", "北京"),
        ] {
            let names: Vec<&str> = names_transliterated_as(hangul).collect();
            assert!(names.contains(&name), "{hangul}: {names:?}");
            assert_eq!(transliterate(name).as_deref(), Some(hangul));
        }
        assert_eq!(names_transliterated_as("인공지능").count(), 0);
        assert_eq!(names_transliterated_as("").count(), 0);
    }

    #[test]
    fn known_names() {
        assert!(is_known_name("广东") && is_known_name("长春") && is_known_name("粤港澳"));
        assert!(!is_known_name("技术") && !is_known_name("长"));
    }
}

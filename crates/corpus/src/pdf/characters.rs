//! Characters a PDF's text layer names by another code point of the same glyph: `〈`
//! as U+2329 (whose canonical equivalent is the CJK bracket U+3008 the report rules
//! read; NFC maps it), and Han characters as radicals. Fonts such as Noto CJK draw
//! 长 and the radical ⻓ with one glyph, and a PDF writer's ToUnicode map may name the
//! radical: 长春 reads back as ⻓春, 大湾区 as ⼤湾区, and neither is found by a search.
//! Kangxi radicals (U+2F00–U+2FD5) have compatibility decompositions (NFKC); the CJK
//! Radicals Supplement (U+2E80–U+2EFF) has none, so its equivalents are listed here,
//! from Unicode's EquivalentUnifiedIdeograph.txt (its lines U+2E81–U+2EF3; U+2E80
//! has no equivalent).

use unicode_normalization::UnicodeNormalization;

const SUPPLEMENT: &str = "⺁厂⺂乛⺃乚⺄乙⺅亻⺆冂⺇𠘨⺈刀⺉刂⺊卜⺋㔾⺌小⺍小⺎兀⺏尣⺐尢⺑𡯂⺒巳⺓幺⺔彑⺕𫜹⺖忄⺗心⺘扌⺙攵⺛旡⺜日⺝月⺞歺⺟母⺠民⺡氵⺢氺⺣灬⺤爫⺥爫⺦丬⺧牛⺨犭⺩王⺪𤴔⺫目⺬示⺭礻⺮𥫗⺯糹⺰纟⺱罓⺲罒⺳㓁⺴冗⺵𦉫⺶羊⺷𦍌⺸𦍋⺹耂⺺肀⺻聿⺼肉⺽𦥑⺾艹⺿艹⻀艹⻁虎⻂衤⻃覀⻄西⻅见⻆角⻇𧢲⻈讠⻉贝⻊𧾷⻋车⻌辶⻍辶⻎辶⻏邑⻐钅⻑長⻒镸⻓长⻔门⻕𨸏⻖阝⻗雨⻘青⻙韦⻚页⻛风⻜飞⻝食⻞𩙿⻟飠⻠饣⻡𩠐⻢马⻣骨⻤鬼⻥鱼⻦鸟⻧卤⻨麦⻩黄⻪黾⻫斉⻬齐⻭歯⻮齿⻯竜⻰龙⻱龜⻲亀⻳龟";

/// `text` in NFC, with every radical that stands for a Han character replaced by it,
/// and without the spaces justification put between Han characters (see
/// [`justification_gap`]).
pub fn as_written(text: &str) -> std::borrow::Cow<'_, str> {
    let is_radical = |c: char| matches!(c, '\u{2E80}'..='\u{2FD5}');
    let chars: Vec<char> = text.chars().collect();
    let spaced =
        (1..chars.len().saturating_sub(1)).any(|i| chars[i] == ' ' && justification_gap(chars[i - 1], chars[i + 1]));
    if unicode_normalization::is_nfc(text) && !text.chars().any(is_radical) && !spaced {
        return std::borrow::Cow::Borrowed(text);
    }
    let unified: Vec<char> = text
        .nfc()
        .map(|c| match c {
            '\u{2F00}'..='\u{2FD5}' => std::iter::once(c).nfkc().next().unwrap_or(c),
            '\u{2E81}'..='\u{2EF3}' => supplement(c).unwrap_or(c),
            _ => c,
        })
        .collect();
    (0..unified.len())
        .filter(|&i| {
            !(unified[i] == ' ' && i > 0 && i + 1 < unified.len() && justification_gap(unified[i - 1], unified[i + 1]))
        })
        .map(|i| unified[i])
        .collect::<String>()
        .into()
}

/// Whether a gap between these two characters is justification, not a space: a
/// justified line stretches between Han characters (`曲 健` for 曲健) and next to
/// brackets (`( 曲`), where Chinese and Korean text never has a space.
pub fn justification_gap(before: char, after: char) -> bool {
    let han = hanseek_script::is_han_bmp;
    let cjk = |c: char| han(c) || hanseek_script::is_hangul_syllable(c);
    (han(before) && han(after))
        || (matches!(before, '(' | '（' | '「' | '『' | '〈' | '《' | '“' | '‘') && cjk(after))
        || (cjk(before) && matches!(after, ')' | '）' | '」' | '』' | '〉' | '》' | '”' | '’'))
}

fn supplement(radical: char) -> Option<char> {
    let mut chars = SUPPLEMENT.chars();
    while let (Some(r), Some(ideograph)) = (chars.next(), chars.next()) {
        if r == radical {
            return Some(ideograph);
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn radicals_read_as_the_characters_they_draw() {
        assert_eq!(
            as_written("⻓春, ⼤湾区⼗⼤, ⼀带⼀路, ⻛"),
            "长春, 大湾区十大, 一带一路, 风"
        );
        assert_eq!(as_written("長春 대만구"), "長春 대만구");
        assert_eq!(as_written("\u{2329}쌍익 드론\u{232A}"), "〈쌍익 드론〉");
        // Justified: the writer spaced the Han characters apart.
        assert_eq!(as_written("취젠( 曲 健 ) 부원장 新 분야"), "취젠(曲健) 부원장 新 분야");
        // Every pair is a radical and one character.
        assert_eq!(SUPPLEMENT.chars().count() % 2, 0);
        assert!(SUPPLEMENT
            .chars()
            .step_by(2)
            .all(|c| matches!(c, '\u{2E81}'..='\u{2EF3}')));
    }
}

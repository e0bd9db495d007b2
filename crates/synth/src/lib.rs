//! A deterministic synthetic archive in the weekly report format, for benchmarks at
//! scale (`hanseek corpus synth`).
//!
//! It is built from real material, not random syllables:
//! - Korean prose: the space-separated words of the bundled report, drawn with a
//!   Zipf-like law over their frequency ranks. Past the report's vocabulary the law's
//!   long tail yields new words, each a compound of a real word's first syllables and
//!   another real word (`인공` + `배터리를`), so the vocabulary keeps growing with the
//!   archive (Heaps' law) instead of saturating.
//! - Chinese: words of jieba's dictionary (the vendored Han word list), by frequency,
//!   for the cited sources' titles and the names in parentheses.
//! - Latin acronyms, numbers with Korean units, tables and URLs in the report's
//!   proportions; article lengths vary (1 to ~40 body lines); issue dates spread
//!   evenly over 2010–2025.
//!
//! How it differs from real text: sentences are bags of real words with no syntax,
//! so phrases longer than a word or two rarely recur; topics do not cluster by
//! article; Chinese titles are word salads of frequent words.

use std::collections::HashMap;
use std::fmt::Write as _;

use hanseek_corpus::Date;

/// The bundled report and jieba's Han words (see build.rs).
const REPORT: &str = include_str!(concat!(env!("OUT_DIR"), "/report.md"));
const HAN_WORDS: &str = include_str!(concat!(env!("OUT_DIR"), "/han-words.txt"));

/// SplitMix64: small, fast, and the same sequence on every platform.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }

    fn unit(&mut self) -> f64 {
        (self.next() >> 11) as f64 / (1u64 << 53) as f64
    }

    /// A Zipf-like rank ≥ 1 (continuous power law, exponent 1.2: a long tail).
    fn zipf(&mut self) -> u64 {
        let u = self.unit().max(1e-12);
        (u.powf(-1.0 / 0.2)).min(1e9) as u64
    }
}

/// The real material, ranked by frequency.
pub struct Material {
    korean: Vec<String>,
    han: Vec<String>,
    latin: Vec<String>,
}

impl Material {
    pub fn from_bundled_report() -> Material {
        let mut counts: HashMap<&str, usize> = HashMap::new();
        let mut latin: HashMap<&str, usize> = HashMap::new();
        for word in REPORT.split_whitespace() {
            let word = word.trim_matches(|c: char| !c.is_alphanumeric());
            if word.chars().count() >= 2 && word.chars().all(hanseek_script::is_hangul_syllable) {
                *counts.entry(word).or_default() += 1;
            } else if word.len() >= 2 && word.chars().all(|c| c.is_ascii_uppercase() || c == '&') {
                *latin.entry(word).or_default() += 1;
            }
        }
        let ranked = |map: HashMap<&str, usize>| {
            let mut v: Vec<(&str, usize)> = map.into_iter().collect();
            v.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
            v.into_iter().map(|(w, _)| w.to_string()).collect::<Vec<_>>()
        };
        let mut han: Vec<(&str, u64)> = HAN_WORDS
            .lines()
            .filter(|l| !l.starts_with('#'))
            .filter_map(|l| l.split_once(' ').and_then(|(w, f)| Some((w, f.parse().ok()?))))
            .filter(|(w, _)| (2..=4).contains(&w.chars().count()))
            .collect();
        han.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
        han.truncate(20_000);
        Material {
            korean: ranked(counts),
            han: han.into_iter().map(|(w, _)| w.to_string()).collect(),
            latin: ranked(latin),
        }
    }

    /// The Korean word of a Zipf rank: a real word, or past them a compound of two.
    fn korean_word(&self, rank: u64) -> String {
        let n = self.korean.len() as u64;
        if rank <= n {
            return self.korean[(rank - 1) as usize].clone();
        }
        let mut rng = Rng(rank);
        let head: String = self.korean[rng.below(self.korean.len())].chars().take(2).collect();
        format!("{head}{}", self.korean[rng.below(self.korean.len().min(500))])
    }

    fn han_word(&self, rng: &mut Rng) -> &str {
        let rank = (rng.zipf() as usize).min(self.han.len()) - 1;
        &self.han[rank]
    }
}

const SECTIONS: [(&str, &str, usize); 4] = [
    ("I", "특집기사", 1),
    ("II", "정책동향", 4),
    ("III", "기술동향", 2),
    ("IV", "단신동향", 7),
];
const CATEGORIES: [&str; 6] = ["기술전략", "지역", "통계", "기계", "에너지", "정보"];
const OUTLETS: [&str; 5] = ["과기일보", "인민망", "고신망", "경제참고보", "신화망"];
const UNITS: [&str; 8] = ["억 위안", "만 톤", "개", "명", "위", "년", "대", "%"];

/// Writes `articles` articles as reports (14 articles each; the last may hold fewer)
/// into `out/YYYY/`, and returns (files, bytes).
pub fn write_archive(out: &std::path::Path, articles: usize, seed: u64) -> std::io::Result<(usize, u64)> {
    let material = Material::from_bundled_report();
    let per_report: usize = SECTIONS.iter().map(|s| s.2).sum();
    let reports = articles.div_ceil(per_report);
    let start = Date::new(2010, 1, 1).expect("a date").days_since_epoch();
    let span = Date::new(2025, 12, 31).expect("a date").days_since_epoch() - start;
    let (mut files, mut bytes) = (0, 0);
    for r in 0..reports {
        let day = start + (span * r as i64) / reports.max(1) as i64;
        let issue = Date::from_days_since_epoch(day);
        let count = per_report.min(articles - r * per_report);
        let mut rng = Rng(seed ^ (r as u64).wrapping_mul(0x2545_F491_4F6C_DD1D));
        let text = report(&material, &mut rng, issue, count);
        let dir = out.join(format!("{:04}", issue.year()));
        std::fs::create_dir_all(&dir)?;
        std::fs::write(dir.join(format!("synth-{issue}-{r:06}.md")), &text)?;
        files += 1;
        bytes += text.len() as u64;
    }
    Ok((files, bytes))
}

fn report(m: &Material, rng: &mut Rng, issue: Date, count: usize) -> String {
    let mut titles = Vec::new();
    let mut summaries = Vec::new();
    let mut body = String::new();
    let mut left = count;
    for (index, (numeral, section, size)) in SECTIONS.into_iter().enumerate() {
        let n = size.min(left);
        if n == 0 {
            break;
        }
        left -= n;
        let _ = write!(body, "## {numeral}\n\n## {section}\n\n");
        for number in 1..=n {
            let title = sentence(m, rng, 4, 5);
            let category = (numeral != "IV").then(|| CATEGORIES[rng.below(CATEGORIES.len())]);
            titles.push((index + 1, section, category, title.clone()));
            let lead = article(m, rng, &mut body, issue, numeral == "IV", number, &title);
            if summaries.len() < 5 {
                // A 요약 bullet restates its article's lead, as the real ones do.
                summaries.push(format!("{title}: {lead}"));
            }
        }
    }
    let mut out = String::from("# 중국 과학기술 정책 주/간/동/향\n\n## CONTENTS\n\n");
    for (number, section, category, title) in &titles {
        let _ = write!(out, "### {number}. {section}\n\n");
        if let Some(category) = category {
            let _ = write!(out, "#### {category}\n\n");
        }
        let _ = write!(out, "- {title}\n\n");
    }
    out.push_str("## 요약\n\n");
    for bullet in &summaries {
        let _ = writeln!(out, "- {bullet}");
    }
    out.push('\n');
    out.push_str(&body);
    let _ = write!(
        out,
        "\nCHINA\nSCIENCE\n\n## 중국 과학기술 정책 주/간/동/향\n\n| 발 행 일 | {}. {}. {}\n\n| 발행기관 | 한중과학기술협력센터\n",
        issue.year(),
        issue.month(),
        issue.day()
    );
    out
}

#[allow(clippy::too_many_arguments)]
/// Writes one article; returns its first body sentence.
fn article(
    m: &Material,
    rng: &mut Rng,
    out: &mut String,
    issue: Date,
    short: bool,
    number: usize,
    title: &str,
) -> String {
    let date = Date::from_days_since_epoch(issue.days_since_epoch() - 1 - rng.below(10) as i64);
    let _ = write!(out, "## {number:02} {title}\n\n");
    let stamp = format!("({}.{})", date.month(), date.day());
    if short {
        let _ = write!(out, "## ■ {}\n\n", sentence(m, rng, 8, 8));
    } else {
        let _ = write!(out, "## ■ {}{stamp}\n\n", sentence(m, rng, 8, 8));
    }
    // Article lengths vary: a few lines for short news, up to ~40 for features.
    let lines = if short {
        1 + rng.below(3)
    } else {
        3 + (rng.zipf() as usize % 38)
    };
    let lead = sentence(m, rng, 10, 15);
    let _ = writeln!(out, "- {lead}");
    for line in 1..lines {
        if !short && line > 2 && rng.below(10) == 0 {
            let _ = writeln!(out, "\n## {}) {}\n", line, sentence(m, rng, 2, 3));
        }
        if !short && rng.below(12) == 0 {
            let _ = writeln!(out, "1\t{}\t6\t{}", sentence(m, rng, 2, 0), sentence(m, rng, 2, 0));
            continue;
        }
        let _ = writeln!(out, "- {}", sentence(m, rng, 10, 25));
    }
    out.push('\n');
    let url = format!(
        "http://www.example.cn/html/{}/{:02}{:02}/{}.html",
        date.year(),
        date.month(),
        date.day(),
        rng.next() % 10_000_000
    );
    if short {
        let _ = write!(
            out,
            "출처: {} {stamp}\n\n<{url}>\n\n",
            OUTLETS[rng.below(OUTLETS.len())]
        );
    } else {
        out.push_str("## 참고자료\n\n");
        for _ in 0..1 + rng.below(2) {
            let words: String = (0..4 + rng.below(8)).map(|_| m.han_word(rng).to_string()).collect();
            let _ = write!(out, "☑ {words}\n\n<{url}>\n\n");
        }
    }
    lead
}

/// `min_words` to `min_words + extra_words` words of Korean prose, with the report's sprinkling of Chinese names,
/// Latin acronyms and numbers with units.
fn sentence(m: &Material, rng: &mut Rng, min_words: usize, extra_words: usize) -> String {
    let words = min_words + if extra_words > 0 { rng.below(extra_words) } else { 0 };
    let mut out = String::new();
    for i in 0..words {
        if i > 0 {
            out.push(' ');
        }
        let roll = rng.below(100);
        if roll < 3 && !m.latin.is_empty() {
            out.push_str(&m.latin[rng.below(m.latin.len())]);
        } else if roll < 6 {
            let _ = write!(
                out,
                "{},{:03}{}",
                1 + rng.below(99),
                rng.below(1000),
                UNITS[rng.below(UNITS.len())]
            );
        } else {
            out.push_str(&m.korean_word(rng.zipf()));
            if roll < 10 {
                let name: String = (0..2 + rng.below(2))
                    .map(|_| m.han_word(rng).chars().next().unwrap_or('中'))
                    .collect();
                let _ = write!(out, "({name})");
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn deterministic_parseable_and_growing_vocabulary() {
        let dir = std::env::temp_dir().join(format!("hanseek-synth-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        let (files, _) = write_archive(&dir, 30, 7).unwrap();
        assert_eq!(files, 3);
        let mut articles = 0;
        let mut paths: Vec<_> = walkdir(&dir);
        paths.sort();
        for path in &paths {
            let parsed = hanseek_corpus::parse_path(path, "synth");
            assert!(parsed.errors.is_empty(), "{}: {:?}", path.display(), parsed.errors);
            articles += parsed.report.unwrap().articles.len();
        }
        assert_eq!(articles, 30);
        let again = std::env::temp_dir().join(format!("hanseek-synth-again-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&again);
        write_archive(&again, 30, 7).unwrap();
        let mut again_paths = walkdir(&again);
        again_paths.sort();
        for (a, b) in paths.iter().zip(&again_paths) {
            assert_eq!(
                std::fs::read(a).unwrap(),
                std::fs::read(b).unwrap(),
                "same seed, same archive"
            );
        }
        let m = Material::from_bundled_report();
        assert!(
            m.korean_word(1_000_000) != m.korean_word(1_000_001),
            "the tail keeps making new words"
        );
        let _ = std::fs::remove_dir_all(&dir);
        let _ = std::fs::remove_dir_all(&again);
    }

    fn walkdir(dir: &std::path::Path) -> Vec<std::path::PathBuf> {
        let mut out = Vec::new();
        for entry in std::fs::read_dir(dir).unwrap().flatten() {
            if entry.path().is_dir() {
                out.extend(walkdir(&entry.path()));
            } else {
                out.push(entry.path());
            }
        }
        out
    }
}

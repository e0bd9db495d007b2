//! User-editable aliases: terms that name the same thing but that no rule links
//! (웨강아오 ⇄ 粤港澳 ⇄ 광둥-홍콩-마카오, CASTED ⇄ 中国科学技术发展战略研究院). Applied when
//! searching, so editing the file needs no rebuild.
//!
//! Format: one group per line, terms separated by ` = `; `#` starts a comment line;
//! blank lines are ignored. A query word or "phrase" that equals a term (ignoring case,
//! full-width forms and spacing) also searches the other terms of its group, weighted
//! below the term itself.

use std::collections::HashMap;
use std::path::Path;

use unicode_normalization::UnicodeNormalization;

#[derive(Debug, Clone, Default)]
pub struct Aliases {
    /// Normalized term → its group's terms (as written).
    groups: HashMap<String, Vec<String>>,
}

#[derive(Debug, thiserror::Error)]
#[error("{path}:{line}: {message}")]
pub struct AliasError {
    pub path: String,
    pub line: usize,
    pub message: String,
}

impl Aliases {
    pub fn load(path: &Path) -> Result<Aliases, AliasError> {
        let error = |line, message: String| AliasError {
            path: path.display().to_string(),
            line,
            message,
        };
        let text = std::fs::read_to_string(path).map_err(|e| error(0, format!("cannot read the alias file: {e}")))?;
        Aliases::parse(&text).map_err(|(line, message)| error(line, message))
    }

    /// Parses the alias format; errors carry the 1-based line.
    pub fn parse(text: &str) -> Result<Aliases, (usize, String)> {
        let mut aliases = Aliases::default();
        for (index, line) in text.lines().enumerate() {
            let line = line.trim();
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            let terms: Vec<String> = line.split(" = ").map(|t| t.trim().to_string()).collect();
            if terms.len() < 2 || terms.iter().any(|t| t.is_empty()) {
                return Err((index + 1, "expected two or more terms separated by ' = '".into()));
            }
            for term in &terms {
                let group = aliases.groups.entry(normalize(term)).or_default();
                for other in &terms {
                    if normalize(other) != normalize(term) && !group.contains(other) {
                        group.push(other.clone());
                    }
                }
            }
        }
        Ok(aliases)
    }

    /// The other terms of the group `term` belongs to (empty if none).
    pub fn alternatives(&self, term: &str) -> &[String] {
        self.groups.get(&normalize(term)).map_or(&[], Vec::as_slice)
    }
}

fn normalize(term: &str) -> String {
    term.nfkc()
        .filter(|c| !c.is_whitespace())
        .flat_map(char::to_lowercase)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn groups_link_every_term_both_ways() {
        let aliases =
            Aliases::parse("# comment\n\n웨강아오 = 粤港澳 = 광둥-홍콩-마카오\nCASTED = 中国科学技术发展战略研究院\n")
                .unwrap();
        assert_eq!(aliases.alternatives("粤港澳"), ["웨강아오", "광둥-홍콩-마카오"]);
        assert_eq!(aliases.alternatives("ｃａｓｔｅｄ"), ["中国科学技术发展战略研究院"]);
        assert_eq!(aliases.alternatives("中国科学技术发展战略研究院"), ["CASTED"]);
        assert!(aliases.alternatives("드론").is_empty());
        assert_eq!(Aliases::parse("a = b\nonly one\n").unwrap_err().0, 2);
    }
}

//! Checks shared by the parser targets.

use hanseek_corpus::Parsed;

/// What any parse of any bytes must give: problems that name a line of the input (or
/// none), and documents with distinct, non-empty ids under the source name.
pub fn check_parsed(parsed: &Parsed, bytes: &[u8]) {
    let lines = bytes.split(|&b| b == b'\n' || b == b'\r').count().max(1);
    for problem in parsed.errors.iter().chain(&parsed.warnings) {
        if let Some(line) = problem.line {
            assert!(line >= 1 && line <= lines, "line {line} of {lines}: {problem}");
        }
        assert!(!problem.message.is_empty());
    }
    if let Some(report) = &parsed.report {
        let mut ids = std::collections::HashSet::new();
        for article in &report.articles {
            assert!(!article.id.is_empty());
            assert!(ids.insert(article.id.as_str()), "duplicate id {}", article.id);
            assert!(
                article.line >= 1 && article.line <= lines,
                "article line {}",
                article.line
            );
            for reference in &article.references {
                assert!(
                    reference.line >= 1 && reference.line <= lines,
                    "reference line {}",
                    reference.line
                );
            }
        }
    }
}

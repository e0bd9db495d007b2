//! The PDF reader after poppler — poppler's XML layout (pages, positioned runs, fonts,
//! bold, links) read, rebuilt into the report's text and parsed — on any bytes: never a
//! panic, and problems and documents that point into the input's file. Seeded with the
//! layout XML of the fixture PDFs (scripts/fuzz.sh). poppler itself is Debian's, fuzzed
//! by its own project (OSS-Fuzz); hanseek bounds it in time and output.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|bytes: &[u8]| {
    let xml = String::from_utf8_lossy(bytes);
    let parsed = hanseek_corpus::pdf::parse_layout_xml("fuzz.pdf", "fuzz", &xml);
    for problem in parsed.errors.iter().chain(&parsed.warnings) {
        assert_eq!(problem.path, "fuzz.pdf");
    }
    if let Some(report) = &parsed.report {
        for article in &report.articles {
            assert!(article.id.starts_with("fuzz"), "{}", article.id);
            assert!(article.pages.windows(2).all(|w| w[0] < w[1]), "{:?}", article.pages);
        }
    }
});

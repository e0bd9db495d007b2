//! The archive is made from the bundled report and the vendored Chinese word list;
//! both live outside this crate, so they are declared here (Cargo rebuilds when they
//! change) and copied next to the build's output for `include_str!`.

use std::path::Path;

fn main() {
    let out = std::env::var("OUT_DIR").expect("cargo sets OUT_DIR");
    for (source, name) in [
        ("../../corpus/kostec-weekly-2023-12-01.md", "report.md"),
        ("../analysis/data/jieba-han-words.txt", "han-words.txt"),
    ] {
        println!("cargo:rerun-if-changed={source}");
        std::fs::copy(source, Path::new(&out).join(name)).unwrap_or_else(|e| panic!("{source}: {e}"));
    }
}

//! Prints what the PDF reader rebuilds from a PDF's layout — the report's Markdown
//! form, each line after its page and its line number (the `line` that `corpus
//! inspect --json` gives a PDF's articles and references) — to see why a PDF reads as
//! it does:
//! `cargo run -p hanseek-corpus --example pdf_markdown -- report.pdf`.

fn main() -> std::process::ExitCode {
    let Some(path) = std::env::args().nth(1) else {
        eprintln!("usage: pdf_markdown FILE.pdf");
        return std::process::ExitCode::from(2);
    };
    let result = std::fs::read(&path)
        .map_err(|e| e.to_string())
        .and_then(|bytes| hanseek_corpus::pdf::markdown(&bytes));
    match result {
        Ok(lines) => {
            for (no, (page, line)) in lines.iter().enumerate().filter(|(_, (_, l))| !l.is_empty()) {
                println!("{page:>3} {:>5} {line}", no + 1);
            }
            std::process::ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("{path}: {e}");
            std::process::ExitCode::FAILURE
        }
    }
}

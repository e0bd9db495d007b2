//! Conventions every command keeps: a closed pipe is no error, and no request sizes
//! an allocation from user input.

use std::process::{Command, Stdio};

use crate::*;

/// Runs hanseek with stdout and stderr into a pipe whose reader is already closed,
/// as `hanseek … 2>&1 | head -1` becomes once head has read its line.
fn into_closed_pipe(args: &[&str]) -> std::process::ExitStatus {
    let (reader, writer) = std::io::pipe().unwrap();
    drop(reader);
    Command::new(env!("CARGO_BIN_EXE_hanseek"))
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .stdout(Stdio::from(writer.try_clone().unwrap()))
        .stderr(Stdio::from(writer))
        .status()
        .unwrap()
}

/// Issue 16.3: `corpus inspect --body corpus 2>&1 | head -1` panicked (exit 101), and
/// `search 인공지능 | head -1` could print "error: Broken pipe" and exit 2. Issue 28.4:
/// `completions bash | grep -q hanseek` and `corpus synth … | head` panicked too; every
/// subcommand but `serve` (tested apart) is run here.
#[test]
fn a_closed_pipe_ends_every_command_quietly() {
    let index = built_index("pipes");
    let i = index.to_str().unwrap();
    let scratch = tempdir("pipes-scratch");
    let (synth, built) = (scratch.join("synth"), scratch.join("index"));
    let (synth, built) = (synth.to_str().unwrap(), built.to_str().unwrap());
    let queries = scratch.join("queries.tsv");
    std::fs::write(
        &queries,
        "term	인공지능
",
    )
    .unwrap();
    let queries = queries.to_str().unwrap();
    for args in [
        &["completions", "bash"][..],
        &["completions", "zsh"],
        &["completions", "fish"],
        &["man"],
        &["corpus", "synth", "--articles", "30", "--out", synth],
        &["index", "build", "--corpus", "corpus", "--index", built],
        &["index", "update", "--index", built],
        &["show", "kostec-weekly-2023-12-01/III-02", "--index", i],
        &["show", "--json", "kostec-weekly-2023-12-01/III-02", "--index", i],
        &["show", "--related", "kostec-weekly-2023-12-01/III-02", "--index", i],
        &["show", "no-such-id", "--index", i],
        &["suggest", "인공ㅈ", "--index", i],
        &["suggest", "--json", "인공ㅈ", "--index", i],
        &[
            "bench",
            "--index",
            i,
            "--queries",
            queries,
            "--warmup",
            "0",
            "--iterations",
            "1",
        ],
        &["--help"],
        &["search", "--help"],
        &["corpus", "inspect", "--body", "corpus"][..],
        &["corpus", "inspect", "--json", "corpus"],
        &["search", "인공지능", "--index", i],
        &["search", "--json", "인공지능", "--index", i],
        &["search", "\"unclosed", "--index", i],
        &["index", "stats", "--index", i],
        &["analyze", "인공지능 산업을"],
        &["analyze", "--json", "인공지능 산업을"],
    ] {
        let status = into_closed_pipe(args);
        assert!(status.code().is_some_and(|c| c == 0 || c == 2), "{args:?}: {status}");
        assert_ne!(status.code(), Some(101), "{args:?} panicked");
    }
    // What a reader cannot see is no error: a search into a closed pipe succeeds.
    assert_eq!(into_closed_pipe(&["search", "인공지능", "--index", i]).code(), Some(0));
}

/// Issue 17.4: `--limit 4294967295` aborted trying to allocate 103 GB; `--limit
/// 18446744073709551615 --offset 1` panicked. Both are refused with the limit.
#[test]
fn huge_limits_and_offsets_are_refused_with_the_limit() {
    let index = built_index("limits");
    let i = index.to_str().unwrap();
    for (flags, message) in [
        (
            &["--limit", "4294967295"][..],
            "more than the 10000 hits one page may hold",
        ),
        (&["--limit", "2000000000"], "more than the 10000 hits"),
        (
            &["--limit", "18446744073709551615", "--offset", "1"],
            "more than the 10000 hits",
        ),
        (&["--offset", "18446744073709551615"], "deeper than the 1000000 hits"),
    ] {
        let mut args = vec!["search", "인공지능", "--index", i];
        args.extend(flags);
        let output = hanseek(&args);
        assert_eq!(output.status.code(), Some(2), "{flags:?}");
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(stderr.contains(message), "{flags:?}: {stderr}");
    }
    let fine = hanseek(&["search", "--json", "인공지능", "--index", i, "--limit", "10000"]);
    assert_eq!(stdout_json(&fine)["total"], 5);
}

/// Issue 16.9 and 16.11: a query may start with `-` (or come with `-q`), uppercase
/// AND and NOT are operators; `show ID` prints a hit; hits name their file; counts are
/// written as people write them; `took_ms` is rounded; no hit is exit status 1.
#[test]
fn queries_starting_with_a_dash_operators_show_plurals_and_exit_codes() {
    let dir = tempdir("cli-conventions");
    let index = dir.join("index");
    let i = index.to_str().unwrap();
    let built = hanseek(&["index", "build", "--corpus", "corpus", "--index", i]);
    assert!(String::from_utf8_lossy(&built.stdout).contains("1 file, 14 articles, 18 links"));
    let total = |args: &[&str]| {
        let mut all = vec!["search", "--json", "--index", i];
        all.extend(args);
        let output = hanseek(&all);
        (stdout_json(&output)["total"].as_u64().unwrap(), output.status.code())
    };
    let with_drones = total(&["중국"]).0;
    let without = total(&["중국 -드론"]).0;
    assert!(without < with_drones);
    assert_eq!(total(&["-q", "중국 -드론"]).0, without);
    assert_eq!(total(&["중국 NOT 드론"]).0, without);
    assert_eq!(total(&["드론 AND 틸트로터"]).0, total(&["드론 틸트로터"]).0);
    // Nothing found: exit status 1, the JSON still printed.
    assert_eq!(total(&["존재하지않는낱말"]), (0, Some(1)));
    let bad = hanseek(&["search", "--index", i, "드론 AND"]);
    assert_eq!(bad.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&bad.stderr).contains("AND needs a word or phrase on both sides"));

    let one = hanseek(&["search", "--index", i, "틸트로터 kind:article"]);
    let text = String::from_utf8_lossy(&one.stdout);
    assert!(text.starts_with("1 hit in "), "{text}");
    assert!(text.contains("file: corpus/kostec-weekly-2023-12-01.md"), "{text}");
    let json = stdout_json(&hanseek(&["search", "--json", "--index", i, "틸트로터 kind:article"]));
    let took = json["took_ms"].as_f64().unwrap();
    assert_eq!(
        (took * 1000.0).round() / 1000.0,
        took,
        "rounded to the microsecond: {took}"
    );
    assert_eq!(json["hits"][0]["path"], "corpus/kostec-weekly-2023-12-01.md");

    let id = json["hits"][0]["id"].as_str().unwrap();
    let shown = hanseek(&["show", "--index", i, id]);
    assert!(shown.status.success());
    let text = String::from_utf8_lossy(&shown.stdout);
    assert!(
        text.contains("틸트로터") && text.contains("참고자료 · 출처") && text.contains("people.com.cn"),
        "{text}"
    );
    let document = stdout_json(&hanseek(&["show", "--json", "--index", i, id]));
    assert_eq!(document["id"], id);
    let link = document["references"][0]["id"].as_str().unwrap();
    let cited = stdout_json(&hanseek(&["show", "--json", "--index", i, link]));
    assert_eq!(cited["article"]["id"], id);
    let missing = hanseek(&["show", "--index", i, "no/such"]);
    assert_eq!(missing.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&missing.stderr).contains("no document 'no/such'"));
}

/// Issue 16.4 and 16.5: NO_COLOR, CLICOLOR_FORCE and `--color`; the terminal facet
/// line capped, months rolled up into years (the JSON keeps every bucket).
#[test]
fn colour_follows_the_conventions_and_facets_stay_short() {
    let dir = tempdir("colour");
    let corpus = dir.join("corpus");
    let index = dir.join("index");
    let (c, i) = (corpus.to_str().unwrap(), index.to_str().unwrap());
    assert!(
        hanseek(&["corpus", "synth", "--articles", "600", "--seed", "2", "--out", c])
            .status
            .success()
    );
    assert!(hanseek(&["index", "build", "--corpus", c, "--index", i])
        .status
        .success());
    let run = |flags: &[&str], env: &[(&str, &str)]| {
        let mut command = Command::new(env!("CARGO_BIN_EXE_hanseek"));
        command.args(["search", "인공지능", "--index", i]).args(flags);
        command.env_remove("NO_COLOR").env_remove("CLICOLOR_FORCE");
        for (k, v) in env {
            command.env(k, v);
        }
        String::from_utf8(command.output().unwrap().stdout).unwrap()
    };
    let coloured = |text: &str| text.contains('\x1b');
    assert!(!coloured(&run(&[], &[])), "a pipe gets no colour");
    assert!(coloured(&run(&[], &[("CLICOLOR_FORCE", "1")])));
    assert!(!coloured(&run(&[], &[("CLICOLOR_FORCE", "1"), ("NO_COLOR", "1")])));
    assert!(coloured(&run(&["--color", "always"], &[("NO_COLOR", "1")])));
    assert!(!coloured(&run(&["--color", "never"], &[("CLICOLOR_FORCE", "1")])));

    let text = run(&[], &[]);
    let facets = text.lines().nth(1).unwrap();
    assert!(facets.contains("month: 20"), "{facets}");
    let months = facets.split("month: ").nth(1).unwrap();
    assert!(!months.contains('-'), "months rolled up into years: {months}");
    assert!(months.split(", ").count() <= 9, "{months}");
    let json = stdout_json(&hanseek(&["search", "--json", "인공지능", "--index", i]));
    assert!(
        json["facets"]["month"].as_object().unwrap().len() > 12,
        "the JSON keeps every month"
    );
}

/// Issue 16.12: `index build --corpus file.md` said the folder does not exist.
#[test]
fn one_file_is_a_corpus_too() {
    let index = tempdir("one-file").join("index");
    let built = index_json(&[
        "index",
        "build",
        "--json",
        "--corpus",
        "corpus/kostec-weekly-2023-12-01.md",
        "--index",
        index.to_str().unwrap(),
    ]);
    assert_eq!(built["articles"], 14);
    let found = stdout_json(&hanseek(&[
        "search",
        "--json",
        "리튬배터리",
        "--index",
        index.to_str().unwrap(),
    ]));
    assert_eq!(found["hits"][0]["id"], "kostec-weekly-2023-12-01/III-02");
    let missing = hanseek(&[
        "index",
        "build",
        "--corpus",
        "no/such.md",
        "--index",
        index.to_str().unwrap(),
    ]);
    assert!(String::from_utf8_lossy(&missing.stderr).contains("the corpus file 'no/such.md' does not exist"));
}

/// Issue 16.6: snippets ran past the terminal with continuation lines at column 0,
/// the facet line split mid-word, and `analyze` padded Hangul rows by characters, so
/// they drifted (a syllable takes two columns).
#[test]
fn output_fits_the_width_and_columns_line_up_by_display_width() {
    use unicode_width::UnicodeWidthStr;
    let index = built_index("width");
    let i = index.to_str().unwrap();
    let output = Command::new(env!("CARGO_BIN_EXE_hanseek"))
        .args(["search", "인공지능", "--index", i, "--limit", "5"])
        .env("COLUMNS", "60")
        .env_remove("NO_COLOR")
        .env_remove("CLICOLOR_FORCE")
        .output()
        .unwrap();
    let text = String::from_utf8(output.stdout).unwrap();
    let mut continued = 0;
    for line in text.lines().filter(|l| !l.contains("://")) {
        // (A URL stays whole, to be copied or clicked.)
        assert!(line.width() <= 60, "{} columns: {line}", line.width());
        continued += usize::from(
            line.starts_with("     ") && !line.starts_with("     article") && !line.starts_with("     file"),
        );
    }
    assert!(continued > 5, "snippets continue with a hanging indent:\n{text}");
    assert!(text.lines().nth(1).unwrap().starts_with("kind: "), "{text}");
    for line in text.lines().skip(2).take_while(|l| !l.is_empty()) {
        assert!(line.starts_with("  "), "the facet line continues indented: {line}");
    }

    let analyzed = String::from_utf8(hanseek(&["analyze", "인공지능 AI 产业"]).stdout).unwrap();
    // Where the bytes column (the fourth: pos, len, token, bytes) starts, in columns.
    let starts: Vec<usize> = analyzed
        .lines()
        .skip(1)
        .map(|row| {
            let bytes = row.split_whitespace().nth(3).unwrap();
            row[..row.find(&format!(" {bytes}")).unwrap()].width()
        })
        .collect();
    assert!(
        starts.windows(2).all(|w| w[0] == w[1]),
        "the bytes column lines up: {starts:?}\n{analyzed}"
    );
}

/// Issue 16.10 and 16.13: every flag the README and the CLI reference name exists
/// (the `--help` texts are the source of truth); completions and a man page are
/// generated from the same definitions.
#[test]
fn documented_flags_exist_and_completions_and_man_page_are_generated() {
    let commands: [&[&str]; 14] = [
        &["search"],
        &["show"],
        &["serve"],
        &["analyze"],
        &["bench"],
        &["index", "build"],
        &["index", "update"],
        &["index", "stats"],
        &["corpus", "inspect"],
        &["corpus", "synth"],
        &["completions"],
        &["man"],
        &["index"],
        &["corpus"],
    ];
    let mut help = String::new();
    for command in commands {
        let mut args = command.to_vec();
        args.push("--help");
        let output = hanseek(&args);
        assert!(output.status.success(), "{command:?} --help");
        help.push_str(&String::from_utf8_lossy(&output.stdout));
    }
    // Flags of other tools the documents show (cargo's).
    let foreign = ["--release", "--all-targets", "--check", "--locked", "--workspace"];
    for document in ["README.md", "docs/cli.md", "docs/server.md"] {
        let text = std::fs::read_to_string(document).unwrap();
        let mut rest = text.as_str();
        while let Some(at) = rest.find("--") {
            rest = &rest[at + 2..];
            let name: String = rest
                .chars()
                .take_while(|c| c.is_ascii_lowercase() || *c == '-')
                .collect();
            if name.is_empty() || name.ends_with('-') {
                continue;
            }
            let flag = format!("--{name}");
            assert!(
                foreign.contains(&flag.as_str()) || help.contains(&flag),
                "{document} names {flag}, which no command has"
            );
        }
    }
    for shell in ["bash", "zsh", "fish"] {
        let script = String::from_utf8(hanseek(&["completions", shell]).stdout).unwrap();
        assert!(script.contains("hanseek") && script.contains("serve"), "{shell}");
    }
    let inspect = String::from_utf8(hanseek(&["corpus", "inspect", "--help"]).stdout).unwrap();
    assert!(
        inspect.contains("Examples:\n  hanseek corpus inspect corpus/\n"),
        "one example a line: {inspect}"
    );
    let page = String::from_utf8(hanseek(&["man"]).stdout).unwrap();
    assert!(page.contains(".TH hanseek 1"), "{}", &page[..page.len().min(200)]);
}

/// Issue 28.4: `hanseek serve` with its stdout and stderr closed (started from a
/// script whose log reader went away) still starts, answers and logs nothing.
#[test]
fn serve_answers_with_its_output_closed() {
    let index = built_index("pipes-serve");
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let listen = format!("127.0.0.1:{port}");
    let (reader, writer) = std::io::pipe().unwrap();
    drop(reader);
    let mut child = Command::new(env!("CARGO_BIN_EXE_hanseek"))
        .args(["serve", "--listen", &listen, "--index", index.to_str().unwrap()])
        .stdout(Stdio::from(writer.try_clone().unwrap()))
        .stderr(Stdio::from(writer))
        .spawn()
        .unwrap();
    let address: std::net::SocketAddr = listen.parse().unwrap();
    let started = std::time::Instant::now();
    let answer = loop {
        match hanseek_server::client::get(address, "/api/search?q=%EC%9D%B8%EA%B3%B5%EC%A7%80%EB%8A%A5") {
            Ok(answer) => break answer,
            Err(_) if started.elapsed().as_secs() < 10 => std::thread::sleep(std::time::Duration::from_millis(50)),
            Err(e) => panic!("serve did not answer: {e}"),
        }
    };
    assert_eq!(answer.status, 200, "{}", answer.text());
    assert!(child.try_wait().unwrap().is_none(), "serve exited");
    child.kill().unwrap();
    child.wait().unwrap();
}

/// Issue 28.3: document text holding OSC 52 (writes the clipboard), OSC 0 (window
/// title), OSC 8 (a link) or ESC[2J (clears the screen) was printed raw by `search`,
/// `show` and `corpus inspect`, piped or not. Text output shows control characters
/// escaped (`\x1b`); JSON is unchanged.
#[test]
fn control_characters_from_documents_are_shown_escaped() {
    let dir = tempdir("escapes");
    let corpus = dir.join("corpus");
    std::fs::create_dir_all(&corpus).unwrap();
    let hostile = "리튬배터리 \u{1b}]52;c;cGF3bmVk\u{7} \u{1b}]0;pwned\u{7} \u{1b}]8;;http://evil\u{1b}\\링크\u{1b}]8;;\u{1b}\\ \u{1b}[2J \u{9b}31m 끝";
    let line = serde_json::json!({"id": "evil", "title": format!("제목 {hostile}"), "body": hostile});
    std::fs::write(corpus.join("evil.jsonl"), format!("{line}\n")).unwrap();
    std::fs::write(corpus.join("name\u{1b}[2J.txt"), "리튬배터리 파일 이름\n").unwrap();
    let index = dir.join("index");
    let (c, i) = (corpus.to_str().unwrap(), index.to_str().unwrap());
    let built = hanseek(&["index", "build", "--corpus", c, "--index", i]);
    assert!(built.status.success(), "{}", String::from_utf8_lossy(&built.stderr));
    for args in [
        &["search", "리튬배터리", "--index", i][..],
        &["search", "--color", "always", "리튬배터리", "--index", i],
        &["show", "evil", "--index", i],
        &["corpus", "inspect", "--body", c],
        &["index", "build", "--corpus", c, "--index", i],
    ] {
        let output = hanseek(args);
        for (name, bytes) in [("stdout", &output.stdout), ("stderr", &output.stderr)] {
            let text = String::from_utf8_lossy(bytes);
            // Colour codes hanseek writes itself are ESC [ … m; nothing else may pass.
            let raw = text
                .match_indices('\u{1b}')
                .any(|(at, _)| !text[at..].starts_with("\u{1b}[") || text[at..].starts_with("\u{1b}[2J"));
            assert!(
                !raw && !text.contains('\u{7}') && !text.contains('\u{9b}'),
                "{args:?} {name}: {text:?}"
            );
        }
        let stdout = String::from_utf8_lossy(&output.stdout);
        if args[0] != "index" {
            assert!(
                stdout.contains("\\x1b]52;c;cGF3bmVk\\x07") || stdout.contains("\\x1b[2J"),
                "{args:?}: {stdout}"
            );
        }
    }
    // JSON keeps the text as it is (escaped the JSON way).
    let json = index_json(&["show", "--json", "evil", "--index", i]);
    assert_eq!(json["body"], hostile);
}

/// Issue 28.6: the man page was 54 lines with no subcommand options, query syntax,
/// exit codes or environment variables. `man --dir` writes a page per subcommand with
/// its options, and every page has the shared sections.
#[test]
fn the_manual_has_a_page_per_subcommand_with_its_options() {
    let dir = tempdir("man");
    let output = hanseek(&["man", "--dir", dir.to_str().unwrap()]);
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    for (page, option) in [
        ("hanseek.1", "completions"),
        ("hanseek-index-build.1", "follow\\-links"),
        ("hanseek-index-update.1", "replace"),
        ("hanseek-search.1", "sort"),
        ("hanseek-show.1", "related"),
        ("hanseek-serve.1", "listen"),
        ("hanseek-corpus-inspect.1", "body"),
        ("hanseek-suggest.1", "json"),
    ] {
        let text = std::fs::read_to_string(dir.join(page)).unwrap_or_else(|e| panic!("{page}: {e}"));
        assert!(text.contains(option), "{page} lacks {option}");
        for section in [
            "QUERY SYNTAX",
            "EXIT STATUS",
            ".SH ENVIRONMENT",
            "HANSEEK_INDEX",
            "HANSEEK_PDF_TIMEOUT_SECS",
        ] {
            assert!(text.contains(section), "{page} lacks {section}");
        }
    }
    let printed = String::from_utf8(hanseek(&["man"]).stdout).unwrap();
    assert!(printed.contains(".SH \"EXIT STATUS\"") && printed.lines().count() > 100);
}

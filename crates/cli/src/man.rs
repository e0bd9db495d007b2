//! `hanseek man`: the manual pages, made by clap_mangen from the same definitions as
//! `--help` (every subcommand and option), with the sections clap does not know: the
//! query syntax, the exit status and the environment.

use std::io::Write as _;
use std::path::Path;

/// The sections every page of the manual shares, in roff.
const SHARED_SECTIONS: &str = r#".SH "QUERY SYNTAX"
Words are all searched (an article must hold each, in any form ko-dic and jieba
reduce it to: particles and endings are left out).
.TP
\fB"a phrase"\fR
the words next to each other, in this order
.TP
\fB-word\fR, \fBNOT word\fR
without this word
.TP
\fBa OR b\fR, \fBa AND b\fR
either word; both (the default between words)
.TP
\fBtitle:word\fR
in the title only
.TP
\fBsection:정책동향\fR, \fBcategory:에너지\fR, \fBkind:article\fR | \fBkind:reference\fR
filters; repeated, they are alternatives
.TP
\fBdate:2023-11\fR, \fBsince:2023-11-20\fR, \fBuntil:2023\fR
dates as YYYY, YYYY-MM or YYYY-MM-DD
.PP
A Korean word also finds the Chinese words that read as it (무인기 finds 无人机) and a
Chinese word the Korean text that writes its reading; a name is the same word in both
scripts (충칭, 重庆, 重慶). Initials alone are 초성 (ㅇㄱㅈㄴ finds 인공지능); a word
one jamo off is a typo forgiven (반도채 finds 반도체). Hits found so are ranked below
direct ones and say how they matched.
.SH "EXIT STATUS"
.TP
\fB0\fR
success
.TP
\fB1\fR
nothing matched (search, suggest); some files could not be read (index build,
index update, corpus inspect: the others are indexed or shown, and each is named)
.TP
\fB2\fR
a usage error, or an error that stopped the command (no index, a locked index, a
full disk), said on standard error with what to do
.PP
A reader that goes away (\fB| head\fR) ends a command quietly, with status 0.
.SH ENVIRONMENT
.TP
\fBHANSEEK_INDEX\fR
the index folder when \fB--index\fR is not given (default \fBindex\fR)
.TP
\fBHANSEEK_ALIASES\fR
the alias file when \fB--aliases\fR is not given
.TP
\fBHANSEEK_MAX_FILE_MB\fR
the largest corpus file read, in MB (default 512)
.TP
\fBHANSEEK_PDF_TIMEOUT_SECS\fR
how long one PDF may take to read (default 60)
.TP
\fBNO_COLOR\fR, \fBCLICOLOR_FORCE\fR
colour off; colour on for a pipe (as \fB--color\fR auto reads them)
.TP
\fBCOLUMNS\fR
the width to wrap output to when it is not a terminal
.SH "SEE ALSO"
The reference in the source's docs/ folder: cli.md (every command), formats.md (the
corpus files and how a PDF is read), server.md, RELIABILITY.md.
"#;

/// The page of `command` (clap_mangen's) followed by the shared sections.
fn page(command: clap::Command) -> std::io::Result<Vec<u8>> {
    let mut roff = Vec::new();
    clap_mangen::Man::new(command).render(&mut roff)?;
    roff.extend_from_slice(SHARED_SECTIONS.as_bytes());
    Ok(roff)
}

/// The main page, to print.
pub fn main_page(command: clap::Command) -> std::io::Result<Vec<u8>> {
    page(command)
}

/// One page per command and subcommand (`hanseek.1`, `hanseek-index-build.1`, …) in
/// `dir`; the names of the files written.
pub fn write_pages(command: clap::Command, dir: &Path) -> std::io::Result<Vec<String>> {
    std::fs::create_dir_all(dir)?;
    let mut command = command.disable_help_subcommand(true);
    command.build();
    let mut written = Vec::new();
    write_tree(command, dir, &mut written)?;
    Ok(written)
}

fn write_tree(command: clap::Command, dir: &Path, written: &mut Vec<String>) -> std::io::Result<()> {
    for sub in command.get_subcommands().filter(|s| !s.is_hide_set()).cloned() {
        write_tree(sub, dir, written)?;
    }
    let name = clap_mangen::Man::new(command.clone()).get_filename();
    let mut file = std::fs::File::create(dir.join(&name))?;
    file.write_all(&page(command)?)?;
    file.flush()?;
    written.push(name);
    Ok(())
}

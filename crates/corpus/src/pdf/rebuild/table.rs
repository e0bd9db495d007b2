//! Lines cut into cells are a table: rows split at gaps wider than a line gap (or, in a
//! table drawn without them, where the first column has text), a cell's lines joined,
//! a table going on at the top of the next page kept whole.

use std::ops::Range;

use super::super::layout::Line;
use super::paragraph::{append_wrapped, starts_paragraph};
use super::Block;

#[derive(Debug, Default)]
pub(super) struct Cell {
    pub(super) text: String,
    pub(super) links: Vec<(Range<usize>, String)>,
}

/// A table while its lines are read; rows and cells are decided at the end.
pub(super) struct TableDraft {
    page: u32,
    /// Each line with the page it is on.
    lines: Vec<(Line, u32)>,
    /// Its first line opened a page.
    first_on_page: bool,
    line_gap: f32,
}

impl TableDraft {
    pub(super) fn new(page: u32, line_gap: f32) -> TableDraft {
        TableDraft {
            page,
            lines: Vec::new(),
            first_on_page: false,
            line_gap,
        }
    }

    fn last_bottom(&self) -> f32 {
        self.lines.last().map_or(0.0, |(l, _)| l.bottom)
    }

    /// Column starts: the left edges of the segments of lines of several cells — of
    /// those after a soft gap (maybe a justified word space), only edges another line
    /// shares, once at least without a space drawn before them (a justified cell's
    /// stretched spaces line up too when its rows begin alike: `범용 인공지능 …`).
    fn columns(&self) -> Vec<f32> {
        struct Start {
            left: f32,
            lines: usize,
            hard: bool,
            undrawn: bool,
        }
        let mut starts: Vec<Start> = Vec::new();
        for (line, _) in self.lines.iter().filter(|(l, _)| l.segments.len() >= 2) {
            let em = line.segments[0].size.max(1.0);
            for (i, s) in line.segments.iter().enumerate() {
                let (hard, undrawn) = (i == 0 || !s.soft_gap, i == 0 || !s.space_drawn);
                match starts.iter_mut().find(|start| (start.left - s.left).abs() <= 0.5 * em) {
                    Some(start) => {
                        start.lines += 1;
                        start.hard |= hard;
                        start.undrawn |= undrawn;
                    }
                    None => starts.push(Start {
                        left: s.left,
                        lines: 1,
                        hard,
                        undrawn,
                    }),
                }
            }
        }
        let mut columns: Vec<f32> = starts
            .into_iter()
            .filter(|s| s.hard || (s.lines >= 2 && s.undrawn))
            .map(|s| s.left)
            .collect();
        columns.sort_by(f32::total_cmp);
        columns
    }

    /// Lines one line gap apart are one cell's wrapped text (or one row's).
    fn in_same_row(&self, line: &Line, first_on_page: bool) -> bool {
        let em = line.segments[0].size.max(1.0);
        !first_on_page && !self.lines.is_empty() && line.top - self.last_bottom() <= self.line_gap + 0.35 * em
    }

    /// A line one line gap below goes on the table; after a wider gap, a line of several
    /// cells does, and a single one only when it is under a column after the first (the
    /// cells before it are empty), close below or at the top of the next page.
    /// (`read` is the line as it reads outside a table.)
    pub(super) fn takes(&self, line: &Line, read: &Line, first_on_page: bool) -> bool {
        let em = line.segments[0].size.max(1.0);
        if self.in_same_row(line, first_on_page) {
            return true;
        }
        if !first_on_page && line.top - self.last_bottom() >= 2.5 * em {
            return false;
        }
        if read.segments.len() >= 2 {
            return true;
        }
        let left = line.segments[0].left;
        self.columns().iter().skip(1).any(|c| (c - left).abs() <= 0.5 * em)
    }

    pub(super) fn add(&mut self, line: &Line, page: u32, first_on_page: bool) {
        if self.lines.is_empty() {
            self.first_on_page = first_on_page;
        }
        self.lines.push((line.clone(), page));
    }

    /// The table's line, with its page and whether it opened the page, when it has
    /// only one.
    pub(super) fn lone_line(&self) -> Option<(Line, u32, bool)> {
        match self.lines.as_slice() {
            [(line, page)] => Some((line.clone(), *page, self.first_on_page)),
            _ => None,
        }
    }

    /// Rows, then cells. Rows are split where the gap between lines is wider than a line
    /// gap (cell padding and borders) or the page changes; a table drawn without such
    /// gaps starts a row wherever the first column has text. A segment belongs to the
    /// last column starting at or before it.
    pub(super) fn finish(self) -> Block {
        let columns = self.columns();
        let first_column = columns.first().copied().unwrap_or(0.0);
        let mut by_gap: Vec<Vec<&Line>> = Vec::new();
        let mut by_first_column: Vec<Vec<&Line>> = Vec::new();
        let mut previous: Option<(&Line, u32)> = None;
        for (line, page) in &self.lines {
            let em = line.segments[0].size.max(1.0);
            let in_first_column = line.left() <= first_column + 0.5 * em;
            // At the top of the next page a row goes on unless the first column has text.
            let gap_break = previous.is_none_or(|(p, p_page)| {
                if p_page != *page {
                    in_first_column
                } else {
                    line.top - p.bottom > self.line_gap + 0.35 * em
                }
            });
            let column_break = previous.is_none() || in_first_column;
            if gap_break {
                by_gap.push(Vec::new());
            }
            if column_break {
                by_first_column.push(Vec::new());
            }
            by_gap.last_mut().expect("a row").push(line);
            by_first_column.last_mut().expect("a row").push(line);
            previous = Some((line, *page));
        }
        let rows = if by_gap.len() >= 2 { by_gap } else { by_first_column };
        let rows = rows
            .into_iter()
            .map(|lines| {
                let mut cells: Vec<Cell> = (0..columns.len().max(1)).map(|_| Cell::default()).collect();
                for line in lines {
                    let em = line.segments[0].size.max(1.0);
                    let mut previous: Option<usize> = None;
                    for s in &line.segments {
                        // Text after a stretched word space stays in the cell before it.
                        let at_column = columns.iter().position(|&c| (c - s.left).abs() <= 0.5 * em);
                        let at = match (at_column, previous) {
                            (Some(at), _) => at,
                            (None, Some(before)) if s.soft_gap => before,
                            _ => columns.iter().rposition(|&c| c <= s.left + 0.5 * em).unwrap_or(0),
                        };
                        previous = Some(at);
                        let cell = &mut cells[at];
                        if !cell.text.is_empty() && starts_paragraph(&s.text) {
                            cell.text.push(' ');
                        }
                        append_wrapped(&mut cell.text, &mut cell.links, &s.text, &s.links);
                    }
                }
                cells
            })
            .filter(|cells| cells.iter().any(|c| !c.text.is_empty()))
            .collect();
        Block::Table { rows, page: self.page }
    }
}

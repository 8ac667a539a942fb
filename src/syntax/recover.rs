//! Error recovery: report every syntax error of a file, not only the first.
//!
//! The whole-file parse gives the first error exactly. The text after it is cut at item and
//! statement boundaries (found on tokens: top-level keywords at depth 0, workflow statement
//! keywords at depth 1, and the statement keywords that cannot appear deeper when a `}` is
//! missing), and each piece that starts after the first error's piece is parsed on its own
//! with an anchored rule. `O(n)` tokens plus one parse per piece.

use pest::Parser;

use super::errors::to_diagnostic;
use super::lexer::{TokKind, Token};
use super::parser::{KeelParser, Rule};
use super::tables::{kw, punct, starts};
use super::{TOP_KEYWORDS, WF_KEYWORDS};
use crate::diagnostic::Diagnostic;

/// Workflow statement keywords that never start anything nested, so seeing one deeper than
/// depth 1 means a `}` is missing.
const WF_ONLY_KEYWORDS: &[&str] = starts::WORKFLOW_ONLY;
/// After these a keyword is a name (`transition test: ...`, `behind flag`).
const NAME_POSITIONS: &[&str] = &[
    kw::TRANSITION,
    kw::BEHIND,
    kw::ON,
    kw::SUBJECT,
    punct::COLON,
    punct::ARROW,
    punct::COMMA,
    punct::LPAREN,
    punct::LBRACKET,
    kw::FLAG,
    kw::START,
    kw::STATE,
    kw::STUCK,
    kw::MAP,
    kw::REVERT,
    kw::ROUTE_TO,
    kw::QUEUE,
];

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum PieceKind {
    Item,
    WorkflowHead,
    WfStmt,
    WorkflowClose,
}

#[derive(Clone, Copy, Debug)]
struct Piece {
    kind: PieceKind,
    start: usize,
    end: usize,
}

fn rule_for(kind: PieceKind) -> Rule {
    match kind {
        PieceKind::Item => Rule::item_only,
        PieceKind::WorkflowHead => Rule::workflow_head_only,
        PieceKind::WfStmt => Rule::wf_stmt_only,
        PieceKind::WorkflowClose => Rule::rbrace_only,
    }
}

/// Every syntax error of a file whose whole parse failed with `first`.
pub fn all_errors(src: &str, tokens: &[Token], first: pest::error::Error<Rule>) -> Vec<Diagnostic> {
    let toks: Vec<Token> = tokens
        .iter()
        .copied()
        .filter(|t| t.kind != TokKind::Comment)
        .collect();
    let pieces = split(src, &toks);
    let first_diag = to_diagnostic(src, &first, 0, context_at(src, &pieces, &first));
    let first_pos = first_diag.span.start as usize;
    let mut out = vec![first_diag];
    // The piece holding the first error is already reported; only later pieces are parsed.
    let after: Vec<&Piece> = pieces.iter().filter(|p| p.start > first_pos).collect();
    for piece in after {
        let text = &src[piece.start..piece.end];
        if piece.kind == PieceKind::Item && super::fast::accepts_item(text) {
            continue;
        }
        if let Err(e) = KeelParser::parse(rule_for(piece.kind), text) {
            let ctx = first_word(text);
            out.push(to_diagnostic(src, &e, piece.start, ctx));
        }
    }
    out.sort_by_key(|d| d.span.start);
    out.dedup_by_key(|d| d.span.start);
    out
}

fn first_word(text: &str) -> Option<&str> {
    let t = text.trim_start();
    let end = t
        .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
        .unwrap_or(t.len());
    (end > 0).then(|| &t[..end])
}

/// The first word of the piece holding the error position (for the help text).
fn context_at<'s>(
    src: &'s str,
    pieces: &[Piece],
    err: &pest::error::Error<Rule>,
) -> Option<&'s str> {
    let pos = match err.location {
        pest::error::InputLocation::Pos(p) => p,
        pest::error::InputLocation::Span((s, _)) => s,
    };
    pieces
        .iter()
        .rev()
        .find(|p| p.start <= pos)
        .and_then(|p| first_word(&src[p.start..p.end]))
}

/// Cuts the file into pieces at item and statement boundaries.
fn split(src: &str, toks: &[Token]) -> Vec<Piece> {
    let mut pieces = Vec::new();
    // Top-level chunks.
    let mut starts: Vec<usize> = Vec::new();
    let mut depth: i64 = 0;
    for (i, t) in toks.iter().enumerate() {
        let text = t.text(src);
        if t.kind == TokKind::Word
            && ((depth <= 0 && TOP_KEYWORDS.contains(&text)) || text == kw::WORKFLOW)
            && !is_name_position(src, toks, i)
        {
            starts.push(i);
            depth = 0;
        }
        match text {
            punct::LBRACE => depth += 1,
            punct::RBRACE => depth -= 1,
            _ => {}
        }
    }
    if starts.first() != Some(&0) && !toks.is_empty() {
        starts.insert(0, 0);
    }
    for (k, &s) in starts.iter().enumerate() {
        let e = starts.get(k + 1).copied().unwrap_or(toks.len());
        let start = toks[s].span.start as usize;
        let end = if e < toks.len() {
            toks[e].span.start as usize
        } else {
            src.len()
        };
        let chunk = &toks[s..e];
        if toks[s].text(src) == kw::WORKFLOW {
            // Whole workflows that parse are skipped; the fast path decides most of them
            // (it accepts nothing pest rejects: tests/fast_parser.rs).
            let text = &src[start..end];
            if super::fast::accepts_item(text) || KeelParser::parse(Rule::item_only, text).is_ok() {
                continue;
            }
            split_workflow(src, chunk, end, &mut pieces);
        } else {
            pieces.push(Piece {
                kind: PieceKind::Item,
                start,
                end,
            });
        }
    }
    pieces
}

fn is_name_position(src: &str, toks: &[Token], i: usize) -> bool {
    if i == 0 {
        return false;
    }
    // `test "name" transition {`: the test kind, not a statement.
    let test_kind = i >= 2 && toks[i - 1].kind == TokKind::Str && toks[i - 2].text(src) == kw::TEST;
    test_kind || NAME_POSITIONS.contains(&toks[i - 1].text(src))
}

/// Splits a broken workflow into its head, its statements and its closing brace.
fn split_workflow(src: &str, chunk: &[Token], end: usize, pieces: &mut Vec<Piece>) {
    let Some(open) = chunk.iter().position(|t| t.text(src) == punct::LBRACE) else {
        pieces.push(Piece {
            kind: PieceKind::Item,
            start: chunk[0].span.start as usize,
            end,
        });
        return;
    };
    let body_start = open + 1;
    let head_end = chunk.get(body_start).map_or(end, |t| t.span.start as usize);
    pieces.push(Piece {
        kind: PieceKind::WorkflowHead,
        start: chunk[0].span.start as usize,
        end: head_end,
    });
    let mut depth: i64 = 1;
    let mut stmt_starts: Vec<usize> = Vec::new();
    let mut close: Option<usize> = None;
    for i in body_start..chunk.len() {
        let t = chunk[i];
        let text = t.text(src);
        if t.kind == TokKind::Word && !is_name_position(src, chunk, i) {
            let starts_stmt = (depth == 1 && WF_KEYWORDS.contains(&text))
                || (depth > 1 && WF_ONLY_KEYWORDS.contains(&text));
            if starts_stmt {
                stmt_starts.push(i);
                depth = 1;
            }
        }
        match text {
            punct::LBRACE => depth += 1,
            punct::RBRACE => {
                depth -= 1;
                if depth == 0 {
                    close = Some(i);
                    break;
                }
            }
            _ => {}
        }
    }
    // Junk between `{` and the first statement is a statement of its own.
    if stmt_starts.first() != Some(&body_start) && body_start < close.unwrap_or(chunk.len()) {
        stmt_starts.insert(0, body_start);
    }
    let body_end = close.unwrap_or(chunk.len());
    for (k, &s) in stmt_starts.iter().enumerate() {
        let e = stmt_starts.get(k + 1).copied().unwrap_or(body_end);
        let start = chunk[s].span.start as usize;
        let stop = if e < chunk.len() {
            chunk[e].span.start as usize
        } else {
            end
        };
        pieces.push(Piece {
            kind: PieceKind::WfStmt,
            start,
            end: stop,
        });
    }
    // The closing brace (and anything after it), or the missing one at the end.
    let close_start = close.map_or(end, |c| chunk[c].span.start as usize);
    pieces.push(Piece {
        kind: PieceKind::WorkflowClose,
        start: close_start,
        end,
    });
}

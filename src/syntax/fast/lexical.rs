//! Tokens: blanks and comments, keywords, punctuation, names, strings and the literals
//! (`timestamp`, `percent`, `duration`, `number`, `clock`, `count`, `scalar`, `literal`).

use super::{ident_char, P, R};
use crate::ast::*;
use crate::span::Span;
use crate::syntax::tables::{kw, punct, RESERVED};

impl<'s> P<'s> {
    pub(super) fn ws(&mut self) {
        loop {
            match self.b.get(self.pos) {
                Some(b' ' | b'\t' | b'\r' | b'\n') => self.pos += 1,
                Some(0xEF) if self.b[self.pos..].starts_with("\u{FEFF}".as_bytes()) => {
                    self.pos += 3
                }
                Some(b'/') if self.b.get(self.pos + 1) == Some(&b'/') => {
                    let start = self.pos;
                    while self.pos < self.b.len() && !matches!(self.b[self.pos], b'\n' | b'\r') {
                        self.pos += 1;
                    }
                    self.trivia.push(self.src, Span::new(start, self.pos));
                }
                _ => return,
            }
        }
    }

    /// The end of what was consumed since `start`: `pos` without trailing blanks and
    /// comments (the same trimming the pest lowering applies to rule spans).
    pub(super) fn end_from(&self, start: usize) -> usize {
        let mut end = self.pos;
        loop {
            while end > start && self.b[end - 1].is_ascii_whitespace() {
                end -= 1;
            }
            match self.trivia.comment_ending_at(end) {
                Some(c) if c >= start => end = c,
                _ => return end,
            }
        }
    }

    pub(super) fn at_end(&mut self) -> bool {
        self.ws();
        self.pos >= self.b.len()
    }

    /// A keyword (a word boundary after it), after blanks.
    pub(super) fn kw(&mut self, word: &str) -> R<Span> {
        self.ws();
        let end = self.pos + word.len();
        if self.b.get(self.pos..end) == Some(word.as_bytes())
            && !self.b.get(end).is_some_and(|c| ident_char(*c))
        {
            let s = Span::new(self.pos, end);
            self.pos = end;
            Some(s)
        } else {
            None
        }
    }

    pub(super) fn peek_kw(&mut self, word: &str) -> bool {
        let save = self.pos;
        let r = self.kw(word).is_some();
        self.pos = save;
        r
    }

    pub(super) fn punct(&mut self, s: &str) -> R<Span> {
        self.ws();
        let end = self.pos + s.len();
        if self.b.get(self.pos..end) == Some(s.as_bytes()) {
            let sp = Span::new(self.pos, end);
            self.pos = end;
            Some(sp)
        } else {
            None
        }
    }

    pub(super) fn peek_punct(&mut self, s: &str) -> bool {
        self.ws();
        self.b.get(self.pos..self.pos + s.len()) == Some(s.as_bytes())
    }

    /// `[A-Za-z_][A-Za-z0-9_]*` at the current position (no blanks skipped), not reserved.
    pub(super) fn raw_ident(&mut self) -> R<(usize, usize)> {
        let start = self.pos;
        let first = *self.b.get(start)?;
        if !(first.is_ascii_alphabetic() || first == b'_') {
            return None;
        }
        let mut end = start + 1;
        while self.b.get(end).is_some_and(|c| ident_char(*c)) {
            end += 1;
        }
        if RESERVED.contains(&&self.src[start..end]) {
            return None;
        }
        self.pos = end;
        Some((start, end))
    }

    pub(super) fn ident(&mut self) -> R<Ident> {
        self.ws();
        let (s, e) = self.raw_ident()?;
        Some(Ident {
            name: self.src[s..e].to_string(),
            span: Span::new(s, e),
        })
    }

    /// `ident ("." ident)*` (one token).
    pub(super) fn name(&mut self) -> R<Ident> {
        self.ws();
        let (s, mut e) = self.raw_ident()?;
        while self.b.get(e) == Some(&b'.') {
            self.pos = e + 1;
            match self.raw_ident() {
                Some((_, e2)) => e = e2,
                None => break,
            }
        }
        self.pos = e;
        Some(Ident {
            name: self.src[s..e].to_string(),
            span: Span::new(s, e),
        })
    }

    pub(super) fn digits(&self, mut i: usize) -> usize {
        while self.b.get(i).is_some_and(u8::is_ascii_digit) {
            i += 1;
        }
        i
    }

    pub(super) fn string(&mut self) -> R<Str> {
        self.ws();
        let start = self.pos;
        if self.b.get(start) != Some(&b'"') {
            return None;
        }
        let mut i = start + 1;
        loop {
            match *self.b.get(i)? {
                b'"' => break,
                b'\n' | b'\r' => return None,
                b'\\' => {
                    let next = *self.b.get(i + 1)?;
                    if next == b'\n' || next == b'\r' {
                        return None;
                    }
                    // Skip the escaped character (possibly multi-byte).
                    let ch = self.src[i + 1..].chars().next()?;
                    i += 1 + ch.len_utf8();
                }
                _ => i += 1,
            }
        }
        let end = i + 1;
        self.pos = end;
        let raw = &self.src[start..end];
        let (value, bad) = crate::syntax::unquote(raw);
        Some(Str {
            value,
            span: Span::new(start, end),
            bad_escape: bad.map(|(a, b)| Span::new(start + a, start + b)),
        })
    }

    pub(super) fn lit(&self, kind: LitKind, s: usize, e: usize) -> Literal {
        Literal {
            kind,
            negative: false,
            span: Span::new(s, e),
            bad_escape: None,
        }
    }

    pub(super) fn timestamp(&mut self) -> R<Literal> {
        self.ws();
        let s = self.pos;
        let d = |i: usize| self.b.get(i).is_some_and(u8::is_ascii_digit);
        if !(d(s) && d(s + 1) && d(s + 2) && d(s + 3) && self.b.get(s + 4) == Some(&b'-')) {
            return None;
        }
        let mut i = s + 5;
        let take12 = |i: &mut usize| -> bool {
            if !d(*i) {
                return false;
            }
            *i += 1;
            if d(*i) {
                *i += 1;
            }
            true
        };
        if !take12(&mut i) || self.b.get(i) != Some(&b'-') {
            return None;
        }
        i += 1;
        if !take12(&mut i) {
            return None;
        }
        if matches!(self.b.get(i), Some(b'T' | b't')) {
            i += 1;
            while matches!(
                self.b.get(i),
                Some(b'0'..=b'9' | b':' | b'.' | b'+' | b'-' | b'Z' | b'z')
            ) {
                i += 1;
            }
        }
        self.pos = i;
        Some(self.lit(LitKind::Timestamp(self.src[s..i].to_string()), s, i))
    }

    pub(super) fn number_end(&self, s: usize) -> R<usize> {
        let mut i = self.digits(s);
        if i == s {
            return None;
        }
        if self.b.get(i) == Some(&b'.') && self.b.get(i + 1).is_some_and(u8::is_ascii_digit) {
            i = self.digits(i + 1);
        }
        Some(i)
    }

    pub(super) fn percent(&mut self) -> R<Literal> {
        self.ws();
        let s = self.pos;
        let e = self.number_end(s)?;
        if self.b.get(e) != Some(&b'%') {
            return None;
        }
        self.pos = e + 1;
        Some(self.lit(LitKind::Percent(self.src[s..e].to_string()), s, e + 1))
    }

    pub(super) fn duration(&mut self) -> R<Literal> {
        self.ws();
        let s = self.pos;
        let e = self.digits(s);
        if e == s || !self.b.get(e).is_some_and(u8::is_ascii_alphabetic) {
            return None;
        }
        let mut i = e + 1;
        while self.b.get(i).is_some_and(|c| ident_char(*c)) {
            i += 1;
        }
        self.pos = i;
        Some(self.lit(LitKind::Duration(self.src[s..i].to_string()), s, i))
    }

    pub(super) fn number(&mut self) -> R<Literal> {
        self.ws();
        let s = self.pos;
        let e = self.number_end(s)?;
        if self.b.get(e).is_some_and(|c| ident_char(*c) || *c == b'%') {
            return None;
        }
        self.pos = e;
        Some(self.lit(LitKind::Number(self.src[s..e].to_string()), s, e))
    }

    pub(super) fn clock(&mut self) -> R<Literal> {
        self.ws();
        let s = self.pos;
        let d = |i: usize| self.b.get(i).is_some_and(u8::is_ascii_digit);
        if !d(s) {
            return None;
        }
        let mut i = s + 1;
        if d(i) {
            i += 1;
        }
        if self.b.get(i) != Some(&b':') || !d(i + 1) {
            return None;
        }
        i += 2;
        if d(i) {
            i += 1;
        }
        if self.b.get(i).is_some_and(|c| ident_char(*c)) {
            return None;
        }
        self.pos = i;
        Some(self.lit(LitKind::Clock(self.src[s..i].to_string()), s, i))
    }

    pub(super) fn count(&mut self) -> R<String> {
        self.ws();
        let s = self.pos;
        let e = self.digits(s);
        if e == s || self.b.get(e).is_some_and(|c| ident_char(*c)) {
            return None;
        }
        self.pos = e;
        Some(self.src[s..e].to_string())
    }

    /// `scalar = timestamp | percent | duration | number | string | true | false`
    pub(super) fn scalar(&mut self) -> R<Literal> {
        self.ws();
        let save = self.pos;
        if let Some(l) = self.timestamp() {
            return Some(l);
        }
        self.pos = save;
        if let Some(l) = self.percent() {
            return Some(l);
        }
        self.pos = save;
        if let Some(l) = self.duration() {
            return Some(l);
        }
        self.pos = save;
        if let Some(l) = self.number() {
            return Some(l);
        }
        self.pos = save;
        if self.peek_punct("\"") {
            let s = self.string()?;
            return Some(Literal {
                kind: LitKind::Str(s.value),
                negative: false,
                span: s.span,
                bad_escape: s.bad_escape,
            });
        }
        for (w, v) in [(kw::TRUE, true), (kw::FALSE, false)] {
            if let Some(sp) = self.kw(w) {
                return Some(self.lit(LitKind::Bool(v), sp.start as usize, sp.end as usize));
            }
        }
        None
    }

    /// `literal = minus (percent | duration | number) | scalar | ident`
    pub(super) fn literal(&mut self) -> R<Literal> {
        self.ws();
        let start = self.pos;
        if let Some(_m) = self.punct(punct::MINUS) {
            let save = self.pos;
            let inner = self.percent().or_else(|| {
                self.pos = save;
                self.duration()
            });
            let inner = inner.or_else(|| {
                self.pos = save;
                self.number()
            });
            if let Some(mut l) = inner {
                l.negative = true;
                l.span = Span::new(start, l.span.end as usize);
                return Some(l);
            }
            self.pos = start;
        }
        if let Some(l) = self.scalar() {
            return Some(l);
        }
        self.pos = start;
        let id = self.ident()?;
        Some(Literal {
            kind: LitKind::Ident(id.name),
            negative: false,
            span: id.span,
            bad_escape: None,
        })
    }

    pub(super) fn word(&mut self, choices: &[&str]) -> R<Word> {
        for c in choices {
            if let Some(sp) = self.kw(c) {
                return Some(Word {
                    text: c.to_string(),
                    span: sp,
                });
            }
        }
        None
    }

    /// The word at the next token (after blanks) and where it ends; empty when there is none.
    pub(super) fn next_word(&mut self) -> (&'s str, usize) {
        self.ws();
        let mut end = self.pos;
        while self.b.get(end).is_some_and(|c| ident_char(*c)) {
            end += 1;
        }
        (&self.src[self.pos..end], end)
    }
}

//! Byte spans into one source text, and the line index that turns them into positions.

use serde::Serialize;

/// A half-open byte range `start..end` into one source text.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
pub struct Span {
    pub start: u32,
    pub end: u32,
}

impl Span {
    pub fn new(start: usize, end: usize) -> Span {
        Span {
            start: start as u32,
            end: end.max(start) as u32,
        }
    }

    /// The smallest span covering both.
    pub fn to(self, other: Span) -> Span {
        Span {
            start: self.start.min(other.start),
            end: self.end.max(other.end),
        }
    }

    pub fn offset(self, by: usize) -> Span {
        Span::new(self.start as usize + by, self.end as usize + by)
    }

    pub fn range(self) -> std::ops::Range<usize> {
        self.start as usize..self.end as usize
    }

    pub fn len(self) -> usize {
        (self.end - self.start) as usize
    }

    pub fn is_empty(self) -> bool {
        self.start == self.end
    }

    pub fn contains(self, offset: usize) -> bool {
        (self.start as usize) <= offset && offset <= (self.end as usize)
    }
}

/// A 1-based line and column; the column counts Unicode scalar values.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct LineCol {
    pub line: usize,
    pub column: usize,
}

/// Line starts of a text, for byte offset → line/column conversions (`O(log lines)`).
#[derive(Clone, Debug)]
pub struct LineIndex {
    starts: Vec<usize>,
    /// Built on the first column asked of a long line: counts per block of the text, so that a
    /// column on a line of a megabyte costs one block's scan, not the line's.
    blocks: std::sync::OnceLock<BlockCounts>,
}

/// Chars and UTF-16 units before each [`BLOCK`]-byte block of the text.
#[derive(Clone, Debug)]
struct BlockCounts {
    chars: Vec<u64>,
    units: Vec<u64>,
}

const BLOCK: usize = 1024;

/// Chars in a byte slice of UTF-8 (its bytes that do not continue a sequence).
fn count_chars(b: &[u8]) -> u64 {
    b.iter().filter(|&&x| (x & 0xC0) != 0x80).count() as u64
}

/// UTF-16 units in a byte slice of UTF-8: one per char, two for a four-byte sequence.
fn count_units(b: &[u8]) -> u64 {
    b.iter()
        .map(|&x| u64::from((x & 0xC0) != 0x80) + u64::from(x >= 0xF0))
        .sum()
}

impl LineIndex {
    pub fn new(text: &str) -> LineIndex {
        let mut starts = vec![0];
        let bytes = text.as_bytes();
        for (i, &b) in bytes.iter().enumerate() {
            if b == b'\n' {
                starts.push(i + 1);
            }
        }
        LineIndex {
            starts,
            blocks: std::sync::OnceLock::new(),
        }
    }

    fn blocks(&self, text: &str) -> &BlockCounts {
        self.blocks.get_or_init(|| {
            let mut chars = vec![0];
            let mut units = vec![0];
            for b in text.as_bytes().chunks(BLOCK) {
                chars.push(chars.last().copied().unwrap_or(0) + count_chars(b));
                units.push(units.last().copied().unwrap_or(0) + count_units(b));
            }
            BlockCounts { chars, units }
        })
    }

    /// Chars (or UTF-16 units) in `text[start..end]`, in `O(BLOCK)` however long the range.
    fn count(&self, text: &str, start: usize, end: usize, units: bool) -> usize {
        let bytes = text.as_bytes();
        let f = if units { count_units } else { count_chars };
        if end - start <= 2 * BLOCK {
            return f(&bytes[start..end]) as usize;
        }
        let b = self.blocks(text);
        let table = if units { &b.units } else { &b.chars };
        let upto = |x: usize| table[x / BLOCK] + f(&bytes[x / BLOCK * BLOCK..x]);
        (upto(end) - upto(start)) as usize
    }

    pub fn line_count(&self) -> usize {
        self.starts.len()
    }

    /// 0-based line of a byte offset.
    pub fn line_of(&self, offset: usize) -> usize {
        match self.starts.binary_search(&offset) {
            Ok(i) => i,
            Err(i) => i - 1,
        }
    }

    pub fn line_start(&self, line: usize) -> usize {
        self.starts[line.min(self.starts.len() - 1)]
    }

    /// 1-based line and column (in chars) of a byte offset.
    pub fn line_col(&self, text: &str, offset: usize) -> LineCol {
        let offset = clamp_to_char(text, offset);
        let line = self.line_of(offset);
        let start = self.starts[line];
        let column = self.count(text, start, offset, false) + 1;
        LineCol {
            line: line + 1,
            column,
        }
    }

    /// 0-based line and UTF-16 column of a byte offset (the language server's unit).
    pub fn utf16_position(&self, text: &str, offset: usize) -> (u32, u32) {
        let offset = clamp_to_char(text, offset);
        let line = self.line_of(offset);
        let start = self.starts[line];
        let col = self.count(text, start, offset, true);
        (line as u32, col as u32)
    }

    /// The byte offset of a 0-based line and UTF-16 column; positions past the end of a line
    /// or of the text are clamped to it.
    pub fn offset_of_utf16(&self, text: &str, line: u32, col: u32) -> usize {
        let line = line as usize;
        if line >= self.starts.len() {
            return text.len();
        }
        let start = self.starts[line];
        let end = if line + 1 < self.starts.len() {
            self.starts[line + 1]
        } else {
            text.len()
        };
        let mut units = 0usize;
        for (i, c) in text[start..end].char_indices() {
            if units >= col as usize || c == '\n' || c == '\r' {
                return start + i;
            }
            units += c.len_utf16();
        }
        end
    }
}

/// The largest char boundary at or before `offset`.
pub fn clamp_to_char(text: &str, offset: usize) -> usize {
    let mut o = offset.min(text.len());
    while !text.is_char_boundary(o) {
        o -= 1;
    }
    o
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn positions_count_chars_and_utf16_units() {
        let text = "ab\nç𝄞x\n";
        let idx = LineIndex::new(text);
        let x = text.find('x').unwrap();
        assert_eq!(idx.line_col(text, x), LineCol { line: 2, column: 3 });
        assert_eq!(idx.utf16_position(text, x), (1, 3));
        assert_eq!(idx.offset_of_utf16(text, 1, 3), x);
        assert_eq!(idx.offset_of_utf16(text, 1, 99), text.len() - 1);
        assert_eq!(idx.offset_of_utf16(text, 9, 0), text.len());
    }

    #[test]
    fn long_lines_count_through_blocks() {
        let line: String = "aé𝄞".repeat(3000);
        let text = format!("x\n{line}\nz");
        let idx = LineIndex::new(&text);
        for (i, _) in line.char_indices().step_by(97) {
            let offset = 2 + i;
            let prefix = &line[..i];
            assert_eq!(
                idx.line_col(&text, offset),
                LineCol {
                    line: 2,
                    column: prefix.chars().count() + 1
                }
            );
            let units: usize = prefix.chars().map(char::len_utf16).sum();
            assert_eq!(idx.utf16_position(&text, offset), (1, units as u32));
        }
    }
}

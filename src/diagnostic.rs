//! Diagnostics as the analyses produce them: a code, a message, a primary span with its
//! label, secondary labels and help. Positions are byte spans; emitters turn them into
//! lines and columns.

use crate::codes;
use crate::span::Span;

pub use crate::severity::Severity;

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Label {
    pub span: Span,
    pub message: String,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Diagnostic {
    /// `K001` ... `K702`.
    pub code: &'static str,
    pub severity: Severity,
    pub message: String,
    /// Where the primary label points (`line`/`column` in the JSON output).
    pub span: Span,
    /// The text of the primary label.
    pub label: String,
    /// Secondary labels, in the order they should be read.
    pub labels: Vec<Label>,
    /// Borrowed when it is a constant text (a rule may report thousands of findings).
    pub help: Option<std::borrow::Cow<'static, str>>,
    /// The workflow id (`NAME_vN`) the finding belongs to, if any.
    pub workflow: Option<String>,
    /// The severity is fixed: neither the environment nor keel.toml changes it (K006 on a
    /// directive naming a control).
    pub pinned: bool,
}

impl Diagnostic {
    /// A diagnostic with the code's default severity.
    pub fn new(code: &'static str, span: Span, message: impl Into<String>) -> Diagnostic {
        let info = codes::info(code);
        Diagnostic {
            code,
            severity: info.map_or(Severity::Error, |i| i.severity),
            message: message.into(),
            span,
            label: String::new(),
            labels: Vec::new(),
            help: None,
            workflow: None,
            pinned: false,
        }
    }

    /// Fixes the severity as it is now (see [`Diagnostic::pinned`]).
    pub fn pin(mut self, severity: Severity) -> Self {
        self.severity = severity;
        self.pinned = true;
        self
    }

    pub fn label(mut self, text: impl Into<String>) -> Self {
        self.label = text.into();
        self
    }

    pub fn with_label(mut self, span: Span, text: impl Into<String>) -> Self {
        self.labels.push(Label {
            span,
            message: text.into(),
        });
        self
    }

    pub fn help(mut self, text: impl Into<std::borrow::Cow<'static, str>>) -> Self {
        self.help = Some(text.into());
        self
    }

    pub fn maybe_help(mut self, text: Option<String>) -> Self {
        if text.is_some() {
            self.help = text.map(Into::into);
        }
        self
    }

    pub fn in_workflow(mut self, id: &str) -> Self {
        self.workflow = Some(id.to_string());
        self
    }

    pub fn severity(mut self, s: Severity) -> Self {
        self.severity = s;
        self
    }

    /// The message with the help on its own line after it (`help: ...`), for outputs that carry
    /// one text per finding (SARIF, GitHub annotations, the language server).
    pub fn message_with_help(&self) -> String {
        match &self.help {
            Some(h) => format!("{}\nhelp: {h}", self.message),
            None => self.message.clone(),
        }
    }

    /// The rule's kebab-case name (`unknown-name`).
    pub fn name(&self) -> &'static str {
        codes::info(self.code).map_or("", |i| i.name)
    }

    /// Sort key: position first, then code, so output order is stable.
    pub fn sort_key(&self) -> (u32, u32, &'static str, &str) {
        (self.span.start, self.span.end, self.code, &self.message)
    }
}

/// "a", "a or b", "a, b or c".
pub fn one_of(items: &[String]) -> String {
    match items.len() {
        0 => String::new(),
        1 => items[0].clone(),
        n => format!("{} or {}", items[..n - 1].join(", "), items[n - 1]),
    }
}

/// "a", "a and b", "a, b and c".
pub fn all_of(items: &[String]) -> String {
    match items.len() {
        0 => String::new(),
        1 => items[0].clone(),
        n => format!("{} and {}", items[..n - 1].join(", "), items[n - 1]),
    }
}

/// Levenshtein distance (for "did you mean" suggestions).
pub fn edit_distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    let mut cur = vec![0; b.len() + 1];
    for i in 1..=a.len() {
        cur[0] = i;
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            cur[j] = (prev[j] + 1).min(cur[j - 1] + 1).min(prev[j - 1] + cost);
        }
        std::mem::swap(&mut prev, &mut cur);
    }
    prev[b.len()]
}

/// The closest candidate to `name`, if it is close enough to be a plausible typo.
/// Ties go to the candidate that sorts first, so suggestions are deterministic.
pub fn suggest<'a>(name: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<String> {
    let limit = (name.chars().count() / 3).clamp(1, 3);
    let lname = name.to_lowercase();
    let mut best: Option<(usize, &str)> = None;
    for c in candidates {
        if c == name {
            continue;
        }
        let d = if c.to_lowercase() == lname {
            0
        } else {
            edit_distance(name, c)
        };
        // Also accept a candidate whose last segment matches (`set_state` ~ `kyc.set_status`).
        let seg = c.rsplit('.').next().unwrap_or(c);
        let d = if seg != c {
            d.min(edit_distance(name, seg) + 1)
        } else {
            d
        };
        if d <= limit && best.is_none_or(|(bd, bc)| d < bd || (d == bd && c < bc)) {
            best = Some((d, c));
        }
    }
    best.map(|(_, c)| c.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggestions_pick_the_nearest_plausible_name() {
        let names = ["kyc.set_status", "kyc.screen_aml", "notify.email"];
        assert_eq!(
            suggest("kyc.set_state", names).as_deref(),
            Some("kyc.set_status")
        );
        assert_eq!(suggest("payments.refund", names), None);
        assert_eq!(edit_distance("kitten", "sitting"), 3);
    }

    #[test]
    fn lists_read_as_english() {
        let v = |xs: &[&str]| xs.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        assert_eq!(one_of(&v(&["a", "b", "c"])), "a, b or c");
        assert_eq!(all_of(&v(&["a", "b"])), "a and b");
    }
}

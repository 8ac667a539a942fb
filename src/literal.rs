//! Literal validation (K005): numbers, percents, durations, RFC 3339 timestamps with real
//! calendar checks, clock times, day names, IANA time zones (from the tz database bundled
//! into the binary, never the host's) and content digests.

use rust_decimal::Decimal;
use std::str::FromStr;

/// The most significant digits a number literal may have: every such number is published
/// exactly as a JSON number (a double reads it back digit for digit).
pub const MAX_SIGNIFICANT_DIGITS: usize = 15;

/// Significant digits of `[0-9]+(\.[0-9]+)?`, from the first to the last non-zero digit.
pub fn significant_digits(digits: &str) -> usize {
    let d: Vec<u8> = digits.bytes().filter(u8::is_ascii_digit).collect();
    match (
        d.iter().position(|b| *b != b'0'),
        d.iter().rposition(|b| *b != b'0'),
    ) {
        (Some(a), Some(b)) => b - a + 1,
        _ => 0,
    }
}

/// Parses `[0-9]+(\.[0-9]+)?` exactly, with at most 15 significant digits.
pub fn number(digits: &str, negative: bool) -> Result<Decimal, String> {
    let n = significant_digits(digits);
    if n > MAX_SIGNIFICANT_DIGITS {
        return Err(format!(
            "`{digits}` has {n} significant digits; at most {MAX_SIGNIFICANT_DIGITS} can be published exactly"
        ));
    }
    let d = Decimal::from_str(digits).map_err(|_| format!("`{digits}` is out of range"))?;
    Ok(if negative { -d } else { d })
}

/// A percentage `0..=100` (`5` for `5%`).
pub fn percent(digits: &str) -> Result<Decimal, String> {
    let d = number(digits, false)?;
    if d > Decimal::ONE_HUNDRED {
        return Err(format!("`{digits}%` is above 100%"));
    }
    Ok(d)
}

/// Seconds in a duration such as `15m`. Units: `s`, `m`, `h`, `d`.
pub fn duration(text: &str) -> Result<u64, String> {
    let split = text
        .find(|c: char| !c.is_ascii_digit())
        .unwrap_or(text.len());
    let (digits, unit) = text.split_at(split);
    let scale: u64 = match unit {
        "s" => 1,
        "m" => 60,
        "h" => 3600,
        "d" => 86_400,
        _ => {
            return Err(format!(
                "`{text}` has an unknown unit `{unit}`; durations end in s, m, h or d"
            ))
        }
    };
    let n: u64 = digits
        .parse()
        .map_err(|_| format!("`{text}` is out of range"))?;
    let secs = n
        .checked_mul(scale)
        .filter(|s| *s <= 100 * 365 * 86_400)
        .ok_or_else(|| format!("`{text}` is out of range (at most 100 years)"))?;
    Ok(secs)
}

/// Writes seconds back as the largest exact unit (`900` → `15m`).
pub fn format_duration(secs: u64) -> String {
    if secs != 0 && secs.is_multiple_of(86_400) && secs >= 4 * 86_400 {
        format!("{}d", secs / 86_400)
    } else if secs != 0 && secs.is_multiple_of(3600) {
        format!("{}h", secs / 3600)
    } else if secs != 0 && secs.is_multiple_of(60) {
        format!("{}m", secs / 60)
    } else {
        format!("{secs}s")
    }
}

/// An RFC 3339 timestamp with seconds and a zone (`Z` or `±HH:MM`), checked against the
/// calendar.
pub fn timestamp(text: &str) -> Result<jiff::Timestamp, String> {
    let b = text.as_bytes();
    let digit = |i: usize| b.get(i).is_some_and(u8::is_ascii_digit);
    let shape_ok = b.len() >= 20
        && (0..4).all(digit)
        && b[4] == b'-'
        && digit(5)
        && digit(6)
        && b[7] == b'-'
        && digit(8)
        && digit(9)
        && (b[10] == b'T' || b[10] == b't')
        && digit(11)
        && digit(12)
        && b[13] == b':'
        && digit(14)
        && digit(15)
        && b[16] == b':'
        && digit(17)
        && digit(18);
    if !shape_ok {
        return Err(format!(
            "`{text}` is not an RFC 3339 timestamp with seconds and a zone, such as 2026-11-20T10:00:00Z"
        ));
    }
    let mut i = 19;
    if b.get(i) == Some(&b'.') {
        i += 1;
        let s = i;
        while digit(i) {
            i += 1;
        }
        if i == s {
            return Err(format!("`{text}` has an empty fraction of a second"));
        }
    }
    let zone = &text[i..];
    let zone_ok = zone == "Z"
        || zone == "z"
        || (zone.len() == 6
            && (zone.starts_with('+') || zone.starts_with('-'))
            && zone.as_bytes()[3] == b':'
            && [1, 2, 4, 5]
                .iter()
                .all(|&k| zone.as_bytes()[k].is_ascii_digit()));
    if !zone_ok {
        return Err(format!(
            "`{text}` needs a zone: `Z` or an offset such as `+02:00`"
        ));
    }
    if zone.len() == 6 {
        let h: u32 = zone[1..3].parse().unwrap_or(99);
        let m: u32 = zone[4..6].parse().unwrap_or(99);
        if h > 23 || m > 59 {
            return Err(format!("`{text}` has an impossible offset `{zone}`"));
        }
    }
    let (y, mo, d): (i16, i8, i8) = (
        text[0..4].parse().unwrap_or(0),
        text[5..7].parse().unwrap_or(0),
        text[8..10].parse().unwrap_or(0),
    );
    let (h, mi, s): (i8, i8, i8) = (
        text[11..13].parse().unwrap_or(99),
        text[14..16].parse().unwrap_or(99),
        text[17..19].parse().unwrap_or(99),
    );
    if jiff::civil::Date::new(y, mo, d).is_err() {
        return Err(format!(
            "`{text}` is not a date on the calendar ({y:04}-{mo:02}-{d:02} does not exist)"
        ));
    }
    if h > 23 || mi > 59 || s > 60 {
        return Err(format!("`{text}` has an impossible time of day"));
    }
    let normal = text.replace('t', "T").replace('z', "Z");
    jiff::Timestamp::from_str(&normal)
        .map_err(|e| format!("`{text}` is not a valid timestamp: {e}"))
}

/// A 24-hour clock time `HH:MM`, as minutes after midnight.
pub fn clock(text: &str) -> Result<u16, String> {
    let ok_shape = text.len() == 5 && text.as_bytes()[2] == b':';
    let h: u16 = text.get(0..2).and_then(|s| s.parse().ok()).unwrap_or(99);
    let m: u16 = text.get(3..5).and_then(|s| s.parse().ok()).unwrap_or(99);
    if !ok_shape || h > 23 || m > 59 {
        return Err(format!(
            "`{text}` is not a 24-hour clock time `HH:MM` (00:00 to 23:59)"
        ));
    }
    Ok(h * 60 + m)
}

pub fn format_clock(minutes: u16) -> String {
    format!("{:02}:{:02}", minutes / 60, minutes % 60)
}

pub const DAYS: [&str; 7] = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];

/// A day name, as 0 (Mon) to 6 (Sun).
pub fn day(text: &str) -> Result<u8, String> {
    DAYS.iter()
        .position(|d| *d == text)
        .map(|i| i as u8)
        .ok_or_else(|| format!("`{text}` is not a day; use Mon, Tue, Wed, Thu, Fri, Sat or Sun"))
}

/// An IANA time zone name, looked up in the bundled tz database.
pub fn time_zone(name: &str) -> Result<jiff::tz::TimeZone, String> {
    jiff::tz::db().get(name).map_err(|_| {
        format!("`{name}` is not an IANA time zone (for example \"Europe/London\" or \"UTC\")")
    })
}

/// IANA zone names close to `name` (for help).
pub fn suggest_zone(name: &str) -> Option<String> {
    let names: Vec<String> = jiff::tz::db().available().map(|n| n.to_string()).collect();
    crate::diagnostic::suggest(name, names.iter().map(String::as_str))
}

/// `sha256:` followed by 64 lowercase hex digits.
pub fn digest(text: &str) -> Result<(), String> {
    let ok = text.strip_prefix("sha256:").is_some_and(|h| {
        h.len() == 64 && h.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f'))
    });
    if ok {
        Ok(())
    } else {
        Err(format!(
            "`{text}` is not a content digest (`sha256:` and 64 lowercase hex digits, as `keel digest` prints)"
        ))
    }
}

/// Writes a string literal with the escapes Keel knows.
pub fn quote(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

#[cfg(test)]
mod number_tests {
    #[test]
    fn at_most_fifteen_significant_digits() {
        assert_eq!(super::significant_digits("1000000.0000000001"), 17);
        assert_eq!(super::significant_digits("0005000.000"), 1);
        assert_eq!(super::significant_digits("0.000123"), 3);
        assert_eq!(super::significant_digits("0"), 0);
        assert!(super::number("123456789012345", false).is_ok());
        assert!(super::number("1234567890123456", false).is_err());
        assert!(super::number("1000000.0000000001", false)
            .unwrap_err()
            .contains("17 significant digits"));
        assert!(super::number("100000000000000000000", false).is_ok());
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn timestamps_are_checked_against_the_calendar() {
        assert!(timestamp("2026-11-20T10:00:00Z").is_ok());
        assert!(timestamp("2026-11-20T10:00:00.5+02:00").is_ok());
        assert!(timestamp("2024-02-29T00:00:00Z").is_ok());
        assert!(timestamp("2026-02-29T00:00:00Z")
            .unwrap_err()
            .contains("calendar"));
        assert!(timestamp("2026-04-31T00:00:00Z").is_err());
        assert!(timestamp("2026-11-20T24:00:00Z").is_err());
        assert!(timestamp("2026-11-20T10:00Z").is_err());
        assert!(timestamp("2026-11-20T10:00:00")
            .unwrap_err()
            .contains("zone"));
        assert!(timestamp("2026-11-20T10:00:00+25:00").is_err());
    }

    #[test]
    fn durations_percents_clocks_zones_digests() {
        assert_eq!(duration("15m"), Ok(900));
        assert_eq!(duration("2d"), Ok(172_800));
        assert!(duration("15min").is_err());
        assert!(duration("99999999999999999999d").is_err());
        assert_eq!(format_duration(900), "15m");
        assert_eq!(format_duration(90), "90s");
        assert!(percent("100").is_ok());
        assert!(percent("100.5").is_err());
        assert_eq!(clock("22:00"), Ok(1320));
        assert!(clock("24:00").is_err());
        assert!(clock("7:00").is_err());
        assert!(time_zone("Europe/London").is_ok());
        assert!(time_zone("UTC").is_ok());
        assert!(time_zone("Europe/Londres").is_err());
        assert_eq!(
            suggest_zone("Europe/Londn").as_deref(),
            Some("Europe/London")
        );
        assert!(digest(&format!("sha256:{}", "a".repeat(64))).is_ok());
        assert!(digest("sha256:ABC").is_err());
        assert!(number("12345678901234567890123456789012", false).is_err());
        assert_eq!(day("Thu"), Ok(3));
    }
}

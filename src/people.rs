//! People (LANGUAGE.md §8): person names are compared by identity key, and a name that could
//! pass for someone else's is refused.
//!
//! The identity key of a name is its Unicode NFKC form, case folded, with surrounding
//! whitespace trimmed, then reduced to its UTS #39 confusable skeleton: `T.Nguyen`,
//! `t.nguyen ` and an all-Cyrillic look-alike of `t.nguyen` are one person. A name with a
//! control or format character (Unicode Cc or Cf; ZWJ and ZWNJ only after a virama, RFC 5892
//! CONTEXTJ) or with letters of more than one script (UTS #39 §5.1, Script_Extensions, Common
//! and Inherited ignored) is invalid: K005 in a file, refused by `keel approve --by`.

use unicode_normalization::UnicodeNormalization;
use unicode_security::confusable_detection::skeleton;
use unicode_security::mixed_script::MixedScript;

/// The identity key of a person name.
pub fn identity_key(name: &str) -> String {
    let folded = caseless::default_case_fold_str(&name.nfkc().collect::<String>());
    // Folding can denormalize; NFKC again so that the key is stable.
    let normal: String = folded.nfkc().collect();
    skeleton(normal.trim()).collect()
}

/// Whether two person names are one person. Identity keys are remembered per thread: the
/// same few names recur in every workflow of a repository.
pub fn same_person(a: &str, b: &str) -> bool {
    thread_local! {
        static KEYS: std::cell::RefCell<std::collections::HashMap<String, String>> =
            std::cell::RefCell::new(std::collections::HashMap::new());
    }
    if a == b {
        return true;
    }
    KEYS.with(|cell| {
        let mut keys = cell.borrow_mut();
        if keys.len() > 4096 {
            keys.clear();
        }
        for n in [a, b] {
            if !keys.contains_key(n) {
                keys.insert(n.to_string(), identity_key(n));
            }
        }
        keys[a] == keys[b]
    })
}

/// Why a person name is not acceptable, if it is not: a control or format character, or
/// letters of more than one script.
pub fn check_name(name: &str) -> Result<(), String> {
    if name.trim().is_empty() {
        return Err("a person name cannot be empty".to_string());
    }
    // Printable ASCII is Latin and Common only, without control or format characters.
    if name.bytes().all(|b| (0x20..0x7f).contains(&b)) {
        return Ok(());
    }
    let chars: Vec<char> = name.chars().collect();
    for (i, &c) in chars.iter().enumerate() {
        let joiner = c == '\u{200C}' || c == '\u{200D}';
        if joiner {
            // RFC 5892 CONTEXTJ: allowed right after a virama (canonical combining class 9).
            let after_virama =
                i > 0 && unicode_normalization::char::canonical_combining_class(chars[i - 1]) == 9;
            if after_virama {
                continue;
            }
        }
        if c.is_control() || is_format(c) {
            return Err(format!(
                "the name contains the invisible character U+{:04X} ({})",
                c as u32,
                if c.is_control() {
                    "a control character"
                } else {
                    "a format character"
                }
            ));
        }
    }
    if !name.is_single_script() {
        return Err(
            "the name mixes letters of more than one script (it could pass for someone else's)"
                .to_string(),
        );
    }
    Ok(())
}

/// Unicode general category Cf (Format), Unicode 15.1.
fn is_format(c: char) -> bool {
    matches!(c as u32,
        0x00AD
        | 0x0600..=0x0605
        | 0x061C
        | 0x06DD
        | 0x070F
        | 0x0890..=0x0891
        | 0x08E2
        | 0x180E
        | 0x200B..=0x200F
        | 0x202A..=0x202E
        | 0x2060..=0x2064
        | 0x2066..=0x206F
        | 0xFEFF
        | 0xFFF9..=0xFFFB
        | 0x110BD
        | 0x110CD
        | 0x13430..=0x1343F
        | 0x1BCA0..=0x1BCA3
        | 0x1D173..=0x1D17A
        | 0xE0001
        | 0xE0020..=0xE007F)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn case_spacing_and_compatibility_forms_are_one_person() {
        assert!(same_person("T.Nguyen", "t.nguyen"));
        assert!(same_person(" t.nguyen ", "t.nguyen"));
        // Fullwidth letters are NFKC-equal to ASCII.
        assert!(same_person("\u{FF54}.nguyen", "t.nguyen"));
        assert!(!same_person("t.nguyen", "t.nguyem"));
    }

    #[test]
    fn confusable_look_alikes_are_one_person() {
        // All-Cyrillic `с.lее` (U+0441, U+0435) looks like `c.lee`.
        let cyrillic = "\u{0441}.l\u{0435}\u{0435}";
        assert!(same_person(cyrillic, "c.lee"));
    }

    #[test]
    fn invisible_and_mixed_script_names_are_refused() {
        assert!(check_name("t.nguyen").is_ok());
        assert!(check_name("Zoë Müller").is_ok());
        assert!(check_name("山田太郎").is_ok());
        assert!(check_name("t.nguyen\u{200B}")
            .unwrap_err()
            .contains("U+200B"));
        assert!(check_name("t.ng\u{00AD}uyen").is_err());
        assert!(check_name("a\u{0007}").is_err());
        // Latin `c.l` with Cyrillic `ее`.
        assert!(check_name("c.l\u{0435}\u{0435}").is_err());
        assert!(check_name("  ").is_err());
        // ZWJ after a virama is allowed (RFC 5892 CONTEXTJ), elsewhere not.
        assert!(check_name("\u{0915}\u{094D}\u{200D}\u{0937}").is_ok());
        assert!(check_name("ab\u{200D}c").is_err());
    }
}

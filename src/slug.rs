//! Stable identifiers: slugs of names and short content hashes, independent of ingest order.

use sha2::{Digest, Sha256};
use unicode_normalization::UnicodeNormalization;

/// Lower-case ASCII slug: NFKD, accents dropped, runs of anything else become one `-`,
/// capped at 60 characters. May be empty for names with no Latin letters or digits.
pub fn slugify(name: &str) -> String {
    let mut out = String::new();
    let mut dash = false;
    for c in name.nfkd() {
        if c.is_ascii_alphanumeric() {
            if dash && !out.is_empty() {
                out.push('-');
            }
            dash = false;
            out.push(c.to_ascii_lowercase());
        } else if unicode_normalization::char::is_combining_mark(c) {
            continue;
        } else {
            dash = true;
        }
        if out.len() >= 60 {
            break;
        }
    }
    out.trim_end_matches('-').to_string()
}

/// The first `n` hex digits of SHA-256 over the parts joined by a unit separator.
pub fn short_hash(parts: &[&str], n: usize) -> String {
    let mut h = Sha256::new();
    for (i, p) in parts.iter().enumerate() {
        if i > 0 {
            h.update([0x1f]);
        }
        h.update(p.as_bytes());
    }
    let digest = h.finalize();
    let hex: String = digest.iter().map(|b| format!("{b:02x}")).collect();
    hex[..n.min(hex.len())].to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs() {
        assert_eq!(slugify("Ghassan Salamé"), "ghassan-salame");
        assert_eq!(slugify("U.N. Mission in Libya"), "u-n-mission-in-libya");
        assert_eq!(slugify("  al-Asabaa "), "al-asabaa");
        assert_eq!(slugify("حفتر"), "");
    }

    #[test]
    fn hashes_are_stable_and_separated() {
        assert_eq!(short_hash(&["a", "b"], 12), short_hash(&["a", "b"], 12));
        assert_ne!(short_hash(&["ab", ""], 12), short_hash(&["a", "b"], 12));
        assert_eq!(short_hash(&["x"], 8).len(), 8);
    }
}

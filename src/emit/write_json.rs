//! JSON text written by hand where serde's generic path costs too much (a
//! SARIF result per finding): strings escaped exactly as serde_json escapes
//! them, and integers.

/// Appends the JSON string of `parts` joined, escaped as serde_json
/// escapes: `"` and `\`, the short forms `\b \t \n \f \r`, other control
/// characters as `\u00xx`; everything else as it is.
pub fn string(buf: &mut Vec<u8>, parts: &[&str]) {
    buf.push(b'"');
    for part in parts {
        let bytes = part.as_bytes();
        let mut from = 0;
        for (at, &b) in bytes.iter().enumerate() {
            if b >= 0x20 && b != b'"' && b != b'\\' {
                continue;
            }
            buf.extend_from_slice(&bytes[from..at]);
            from = at + 1;
            let short = match b {
                b'"' => b'"',
                b'\\' => b'\\',
                0x08 => b'b',
                b'\t' => b't',
                b'\n' => b'n',
                0x0c => b'f',
                b'\r' => b'r',
                _ => {
                    const HEX: &[u8; 16] = b"0123456789abcdef";
                    buf.extend_from_slice(b"\\u00");
                    buf.extend_from_slice(&[HEX[usize::from(b >> 4)], HEX[usize::from(b & 0xf)]]);
                    continue;
                }
            };
            buf.extend_from_slice(&[b'\\', short]);
        }
        buf.extend_from_slice(&bytes[from..]);
    }
    buf.push(b'"');
}

/// Appends `n` in decimal.
pub fn number(buf: &mut Vec<u8>, n: usize) {
    buf.extend_from_slice(itoa::Buffer::new().format(n).as_bytes());
}

#[cfg(test)]
mod tests {
    use super::*;

    fn written(parts: &[&str]) -> String {
        let mut buf = Vec::new();
        string(&mut buf, parts);
        String::from_utf8(buf).expect("UTF-8")
    }

    #[test]
    fn control_characters_quotes_and_backslashes_are_escaped() {
        assert_eq!(
            written(&["a\"b\\c\u{1}\u{1f}\u{7f}é\n"]),
            r#""a\"b\\c\u0001\u001f"#.to_string() + "\u{7f}é\\n\""
        );
        assert_eq!(written(&["x", " (", "y\t", ")"]), "\"x (y\\t)\"");
    }

    proptest::proptest! {
        /// The same text as serde_json writes, for any string, in parts.
        #[test]
        fn strings_are_written_as_serde_json_writes_them(
            text in "[\\x00-\\x7fé€😀]{0,40}",
            cut in 0usize..41,
        ) {
            let cut = (0..=cut.min(text.len())).rev().find(|&c| text.is_char_boundary(c)).unwrap_or(0);
            let expected = serde_json::to_string(&text).expect("a string serialises");
            proptest::prop_assert_eq!(written(&[&text[..cut], &text[cut..]]), expected);
        }

        #[test]
        fn numbers_are_written_in_decimal(n in proptest::num::usize::ANY) {
            let mut buf = Vec::new();
            number(&mut buf, n);
            proptest::prop_assert_eq!(buf, n.to_string().into_bytes());
        }
    }
}

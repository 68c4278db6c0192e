//! The tests of reading sources: encodings, limits, line starts.

use super::*;

#[test]
fn line_col_counts_characters_not_bytes() {
    let src = SourceFile::new("a.txt", "héllo\n中文 web\r\nlast");
    assert_eq!(src.line_col(0), LineCol { line: 1, column: 1 });
    let web = src.text.find("web").unwrap();
    assert_eq!(src.line_col(web), LineCol { line: 2, column: 4 });
    let last = src.text.find("last").unwrap();
    assert_eq!(src.line_col(last), LineCol { line: 3, column: 1 });
    assert_eq!(src.offset_of(LineCol { line: 2, column: 4 }), Some(web));
}

#[test]
fn columns_on_very_long_lines() {
    let line = "é".repeat(5000) + "target";
    let src = SourceFile::new("a.txt", format!("first\n{line}"));
    let at = src.text.find("target").unwrap();
    assert_eq!(
        src.line_col(at),
        LineCol {
            line: 2,
            column: 5001
        }
    );
    assert_eq!(
        src.offset_of(LineCol {
            line: 2,
            column: 5001
        }),
        Some(at)
    );
}

#[test]
fn cr_only_and_mixed_line_endings() {
    let src = SourceFile::new("a.txt", "one\rtwo\r\nthree\nfour");
    let lines: Vec<&str> = (0..src.line_count())
        .map(|l| src.slice(src.line_span(l)))
        .collect();
    assert_eq!(lines, ["one", "two", "three", "four"]);
    let four = src.text.find("four").unwrap();
    assert_eq!(src.line_col(four), LineCol { line: 4, column: 1 });
}

#[test]
fn utf16_with_bom_is_decoded_and_written_back_the_same() {
    for (bom, le) in [(&b"\xFF\xFE"[..], true), (&b"\xFE\xFF"[..], false)] {
        let mut bytes = bom.to_vec();
        for unit in "Tianjin 中文\n".encode_utf16() {
            bytes.extend_from_slice(&if le {
                unit.to_le_bytes()
            } else {
                unit.to_be_bytes()
            });
        }
        let Ok(Loaded::Text(src)) = SourceFile::from_bytes(Path::new("u.txt"), bytes.clone())
        else {
            panic!("UTF-16 decodes")
        };
        assert_eq!(src.text, "Tianjin 中文\n");
        assert_eq!(src.to_bytes(), bytes);
    }
    // Regression (found by fuzzing `decode`): a second BOM after the first
    // is a character of the text; it was dropped, so writing the file
    // back lost two bytes.
    let twice = b"\xFE\xFF\xFE\xFF\x00A".to_vec();
    let Ok(Loaded::Text(src)) = SourceFile::from_bytes(Path::new("u.txt"), twice.clone()) else {
        panic!("UTF-16 decodes")
    };
    assert_eq!(src.text, "\u{feff}A");
    assert_eq!(src.to_bytes(), twice);
    // Regression (found by fuzzing `decode`): an odd trailing byte after a
    // high surrogate was decoded as part of a character.
    let odd = SourceFile::from_bytes(Path::new("u.txt"), b"\xFF\xFE\x00\xD9\x43".to_vec());
    assert!(matches!(odd, Err(SourceError::InvalidUtf16 { offset: 4 })));
    let bad = SourceFile::from_bytes(Path::new("u.txt"), b"\xFF\xFEa\x00\x00\xDC".to_vec());
    assert!(matches!(bad, Err(SourceError::InvalidUtf16 { offset: 4 })));
}

#[test]
fn crlf_line_end_excludes_carriage_return() {
    let src = SourceFile::new("a.txt", "one\r\ntwo\r\n");
    assert_eq!(src.slice(src.line_span(0)), "one");
    assert_eq!(src.slice(src.line_span(1)), "two");
}

#[test]
fn bom_is_stripped_and_remembered() {
    let loaded = SourceFile::from_bytes(Path::new("b.txt"), b"\xEF\xBB\xBFhi".to_vec());
    let Ok(Loaded::Text(src)) = loaded else {
        panic!("expected text")
    };
    assert_eq!(src.text, "hi");
    assert_eq!(src.bom_len, 3);
    assert_eq!(src.disk_offset(1), 4);
}

#[test]
fn invalid_utf8_reports_offset() {
    let err = SourceFile::from_bytes(Path::new("c.txt"), b"ok \xFF no".to_vec());
    assert!(matches!(err, Err(SourceError::InvalidUtf8 { offset: 3 })));
}

#[test]
fn nul_bytes_mean_binary() {
    let loaded = SourceFile::from_bytes(Path::new("d.bin"), b"PK\0\x03".to_vec());
    assert!(matches!(loaded, Ok(Loaded::Binary)));
}

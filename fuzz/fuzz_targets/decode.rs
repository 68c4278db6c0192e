//! Fuzz decoding of raw bytes (UTF-8, UTF-8 with BOM, UTF-16, binary): an
//! error or a source, never a panic; decoded sources round-trip to bytes.
#![no_main]

use galley::source::{Loaded, SourceFile};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|bytes: &[u8]| {
    if let Ok(Loaded::Text(source)) = SourceFile::from_bytes(std::path::Path::new("fuzz"), bytes.to_vec()) {
        assert_eq!(source.to_bytes(), bytes, "decoding then encoding gives the file back");
        for line in 0..source.line_count() {
            let _ = source.line_span(line);
        }
    }
});

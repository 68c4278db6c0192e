//! Fuzz reading a .docx: any bytes give a text or an error (a zip that is
//! not a .docx, broken XML, a part past the size limit), never a panic, and
//! what is read stays within the limit.
#![no_main]

use galley::document::{ArticleSettings, Document, Format};
use galley::source::{Loaded, SourceError};
use libfuzzer_sys::fuzz_target;

const LIMIT: u64 = 1 << 16;

fuzz_target!(|bytes: &[u8]| {
    match Format::DOCX.load(std::path::Path::new("fuzz.docx"), bytes.to_vec(), Some(LIMIT)) {
        Ok(Loaded::Text(source)) => {
            assert!(source.text.len() as u64 <= LIMIT, "the text of a part within the limit");
            let doc = Document::parse(&source, Format::DOCX, &ArticleSettings::default());
            for block in &doc.blocks {
                assert!(block.span.end <= source.text.len());
            }
        }
        Ok(Loaded::Binary) | Err(SourceError::Malformed(_) | SourceError::TooLarge { .. }) => {}
        Err(other) => panic!("unexpected error: {other}"),
    }
});

//! Fuzz the HTML parser: any text parses, and every block's span lies
//! inside the text on character boundaries.
#![no_main]

use galley::document::ArticleSettings;
use galley::document::{Document, Format};
use galley::source::SourceFile;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|text: &str| {
    let source = SourceFile::new("fuzz.html", text);
    let doc = Document::parse(&source, Format::HTML, &ArticleSettings::default());
    for block in &doc.blocks {
        assert!(block.span.end <= source.text.len());
        assert!(source.text.is_char_boundary(block.span.start) && source.text.is_char_boundary(block.span.end));
    }
});

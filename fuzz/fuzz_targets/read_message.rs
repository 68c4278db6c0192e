//! Fuzz the language server's message reader: any bytes on standard input
//! (headers, lengths, bodies, JSON, ranged changes applied to a text with
//! surrogate pairs and CRLF) are read to the end or to an error, never a
//! panic, and a body over the limit is skipped without being allocated.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|bytes: &[u8]| {
    // A small limit, so that skipping a message too large is reached.
    let _ = galley::lsp::read_messages(bytes, 4096);
});

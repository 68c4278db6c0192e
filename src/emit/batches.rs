//! Rendering a report with many findings on several threads: the findings
//! are taken a batch at a time, each batch is cut into one part per thread,
//! each part is rendered into a buffer of its own, and the buffers are
//! written in order. The output is byte for byte what one thread writes, and
//! only one batch of it is held in memory.

use std::io;

/// Reports with fewer findings are rendered on the calling thread: starting
/// threads would cost more than it saves.
const PARALLEL_FROM: usize = 1024;

/// Findings per batch.
const BATCH: usize = 8192;

/// How many threads to render `count` findings on; 1 means the caller
/// renders them itself.
pub(super) fn threads_for(count: usize) -> usize {
    if count < PARALLEL_FROM {
        return 1;
    }
    std::thread::available_parallelism().map_or(1, |n| n.get().min(8))
}

/// Renders `items` on `threads` threads: `render` writes a part of a batch
/// into a buffer made by `buffer`, and `write` is given the buffers in the
/// order of `items`.
pub(super) fn render<T: Sync, B: Send>(
    items: &[T],
    threads: usize,
    buffer: impl Fn() -> B + Sync,
    render: impl Fn(&[T], &mut B) -> io::Result<()> + Sync,
    mut write: impl FnMut(B) -> io::Result<()>,
) -> io::Result<()> {
    let (buffer, render) = (&buffer, &render);
    for batch in items.chunks(BATCH) {
        let per = batch.len().div_ceil(threads.max(1));
        let parts: Vec<io::Result<B>> = std::thread::scope(|scope| {
            let workers: Vec<_> = batch
                .chunks(per)
                .map(|part| {
                    scope.spawn(move || {
                        let mut buf = buffer();
                        render(part, &mut buf).map(|()| buf)
                    })
                })
                .collect();
            workers
                .into_iter()
                .map(|w| w.join().unwrap_or_else(|p| std::panic::resume_unwind(p)))
                .collect()
        });
        for part in parts {
            write(part?)?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parts_are_written_in_order() {
        let items: Vec<usize> = (0..20_000).collect();
        let mut out = Vec::new();
        render(
            &items,
            3,
            Vec::new,
            |part, buf: &mut Vec<usize>| {
                buf.extend_from_slice(part);
                Ok(())
            },
            |buf| {
                out.extend(buf);
                Ok(())
            },
        )
        .unwrap();
        assert_eq!(out, items);
    }

    #[test]
    fn an_error_in_a_part_stops_the_writing() {
        let items: Vec<usize> = (0..20_000).collect();
        let mut written = 0;
        let result = render(
            &items,
            2,
            || 0,
            |part, _: &mut i32| {
                if part.contains(&9000) {
                    Err(io::Error::other("full"))
                } else {
                    Ok(())
                }
            },
            |_| {
                written += 1;
                Ok(())
            },
        );
        assert!(result.is_err());
        // The first batch's two parts were written; the second batch's
        // first part failed, so nothing of that batch was.
        assert_eq!(written, 2);
    }
}

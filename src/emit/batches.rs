//! Rendering a report with many findings on several threads: the findings
//! are cut into parts, worker threads render the parts into buffers of
//! their own, and the calling thread writes the buffers in order while the
//! workers go on with the next parts. The output is byte for byte what one
//! thread writes.

use std::collections::BTreeMap;
use std::io;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::mpsc;

/// Reports with fewer findings are rendered on the calling thread: starting
/// threads would cost more than it saves.
const PARALLEL_FROM: usize = 1024;

/// Findings per part.
const PART: usize = 1024;

/// How many threads to render `count` findings on; 1 means the caller
/// renders them itself.
pub(super) fn threads_for(count: usize) -> usize {
    if count < PARALLEL_FROM {
        return 1;
    }
    crate::rules::cores().min(8)
}

/// Renders `items` on `threads` threads: `render` writes a part into a
/// buffer made by `buffer`, and `write` is given the buffers in the order of
/// `items`. Only the parts finished ahead of their turn, and a few more in
/// the channel, are held in memory. The first error stops the run.
pub(super) fn render<T: Sync, B: Send>(
    items: &[T],
    threads: usize,
    buffer: impl Fn() -> B + Sync,
    render: impl Fn(&[T], &mut B) -> io::Result<()> + Sync,
    mut write: impl FnMut(B) -> io::Result<()>,
) -> io::Result<()> {
    let parts: Vec<&[T]> = items.chunks(PART).collect();
    let (parts, buffer, render) = (&parts, &buffer, &render);
    let next = &AtomicUsize::new(0);
    let stop = &AtomicBool::new(false);
    let (tx, rx) = mpsc::sync_channel::<(usize, io::Result<B>)>(threads * 2);
    std::thread::scope(|scope| {
        let mut started = 0;
        for _ in 0..threads.max(1) {
            let tx = tx.clone();
            let worker = move || {
                loop {
                    let i = next.fetch_add(1, Ordering::Relaxed);
                    if i >= parts.len() || stop.load(Ordering::Relaxed) {
                        break;
                    }
                    let mut buf = buffer();
                    let done = render(parts[i], &mut buf).map(|()| buf);
                    if tx.send((i, done)).is_err() {
                        break;
                    }
                }
            };
            if std::thread::Builder::new()
                .spawn_scoped(scope, worker)
                .is_err()
            {
                break;
            }
            started += 1;
        }
        drop(tx);
        if started == 0 {
            // No thread could be started: render here, in order.
            for part in parts {
                let mut buf = buffer();
                render(part, &mut buf)?;
                write(buf)?;
            }
            return Ok(());
        }
        // Owned here, so that returning early hangs up on the workers.
        let rx = rx;
        let mut pending = BTreeMap::new();
        let mut turn = 0;
        for (i, done) in &rx {
            pending.insert(i, done);
            while let Some(done) = pending.remove(&turn) {
                turn += 1;
                if let Err(err) = done.and_then(&mut write) {
                    stop.store(true, Ordering::Relaxed);
                    return Err(err);
                }
            }
        }
        Ok(())
    })
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
        // The parts before the failing one were written, and no other.
        assert_eq!(written, 9000 / PART);
    }
}

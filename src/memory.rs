//! How galley uses the C allocator (glibc on Linux; elsewhere nothing is
//! done): every command maps large blocks apart, and the language server,
//! a long-lived process whose checks of a long document come in bursts,
//! gives what each check freed back to the system.

/// Large blocks (a long document's words, its findings) are mapped apart
/// and unmapped when freed. By default glibc raises that threshold to the
/// size of the largest block freed, up to 32 MB, after which such blocks
/// come from the heap and stay in it: a server that checked a 10 MB
/// document twice peaked at 248 MB, 182 MB with this. A check lets each
/// part it shares between rules go when the last rule that reads it is
/// done, and what is built after it (the names) would otherwise come from
/// the heap: `galley check` on a 10 MB document peaked at 109 MiB, 104–106
/// with this.
pub fn large_blocks_apart() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: mallopt sets a tuning parameter of glibc's allocator; called
    // before the program allocates anything large.
    unsafe {
        libc::mallopt(libc::M_MMAP_THRESHOLD, 128 * 1024);
    }
}

/// Hands the memory a check freed back to the system. Without this, the
/// allocator keeps what a large document's check freed (its threads'
/// arenas are not given back), and the process stays at the size of its
/// largest check between checks (a 10 MB document: 184 MB held, 75 MB
/// with this), the next check growing from there.
pub fn give_back_freed() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: malloc_trim only returns free pages of glibc's own arenas to
    // the system; it touches no memory in use.
    unsafe {
        libc::malloc_trim(0);
    }
}

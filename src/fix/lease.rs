//! Linux write leases (`fcntl(F_SETLEASE)`): taken only when no other
//! open file description refers to the file, and broken (the holder told,
//! the opener kept waiting) when another program opens it.

use std::fs::File;
#[cfg(target_os = "linux")]
use std::os::fd::{AsRawFd, RawFd};

/// The lease on a file's descriptor, let go when dropped. It keeps the
/// raw descriptor: the `File` it was taken on outlives it. Elsewhere than
/// on Linux there are no leases: every lease is unavailable and holds
/// nothing.
pub struct Lease {
    #[cfg(target_os = "linux")]
    fd: RawFd,
    state: State,
}

#[derive(PartialEq, Eq)]
enum State {
    Held,
    /// Another program has the file open.
    Busy,
    /// No lease on this system or file system, or not this user's file.
    Unavailable,
}

/// `fcntl`'s F_SETSIG (Linux).
#[cfg(target_os = "linux")]
const F_SETSIG: libc::c_int = 10;

impl Lease {
    #[cfg(target_os = "linux")]
    pub fn take(file: &File) -> Lease {
        let fd = file.as_raw_fd();
        // The break is signalled with SIGURG, which is ignored unless
        // handled (SIGIO, the default, would end the process).
        // SAFETY: fcntl on a descriptor this File owns, with integer
        // arguments.
        let state = unsafe {
            if libc::fcntl(fd, F_SETSIG, libc::SIGURG) != 0 {
                State::Unavailable
            } else if libc::fcntl(fd, libc::F_SETLEASE, libc::F_WRLCK) == 0 {
                State::Held
            } else if std::io::Error::last_os_error().raw_os_error() == Some(libc::EAGAIN) {
                State::Busy
            } else {
                State::Unavailable
            }
        };
        Lease { fd, state }
    }

    #[cfg(not(target_os = "linux"))]
    pub fn take(_file: &File) -> Lease {
        Lease {
            state: State::Unavailable,
        }
    }

    pub fn is_held(&self) -> bool {
        self.state == State::Held
    }

    pub fn is_busy(&self) -> bool {
        self.state == State::Busy
    }

    /// Whether another program has started opening the file since the
    /// lease was taken (it waits until the lease is let go).
    #[cfg(target_os = "linux")]
    pub fn is_broken(&self) -> bool {
        // SAFETY: as in `take`.
        self.is_held() && unsafe { libc::fcntl(self.fd, libc::F_GETLEASE) } != libc::F_WRLCK
    }

    #[cfg(not(target_os = "linux"))]
    pub fn is_broken(&self) -> bool {
        false
    }
}

impl Drop for Lease {
    fn drop(&mut self) {
        #[cfg(target_os = "linux")]
        if self.is_held() {
            // SAFETY: as in `take`; the descriptor is still open (its
            // File is dropped after the lease).
            unsafe { libc::fcntl(self.fd, libc::F_SETLEASE, libc::F_UNLCK) };
        }
    }
}

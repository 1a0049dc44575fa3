//! Refusals that cost an attacker: after `LIMIT` failed guesses (of a share token) from
//! one address within `WINDOW_MS`, every further request from it is refused with 429
//! until the window ends — answered from memory, nothing written.

use std::collections::HashMap;
use std::net::IpAddr;
use std::sync::Mutex;

/// Failed guesses an address may make in a window.
pub const LIMIT: u32 = 100;
/// The window, in milliseconds.
pub const WINDOW_MS: i64 = 10 * 60 * 1000;

#[derive(Default)]
pub struct Guesses {
    /// Per address: when its window started, and its failures in it.
    seen: Mutex<HashMap<IpAddr, (i64, u32)>>,
}

impl Guesses {
    /// Whether `from` may still try at `now`.
    pub fn allowed(&self, from: IpAddr, now: i64) -> bool {
        let seen = self.seen.lock().unwrap_or_else(|e| e.into_inner());
        seen.get(&from).is_none_or(|(start, failures)| now - start >= WINDOW_MS || *failures < LIMIT)
    }

    /// Counts a failed guess from `from` at `now`.
    pub fn failed(&self, from: IpAddr, now: i64) {
        let mut seen = self.seen.lock().unwrap_or_else(|e| e.into_inner());
        // Bounded: addresses whose window ended are forgotten when the map grows.
        if seen.len() > 10_000 {
            seen.retain(|_, (start, _)| now - *start < WINDOW_MS);
        }
        let entry = seen.entry(from).or_insert((now, 0));
        if now - entry.0 >= WINDOW_MS {
            *entry = (now, 0);
        }
        entry.1 += 1;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_address_is_stopped_after_its_failures_until_the_window_ends() {
        let guesses = Guesses::default();
        let (a, b): (IpAddr, IpAddr) = ("10.0.0.1".parse().unwrap(), "10.0.0.2".parse().unwrap());
        for _ in 0..LIMIT {
            assert!(guesses.allowed(a, 0));
            guesses.failed(a, 0);
        }
        assert!(!guesses.allowed(a, 1));
        assert!(guesses.allowed(b, 1), "another address is not stopped");
        assert!(guesses.allowed(a, WINDOW_MS), "a new window");
    }
}

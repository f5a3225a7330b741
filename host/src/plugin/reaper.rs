//! Finished calls' instances are dropped on a thread of their own.
//!
//! Dropping a call's store gives its pooling slot back and resets the linear memory the call
//! touched: 36 MB zeroed after a unit's evaluation, ≈ 3 ms the caller need not wait for. At
//! most [`BACKLOG`] stores wait for the reaper or are being dropped by it; when it is that far
//! behind, the caller drops its store itself. So the pool needs `BACKLOG` slots more than
//! calls run at once, and a burst of calls never piles up dropped-but-not-yet-reset memory.

use std::fmt;
use std::sync::mpsc::{SyncSender, TrySendError, sync_channel};

/// Stores that may be waiting for the reaper or in its hands at once.
pub(super) const BACKLOG: u32 = 2;

/// The sending end; the reaper's thread ends when this is dropped.
pub(super) struct Reaper<T: Send + 'static> {
    sender: SyncSender<T>,
}

impl<T: Send + 'static> Reaper<T> {
    /// Starts the reaper's thread.
    pub(super) fn spawn() -> std::io::Result<Reaper<T>> {
        // One waiting in the channel, one being dropped.
        let (sender, receiver) = sync_channel::<T>(BACKLOG as usize - 1);
        std::thread::Builder::new()
            .name("kaoping-plugin-reaper".into())
            .spawn(move || receiver.into_iter().for_each(drop))?;
        Ok(Reaper { sender })
    }

    /// Drops `item` on the reaper's thread, or here if the reaper is [`BACKLOG`] behind.
    pub(super) fn retire(&self, item: T) {
        if let Err(TrySendError::Full(item) | TrySendError::Disconnected(item)) =
            self.sender.try_send(item)
        {
            drop(item);
        }
    }
}

impl<T: Send + 'static> fmt::Debug for Reaper<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Reaper")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::mpsc::{Receiver, Sender, channel};
    use std::thread::{self, ThreadId};
    use std::time::Duration;

    /// Reports the thread it is dropped on; the first may hold its drop until released.
    struct Item {
        name: &'static str,
        dropped: Sender<(&'static str, ThreadId)>,
        hold: Option<(Sender<()>, Receiver<()>)>,
    }

    impl Drop for Item {
        fn drop(&mut self) {
            if let Some((started, release)) = self.hold.take() {
                started.send(()).unwrap();
                release.recv().unwrap();
            }
            self.dropped
                .send((self.name, thread::current().id()))
                .unwrap();
        }
    }

    #[test]
    fn items_are_dropped_elsewhere_unless_the_reaper_is_a_backlog_behind() {
        let reaper = Reaper::spawn().unwrap();
        let (dropped, drops) = channel();
        let (started, has_started) = channel();
        let (release, released) = channel();
        let item = |name, hold| Item {
            name,
            dropped: dropped.clone(),
            hold,
        };
        reaper.retire(item("held", Some((started, released))));
        has_started.recv().unwrap();
        reaper.retire(item("waiting", None));
        // The reaper holds one and one waits: the next is dropped here, at once.
        reaper.retire(item("inline", None));
        let here = thread::current().id();
        assert_eq!(drops.recv().unwrap(), ("inline", here));
        release.send(()).unwrap();
        let timeout = Duration::from_secs(10);
        let (first, elsewhere) = drops.recv_timeout(timeout).unwrap();
        assert_eq!(first, "held");
        assert_ne!(elsewhere, here);
        assert_eq!(drops.recv_timeout(timeout).unwrap(), ("waiting", elsewhere));
    }
}

//! Where uploaded bytes live. Handlers see only this trait, so an S3-compatible store
//! can replace the local disk without touching them.

use std::io;
use std::path::PathBuf;
use std::pin::Pin;

use tokio::io::{AsyncRead, AsyncWrite};

pub type Writer = Pin<Box<dyn AsyncWrite + Send>>;
pub type Reader = Pin<Box<dyn AsyncRead + Send>>;

#[async_trait::async_trait]
pub trait FileStore: Send + Sync {
    /// A writer for a new object under `key`; the caller writes, flushes and shuts it down.
    async fn create(&self, key: &str) -> io::Result<Writer>;
    async fn open(&self, key: &str) -> io::Result<Reader>;
    async fn remove(&self, key: &str) -> io::Result<()>;
}

/// Files in one folder on the local disk, named by generated keys only — a client's
/// file name never becomes a path.
pub struct LocalDisk {
    root: PathBuf,
}

impl LocalDisk {
    pub fn new(root: PathBuf) -> io::Result<Self> {
        std::fs::create_dir_all(&root)?;
        Ok(LocalDisk { root })
    }

    fn path(&self, key: &str) -> io::Result<PathBuf> {
        // Keys are generated hex ids; anything else is refused outright.
        if key.is_empty() || !key.bytes().all(|b| b.is_ascii_hexdigit()) {
            return Err(io::Error::new(io::ErrorKind::InvalidInput, "bad file key"));
        }
        Ok(self.root.join(key))
    }
}

#[async_trait::async_trait]
impl FileStore for LocalDisk {
    async fn create(&self, key: &str) -> io::Result<Writer> {
        Ok(Box::pin(tokio::fs::File::create(self.path(key)?).await?))
    }

    async fn open(&self, key: &str) -> io::Result<Reader> {
        Ok(Box::pin(tokio::fs::File::open(self.path(key)?).await?))
    }

    async fn remove(&self, key: &str) -> io::Result<()> {
        tokio::fs::remove_file(self.path(key)?).await
    }
}

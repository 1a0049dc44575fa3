//! Where uploaded bytes live: an `object_store` — the local filesystem by default, or an
//! S3-compatible bucket (`--store s3://bucket[/prefix]`, endpoint and credentials from
//! the `AWS_*` environment). Handlers see only the `FileStore` trait. Uploads stream in
//! parts (5 MiB, at most two in flight), so memory stays bounded whatever the size; an
//! upload that does not finish is aborted, leaving nothing behind.

use std::io;
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll};

use futures_util::{StreamExt, TryStreamExt};
use object_store::aws::AmazonS3Builder;
use object_store::buffered::BufWriter;
use object_store::local::LocalFileSystem;
use object_store::path::Path;
use object_store::{ObjectStore, ObjectStoreExt};
use tokio::io::{AsyncRead, AsyncWrite};

pub type Writer = Pin<Box<dyn AsyncWrite + Send>>;
pub type Reader = Pin<Box<dyn AsyncRead + Send>>;

#[async_trait::async_trait]
pub trait FileStore: Send + Sync {
    /// A writer for a new object under `key`; the caller writes, flushes and shuts it
    /// down (dropped before that, the upload is aborted).
    async fn create(&self, key: &str) -> io::Result<Writer>;
    async fn open(&self, key: &str) -> io::Result<Reader>;
    async fn remove(&self, key: &str) -> io::Result<()>;
    /// The keys of every stored object.
    async fn keys(&self) -> io::Result<Vec<String>>;
    /// Whether the store answers (readiness): a read of a key that is never written.
    async fn check(&self) -> io::Result<()>;
}

/// The size of an upload's parts (S3's smallest but the last).
const PART: usize = 5 * 1024 * 1024;

/// Objects under a prefix of an object store, named by generated keys only — a client's
/// file name never becomes a path.
pub struct Objects {
    store: Arc<dyn ObjectStore>,
    prefix: Path,
}

fn failed(e: object_store::Error) -> io::Error {
    match e {
        object_store::Error::NotFound { .. } => io::Error::new(io::ErrorKind::NotFound, e.to_string()),
        other => io::Error::other(other.to_string()),
    }
}

impl Objects {
    /// Files in one folder on the local disk.
    pub fn local(root: std::path::PathBuf) -> io::Result<Self> {
        std::fs::create_dir_all(&root)?;
        let store = LocalFileSystem::new_with_prefix(root).map_err(failed)?;
        Ok(Objects { store: Arc::new(store), prefix: Path::default() })
    }

    /// `local` for the data folder's `files`, or an `s3://bucket[/prefix]` URL.
    pub fn open_store(url: Option<&str>, data_dir: &std::path::Path) -> io::Result<Self> {
        let Some(url) = url.filter(|u| !u.is_empty()) else { return Self::local(data_dir.join("files")) };
        let rest = url
            .strip_prefix("s3://")
            .ok_or_else(|| io::Error::new(io::ErrorKind::InvalidInput, "--store takes s3://bucket[/prefix]"))?;
        let (bucket, prefix) = rest.split_once('/').unwrap_or((rest, ""));
        let endpoint_is_http = std::env::var("AWS_ENDPOINT")
            .or_else(|_| std::env::var("AWS_ENDPOINT_URL"))
            .is_ok_and(|e| e.starts_with("http://"));
        let store = AmazonS3Builder::from_env()
            .with_bucket_name(bucket)
            .with_allow_http(endpoint_is_http)
            .build()
            .map_err(failed)?;
        Ok(Objects { store: Arc::new(store), prefix: Path::from(prefix) })
    }

    fn path(&self, key: &str) -> io::Result<Path> {
        // Keys are generated hex ids; anything else is refused outright.
        if key.is_empty() || !key.bytes().all(|b| b.is_ascii_hexdigit()) {
            return Err(io::Error::new(io::ErrorKind::InvalidInput, "bad file key"));
        }
        Ok(self.prefix.clone().join(key))
    }
}

#[async_trait::async_trait]
impl FileStore for Objects {
    async fn create(&self, key: &str) -> io::Result<Writer> {
        let writer = BufWriter::with_capacity(Arc::clone(&self.store), self.path(key)?, PART).with_max_concurrency(2);
        Ok(Box::pin(Upload { writer: Some(writer), finished: false }))
    }

    async fn open(&self, key: &str) -> io::Result<Reader> {
        let found = self.store.get(&self.path(key)?).await.map_err(failed)?;
        let stream = found.into_stream().map_err(failed);
        Ok(Box::pin(tokio_util::io::StreamReader::new(stream)))
    }

    async fn remove(&self, key: &str) -> io::Result<()> {
        self.store.delete(&self.path(key)?).await.map_err(failed)
    }

    async fn keys(&self) -> io::Result<Vec<String>> {
        let prefix = (!self.prefix.as_ref().is_empty()).then_some(&self.prefix);
        let listed: Vec<_> = self.store.list(prefix).collect().await;
        listed
            .into_iter()
            .map(|meta| meta.map(|m| m.location.filename().unwrap_or_default().to_owned()).map_err(failed))
            .collect()
    }

    async fn check(&self) -> io::Result<()> {
        // Not a hex key, so no upload can ever have it: "not found" is the healthy answer.
        match self.store.head(&self.prefix.clone().join("readiness-probe")).await {
            Ok(_) | Err(object_store::Error::NotFound { .. }) => Ok(()),
            Err(e) => Err(failed(e)),
        }
    }
}

/// An upload in parts that is aborted (its parts removed) when it is dropped before
/// it is shut down: a refused file, a client that went away.
struct Upload {
    writer: Option<BufWriter>,
    finished: bool,
}

impl Upload {
    fn writer(&mut self) -> io::Result<Pin<&mut BufWriter>> {
        self.writer.as_mut().map(Pin::new).ok_or_else(|| io::Error::other("the upload is over"))
    }
}

impl AsyncWrite for Upload {
    fn poll_write(mut self: Pin<&mut Self>, cx: &mut Context<'_>, buf: &[u8]) -> Poll<io::Result<usize>> {
        self.writer()?.poll_write(cx, buf)
    }

    fn poll_flush(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        self.writer()?.poll_flush(cx)
    }

    fn poll_shutdown(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        let done = std::task::ready!(self.writer()?.poll_shutdown(cx));
        if done.is_ok() {
            self.finished = true;
        }
        Poll::Ready(done)
    }
}

impl Drop for Upload {
    fn drop(&mut self) {
        if let (false, Some(mut writer)) = (self.finished, self.writer.take()) {
            if let Ok(runtime) = tokio::runtime::Handle::try_current() {
                runtime.spawn(async move {
                    let _ = writer.abort().await;
                });
            }
        }
    }
}

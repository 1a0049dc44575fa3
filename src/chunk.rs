//! Parts of the console loaded on demand: with the `split` feature (the page build),
//! each `split_point!` function lives in its own wasm chunk, fetched the first time it is
//! called (or prefetched); without it (the browser tests), it is an ordinary function.
//! A chunk that cannot be loaded is an error the screen shows with 重试, not a crash: a
//! later call tries again.

/// A chunk of the console could not be loaded (offline, or the server is gone).
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
#[error("a part of the console could not be loaded")]
pub struct ChunkError;

impl From<leptos::wasm_split::SplitLoaderError> for ChunkError {
    fn from(_: leptos::wasm_split::SplitLoaderError) -> Self {
        ChunkError
    }
}

/// `split_point!(chunk, preload_fn: fn name() -> T { body })` defines `async fn name()
/// -> Result<T, ChunkError>`, whose body lives in the wasm chunk `chunk` (every split
/// point naming the same chunk shares it), and `async fn preload_fn() -> Result<(),
/// ChunkError>`, which fetches the chunk without calling anything.
#[macro_export]
macro_rules! split_point {
    ($chunk:ident, $preload:ident: $(#[$attr:meta])* $vis:vis fn $name:ident() -> $ret:ty $body:block) => {
        $(#[$attr])*
        #[cfg(feature = "split")]
        #[allow(improper_ctypes_definitions)]
        #[::leptos::wasm_split::wasm_split(
            $chunk,
            wasm_split_path = ::leptos::wasm_split,
            fallible,
            preload(#[allow(dead_code)] $preload)
        )]
        $vis fn $name() -> Result<$ret, $crate::chunk::ChunkError> {
            let value: $ret = $body;
            Ok(value)
        }

        $(#[$attr])*
        #[cfg(not(feature = "split"))]
        $vis async fn $name() -> Result<$ret, $crate::chunk::ChunkError> {
            let value: $ret = $body;
            Ok(value)
        }

        #[cfg(not(feature = "split"))]
        #[allow(dead_code)]
        $vis async fn $preload() -> Result<(), ::leptos::wasm_split::SplitLoaderError> {
            Ok(())
        }
    };
}

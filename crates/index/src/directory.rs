//! tantivy's memory-mapped directory, readable where it cannot be written.
//!
//! tantivy takes a lock file (`.tantivy-meta.lock`) even to open a reader, so that a
//! writer's clean-up in the same folder cannot delete segment files while they are
//! opened; creating it fails on a read-only mount or without write permission, and
//! search failed there ("Failed to acquire Lockfile … ReadOnlyFilesystem", issue
//! 17.5). Where the lock file cannot be created, no writer can delete files either,
//! so the lock is not needed: this directory then opens without it. Writers (an update
//! holds the build lock) still get the real one.

use std::io;
use std::path::Path;

use tantivy::directory::error::{DeleteError, LockError, OpenDirectoryError, OpenReadError, OpenWriteError};
use tantivy::directory::{
    Directory, DirectoryLock, FileHandle, Lock, MmapDirectory, WatchCallback, WatchHandle, WritePtr,
};

#[derive(Debug, Clone)]
pub struct ReadableDirectory(MmapDirectory);

impl ReadableDirectory {
    pub fn open(path: &Path) -> Result<ReadableDirectory, OpenDirectoryError> {
        Ok(ReadableDirectory(MmapDirectory::open(path)?))
    }
}

/// The errors of a folder that cannot be written to.
fn unwritable(error: &io::Error) -> bool {
    matches!(
        error.kind(),
        io::ErrorKind::ReadOnlyFilesystem | io::ErrorKind::PermissionDenied
    )
}

impl Directory for ReadableDirectory {
    fn get_file_handle(&self, path: &Path) -> Result<std::sync::Arc<dyn FileHandle>, OpenReadError> {
        self.0.get_file_handle(path)
    }

    fn delete(&self, path: &Path) -> Result<(), DeleteError> {
        self.0.delete(path)
    }

    fn exists(&self, path: &Path) -> Result<bool, OpenReadError> {
        self.0.exists(path)
    }

    fn open_write(&self, path: &Path) -> Result<WritePtr, OpenWriteError> {
        self.0.open_write(path)
    }

    fn atomic_read(&self, path: &Path) -> Result<Vec<u8>, OpenReadError> {
        self.0.atomic_read(path)
    }

    fn atomic_write(&self, path: &Path, data: &[u8]) -> io::Result<()> {
        self.0.atomic_write(path, data)
    }

    fn sync_directory(&self) -> io::Result<()> {
        self.0.sync_directory()
    }

    fn acquire_lock(&self, lock: &Lock) -> Result<DirectoryLock, LockError> {
        match self.0.acquire_lock(lock) {
            Err(LockError::IoError(error)) if unwritable(&error) => Ok(DirectoryLock::from(Box::new(()))),
            result => result,
        }
    }

    fn watch(&self, watch_callback: WatchCallback) -> tantivy::Result<WatchHandle> {
        self.0.watch(watch_callback)
    }
}

import Foundation
import LessonRunner

#if canImport(Glibc)
  import Glibc
#endif

/// Replaces a lesson file with new contents, atomically: the bytes go to a
/// hidden temporary file beside it (same folder, so the same file system;
/// hidden, so `lessons serve`'s watcher ignores it), are flushed to disk,
/// get the file's permissions, and the temporary file is renamed over the
/// lesson; the folder is flushed too, so the rename survives a crash. A
/// reader sees the old file or the new one, never a part.
///
/// A lesson that is a symbolic link is written where the link points, so
/// the link stays.
enum LessonFileWriter {
  /// The file no longer has the digest the writer was told to expect.
  struct ChangedOnDisk: Error {}

  /// Replaces the file at `url` with `data`, unless the file's bytes no
  /// longer have the SHA-256 `digest` (checked again just before the
  /// rename, which leaves the shortest window for another writer).
  static func replace(_ url: URL, with data: Data, ifDigestIs digest: String) throws {
    guard let path = realPath(url.path) else { throw CocoaError(.fileNoSuchFile, userInfo: [NSFilePathErrorKey: url.path]) }
    var status = stat()
    guard stat(path, &status) == 0, status.st_mode & S_IFMT == S_IFREG else {
      throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: path])
    }
    let folder = (path as NSString).deletingLastPathComponent
    let temporary = (folder as NSString).appendingPathComponent(".\((path as NSString).lastPathComponent).notebook-\(UUID().uuidString)")
    let descriptor = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, status.st_mode & 0o7777)
    guard descriptor >= 0 else { throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO) }
    var renamed = false
    defer { if !renamed { unlink(temporary) } }
    do {
      defer { close(descriptor) }
      try write(data, to: descriptor)
      // The mode asked for at open is masked by the umask; set it exactly.
      guard fchmod(descriptor, status.st_mode & 0o7777) == 0, fsync(descriptor) == 0 else {
        throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO)
      }
    }
    guard let current = FileManager.default.contents(atPath: path), CellEdits.digest(of: current) == digest else {
      throw ChangedOnDisk()
    }
    guard rename(temporary, path) == 0 else { throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO) }
    renamed = true
    let directory = open(folder, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
    if directory >= 0 {
      fsync(directory)
      close(directory)
    }
  }

  /// Writes all of `data` to `descriptor`.
  private static func write(_ data: Data, to descriptor: Int32) throws {
    try data.withUnsafeBytes { buffer in
      var offset = 0
      while offset < buffer.count {
        let count = Glibc.write(descriptor, buffer.baseAddress! + offset, buffer.count - offset)
        if count < 0 && errno == EINTR { continue }
        guard count > 0 else { throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO) }
        offset += count
      }
    }
  }
}

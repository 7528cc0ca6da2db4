#ifndef LESSONKIT_SHIMS_H
#define LESSONKIT_SHIMS_H

#include <stddef.h>
#include <sys/types.h>

/// Makes C stdio's standard output line-buffered, so that a lesson that
/// crashes has still written every line it printed. (C's `stdout` is a global
/// variable that Swift 6 cannot touch without a data-race diagnostic.)
void lessonkit_line_buffer_stdout(void);

/// Keeps the program's state as it is now, for `lessons notebook` to run
/// edited cells from it: forks a *checkpoint*, a copy of the process that
/// waits on a Unix socket at `socket_path` (created here) and never runs on
/// by itself.
///
/// Each connection to the socket sends a request (at most `capacity` - 1
/// bytes, ended by an empty line or by the end of the stream); the
/// checkpoint forks a *worker* for it, writes the worker's process id and
/// a newline to the connection, and when the worker ends its raw wait status
/// and a newline, then waits for the next connection. The checkpoint ends
/// when the process `owner` (the notebook server) ends.
///
/// Returns the checkpoint's process id in the calling process; 0 in a
/// worker, with the request in `request` (NUL-terminated), standard input,
/// output and error untouched; or -errno when no checkpoint could be made
/// (-EBUSY when the process has more than one thread: only the forking
/// thread would live on in the copy).
/// The checkpoint and each worker lead process groups of their own, and a
/// worker dies with its checkpoint. Flush every stdio stream first.
///
/// A C shim because everything between `fork` and the return into Swift
/// must be async-signal-safe.
pid_t lessonkit_checkpoint(const char *socket_path, pid_t owner, char *request, size_t capacity);

#endif

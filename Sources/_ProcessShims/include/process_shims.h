#ifndef LESSONS_PROCESS_SHIMS_H
#define LESSONS_PROCESS_SHIMS_H

#include <sys/types.h>

/// Starts `path` as a new session leader (so it leads a new process group
/// too), with an empty signal mask and every signal at its default action,
/// in `directory`, with standard input from `input_fd` and standard output
/// and standard error to `output_fd`. Returns 0 and sets `*pid`, or an errno
/// value.
///
/// A C shim because Swift's Glibc module does not import the GNU extensions
/// this needs (POSIX_SPAWN_SETSID, posix_spawn_file_actions_addchdir_np).
int lessons_spawn(const char *path, char *const argv[], char *const envp[], const char *directory,
                  int input_fd, int output_fd, pid_t *pid);

/// Limits for a program that runs untrusted code; 0 leaves a limit unset.
struct lessons_limits {
  long cpu_seconds;   ///< RLIMIT_CPU: SIGXCPU at this many seconds, SIGKILL one later
  long memory_bytes;  ///< RLIMIT_AS: address space
  long file_bytes;    ///< RLIMIT_FSIZE: the largest file it may write (SIGXFSZ beyond)
  long processes;     ///< RLIMIT_NPROC: the user's processes and threads
  int isolate_network; ///< 1: a network namespace of its own, when the system permits
};

/// Starts `path` like `lessons_spawn`, with `limits` applied in the child
/// before it executes `path` (fork, then setrlimit and unshare in the
/// child, then execve). Sets `*network_isolated` to 1 when the child got a
/// network namespace of its own (CLONE_NEWNET, else CLONE_NEWUSER with
/// CLONE_NEWNET), 0 when the system refused both. Returns 0 and sets
/// `*pid`, or an errno value.
int lessons_spawn_limited(const char *path, char *const argv[], char *const envp[], const char *directory,
                          int input_fd, int output_fd, const struct lessons_limits *limits, pid_t *pid,
                          int *network_isolated);

/// Whether child `pid` has ended, without reaping it (so that its process
/// group id cannot be reused yet): 1 if it has, 0 if it runs, -1 on error.
/// With `block`, waits until it has ended.
int lessons_child_ended(pid_t pid, int block);

/// Makes SIGINT, SIGTERM and SIGHUP write their number, as one byte, to
/// `fd` (the write end of a pipe), from a handler that does nothing else (it
/// is async-signal-safe); whichever thread the signal lands on, a thread
/// reading the pipe learns of it. Also unblocks them in the calling thread.
/// Returns 0, or -1 with errno set.
int lessons_forward_signals(int fd);

/// Connects to the Unix stream socket at `path`; the socket's descriptor
/// (close-on-exec), or -1 with errno set. (`sockaddr_un` is awkward to
/// fill from Swift.)
int lessons_connect_unix(const char *path);

#endif

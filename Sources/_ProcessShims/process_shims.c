#define _GNU_SOURCE
#include "process_shims.h"

#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <signal.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <spawn.h>
#include <pthread.h>
#include <unistd.h>

int lessons_spawn(const char *path, char *const argv[], char *const envp[], const char *directory,
                  int input_fd, int output_fd, pid_t *pid) {
  posix_spawnattr_t attributes;
  posix_spawn_file_actions_t actions;
  int error = posix_spawnattr_init(&attributes);
  if (error != 0) return error;
  error = posix_spawn_file_actions_init(&actions);
  if (error != 0) {
    posix_spawnattr_destroy(&attributes);
    return error;
  }
  sigset_t none, all;
  sigemptyset(&none);
  sigfillset(&all);
  sigdelset(&all, SIGKILL);
  sigdelset(&all, SIGSTOP);
  if (!error) error = posix_spawnattr_setflags(&attributes, POSIX_SPAWN_SETSID | POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF);
  if (!error) error = posix_spawnattr_setsigmask(&attributes, &none);
  if (!error) error = posix_spawnattr_setsigdefault(&attributes, &all);
  if (!error && directory != NULL) error = posix_spawn_file_actions_addchdir_np(&actions, directory);
  if (!error) error = posix_spawn_file_actions_adddup2(&actions, input_fd, STDIN_FILENO);
  if (!error) error = posix_spawn_file_actions_adddup2(&actions, output_fd, STDOUT_FILENO);
  if (!error) error = posix_spawn_file_actions_adddup2(&actions, output_fd, STDERR_FILENO);
#if __GLIBC_PREREQ(2, 34)
  // Nothing else of the runner's (sockets, other lessons' files) leaks in.
  if (!error) error = posix_spawn_file_actions_addclosefrom_np(&actions, 3);
#endif
  if (!error) error = posix_spawn(pid, path, &actions, &attributes, argv, envp);
  posix_spawn_file_actions_destroy(&actions);
  posix_spawnattr_destroy(&attributes);
  return error;
}

/// Sets a resource limit (soft and hard) when `value` is positive.
static int limit(int resource, long soft, long hard) {
  if (soft <= 0) return 0;
  struct rlimit value = {(rlim_t)soft, (rlim_t)hard};
  return setrlimit(resource, &value);
}

/// Closes every descriptor from 3 up except `keep` (the report pipe).
static void close_others(int keep) {
#ifdef SYS_close_range
  if ((keep == 3 || syscall(SYS_close_range, 3, keep - 1, 0) == 0) && syscall(SYS_close_range, keep + 1, ~0U, 0) == 0) return;
#endif
  struct rlimit files;
  long highest = getrlimit(RLIMIT_NOFILE, &files) == 0 && files.rlim_cur != RLIM_INFINITY ? (long)files.rlim_cur : 65536;
  for (long fd = 3; fd < highest; fd++) if (fd != keep) close((int)fd);
}

/// The child's part of lessons_spawn_limited, from fork to exec; only
/// async-signal-safe calls, since the parent has other threads. Writes the
/// network status to `report`, then errno if exec fails.
static void start_limited(const char *path, char *const argv[], char *const envp[], const char *directory,
                          int input_fd, int output_fd, const struct lessons_limits *limits, int report) {
  int failure = 0;
  if (setsid() < 0) failure = errno;
  struct sigaction dfl;
  memset(&dfl, 0, sizeof dfl);
  dfl.sa_handler = SIG_DFL;
  for (int signal = 1; signal < NSIG; signal++) {
    if (signal != SIGKILL && signal != SIGSTOP) sigaction(signal, &dfl, NULL);
  }
  sigset_t none;
  sigemptyset(&none);
  sigprocmask(SIG_SETMASK, &none, NULL);
  if (!failure && directory != NULL && chdir(directory) != 0) failure = errno;
  if (!failure && (dup2(input_fd, STDIN_FILENO) < 0 || dup2(output_fd, STDOUT_FILENO) < 0 || dup2(output_fd, STDERR_FILENO) < 0)) failure = errno;
  int isolated = 0;
  if (limits->isolate_network) {
    isolated = unshare(CLONE_NEWNET) == 0 || unshare(CLONE_NEWUSER | CLONE_NEWNET) == 0;
  }
  if (!failure && (limit(RLIMIT_CPU, limits->cpu_seconds, limits->cpu_seconds + 1) != 0
                   || limit(RLIMIT_AS, limits->memory_bytes, limits->memory_bytes) != 0
                   || limit(RLIMIT_FSIZE, limits->file_bytes, limits->file_bytes) != 0
                   || limit(RLIMIT_NPROC, limits->processes, limits->processes) != 0)) failure = errno;
  ssize_t ignored = write(report, &isolated, sizeof isolated);
  if (!failure) {
    close_others(report);
    execve(path, argv, envp);
    failure = errno;
  }
  ignored = write(report, &failure, sizeof failure);
  (void)ignored;
  _exit(127);
}

int lessons_spawn_limited(const char *path, char *const argv[], char *const envp[], const char *directory,
                          int input_fd, int output_fd, const struct lessons_limits *limits, pid_t *pid,
                          int *network_isolated) {
  int report[2];
  if (pipe2(report, O_CLOEXEC) != 0) return errno;
  pid_t child = fork();
  if (child < 0) {
    int error = errno;
    close(report[0]);
    close(report[1]);
    return error;
  }
  if (child == 0) start_limited(path, argv, envp, directory, input_fd, output_fd, limits, report[1]);
  close(report[1]);
  int isolated = 0, failure = 0;
  ssize_t count;
  do { count = read(report[0], &isolated, sizeof isolated); } while (count < 0 && errno == EINTR);
  // Nothing more to read means execve succeeded (the pipe closed on exec).
  do { count = read(report[0], &failure, sizeof failure); } while (count < 0 && errno == EINTR);
  close(report[0]);
  if (count == (ssize_t)sizeof failure) {
    while (waitpid(child, NULL, 0) < 0 && errno == EINTR) {}
    return failure;
  }
  *pid = child;
  *network_isolated = isolated;
  return 0;
}

int lessons_child_ended(pid_t pid, int block) {
  siginfo_t info;
  memset(&info, 0, sizeof info);
  int result;
  do {
    result = waitid(P_PID, (id_t)pid, &info, WEXITED | WNOWAIT | (block ? 0 : WNOHANG));
  } while (result < 0 && errno == EINTR);
  if (result < 0) return -1;
  return info.si_pid == pid ? 1 : 0;
}

static int forward_fd = -1;

static void forward_signal(int signal) {
  unsigned char byte = (unsigned char)signal;
  int saved = errno;
  ssize_t ignored = write(forward_fd, &byte, 1);
  (void)ignored;
  errno = saved;
}

int lessons_forward_signals(int fd) {
  forward_fd = fd;
  struct sigaction action;
  memset(&action, 0, sizeof action);
  action.sa_handler = forward_signal;
  sigemptyset(&action.sa_mask);
  action.sa_flags = SA_RESTART;
  sigset_t handled;
  sigemptyset(&handled);
  int signals[] = {SIGINT, SIGTERM, SIGHUP};
  for (int i = 0; i < 3; i++) {
    if (sigaction(signals[i], &action, NULL) != 0) return -1;
    sigaddset(&handled, signals[i]);
  }
  return pthread_sigmask(SIG_UNBLOCK, &handled, NULL) == 0 ? 0 : -1;
}

int lessons_connect_unix(const char *path) {
  struct sockaddr_un address;
  memset(&address, 0, sizeof address);
  address.sun_family = AF_UNIX;
  if (strlen(path) >= sizeof address.sun_path) {
    errno = ENAMETOOLONG;
    return -1;
  }
  strcpy(address.sun_path, path);
  int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0) return -1;
  int result;
  do { result = connect(fd, (struct sockaddr *)&address, sizeof address); } while (result < 0 && errno == EINTR);
  if (result < 0) {
    int error = errno;
    close(fd);
    errno = error;
    return -1;
  }
  return fd;
}

#define _GNU_SOURCE
#include "process_shims.h"

#include <errno.h>
#include <signal.h>
#include <string.h>
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

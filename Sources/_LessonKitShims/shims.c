#define _GNU_SOURCE
#include "LessonKitShims.h"

#include <dirent.h>
#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>

void lessonkit_line_buffer_stdout(void) { setvbuf(stdout, NULL, _IOLBF, 0); }

/// Sends all of `text` on socket `fd`; 0 on success. (MSG_NOSIGNAL: a
/// server that hung up must not kill the checkpoint with SIGPIPE.)
static int send_all(int fd, const char *text, size_t length) {
  while (length > 0) {
    ssize_t written = send(fd, text, length, MSG_NOSIGNAL);
    if (written < 0 && errno == EINTR) continue;
    if (written <= 0) return -1;
    text += written;
    length -= (size_t)written;
  }
  return 0;
}

/// Sends `value` in decimal and a newline on socket `fd`.
static void write_number(int fd, long value) {
  char digits[32];
  int length = snprintf(digits, sizeof digits, "%ld\n", value);
  if (length > 0) (void)send_all(fd, digits, (size_t)length);
}

/// Reads a request from `fd` into `request` until an empty line, the end of
/// the stream or a full buffer; 0 when something was read.
static int read_request(int fd, char *request, size_t capacity) {
  size_t used = 0;
  while (used + 1 < capacity) {
    ssize_t count = read(fd, request + used, capacity - 1 - used);
    if (count < 0 && errno == EINTR) continue;
    if (count <= 0) break;
    used += (size_t)count;
    request[used] = 0;
    if (used >= 2 && request[used - 1] == '\n' && request[used - 2] == '\n') break;
  }
  request[used] = 0;
  return used > 0 ? 0 : -1;
}

/// Whether the owner has ended: its pidfd is readable, or without one
/// (an old kernel) it no longer exists.
static int owner_ended(int owner_fd, pid_t owner) {
  if (owner_fd >= 0) {
    struct pollfd probe = {owner_fd, POLLIN, 0};
    return poll(&probe, 1, 0) > 0;
  }
  return owner > 0 && kill(owner, 0) != 0 && errno == ESRCH;
}

/// The checkpoint's life: answers connections until the owner ends. Returns
/// only in a worker (0).
static pid_t serve(int listener, const char *socket_path, pid_t owner, char *request, size_t capacity) {
  int owner_fd = owner > 0 ? (int)syscall(SYS_pidfd_open, owner, 0) : -1;
  pid_t checkpoint = getpid();
  for (;;) {
    if (owner_ended(owner_fd, owner)) break;
    struct pollfd waiting[2] = {{listener, POLLIN, 0}, {owner_fd, POLLIN, 0}};
    int ready = poll(waiting, owner_fd >= 0 ? 2 : 1, 1000);
    if (ready < 0 && errno != EINTR) break;
    if (ready <= 0 || !(waiting[0].revents & POLLIN)) continue;
    int connection = accept4(listener, NULL, NULL, SOCK_CLOEXEC);
    if (connection < 0) continue;
    if (read_request(connection, request, capacity) != 0) {
      close(connection);
      continue;
    }
    pid_t worker = fork();
    if (worker == 0) {
      prctl(PR_SET_PDEATHSIG, SIGKILL);
      if (getppid() != checkpoint) _exit(70);  // the checkpoint died before prctl
      setpgid(0, 0);
      close(listener);
      close(connection);
      if (owner_fd >= 0) close(owner_fd);
      return 0;
    }
    if (worker < 0) {
      close(connection);
      continue;
    }
    write_number(connection, worker);
    int status = 0;
    for (;;) {
      pid_t ended = waitpid(worker, &status, WNOHANG);
      if (ended == worker || (ended < 0 && errno != EINTR)) break;
      if (owner_ended(owner_fd, owner)) {
        kill(-worker, SIGKILL);
        kill(worker, SIGKILL);
      }
      struct pollfd idle = {owner_fd, POLLIN, 0};
      poll(&idle, owner_fd >= 0 ? 1 : 0, 5);
    }
    write_number(connection, status);
    close(connection);
  }
  unlink(socket_path);
  _exit(0);
}

/// The number of threads of this process (entries of /proc/self/task), or
/// -1 when it cannot be read.
static int thread_count(void) {
  DIR *tasks = opendir("/proc/self/task");
  if (tasks == NULL) return -1;
  int count = 0;
  struct dirent *entry;
  while ((entry = readdir(tasks)) != NULL) {
    if (entry->d_name[0] != '.') count++;
  }
  closedir(tasks);
  return count;
}

pid_t lessonkit_checkpoint(const char *socket_path, pid_t owner, char *request, size_t capacity) {
  // Only the forking thread lives on in a fork: a process with other
  // threads (a thread pool that ran `matmul(threads:)`) could leave a lock
  // held or a pool the copy cannot use, so it makes no checkpoint.
  if (thread_count() != 1) return -EBUSY;
  struct sockaddr_un address;
  memset(&address, 0, sizeof address);
  address.sun_family = AF_UNIX;
  if (strlen(socket_path) >= sizeof address.sun_path || capacity < 2) return -ENAMETOOLONG;
  strcpy(address.sun_path, socket_path);
  int listener = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (listener < 0) return -errno;
  unlink(socket_path);
  if (bind(listener, (struct sockaddr *)&address, sizeof address) != 0 || listen(listener, 4) != 0) {
    int error = errno;
    close(listener);
    return -error;
  }
  pid_t checkpoint = fork();
  if (checkpoint == 0) {
    setpgid(0, 0);
    return serve(listener, socket_path, owner, request, capacity);
  }
  int error = errno;
  close(listener);
  // Also here, so the group exists before the runner could kill the
  // program's group (whichever of the two runs first).
  if (checkpoint > 0) setpgid(checkpoint, checkpoint);
  return checkpoint > 0 ? checkpoint : -error;
}

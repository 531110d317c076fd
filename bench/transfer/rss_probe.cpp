// transfer_rss_probe: runs one command and writes what it cost.
//
//   transfer_rss_probe <report file> <program> [arguments...]
//
// The report is one line: `exit=N signal=N wall_s=X user_s=X sys_s=X max_rss_kib=N`.
//
// Why a separate, tiny program: a process's ru_maxrss starts from the peak
// RSS of the address space it had before exec. A child that the benchmark
// (tens of MiB, shared with vfork) started itself would report at least the
// benchmark's own peak. This probe is a few MiB and forks the command from
// there, so the command's figure is its own (or this probe's, if smaller:
// far below any program measured here).
#include <sys/resource.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <ctime>

namespace {

double seconds_of(const timeval& t) { return static_cast<double>(t.tv_sec) + static_cast<double>(t.tv_usec) / 1e6; }

double now_seconds() {
  timespec t{};
  clock_gettime(CLOCK_MONOTONIC, &t);
  return static_cast<double>(t.tv_sec) + static_cast<double>(t.tv_nsec) / 1e9;
}

} // namespace

int main(int argc, char** argv) {
  if (argc < 3) {
    std::fprintf(stderr, "usage: transfer_rss_probe <report file> <program> [arguments...]\n");
    return 2;
  }
  const double started = now_seconds();
  const pid_t pid = fork();
  if (pid < 0) {
    std::fprintf(stderr, "transfer_rss_probe: fork: %s\n", std::strerror(errno));
    return 2;
  }
  if (pid == 0) {
    execvp(argv[2], argv + 2);
    std::fprintf(stderr, "transfer_rss_probe: cannot run %s: %s\n", argv[2], std::strerror(errno));
    _exit(127);
  }
  int status = 0;
  rusage usage{};
  while (wait4(pid, &status, 0, &usage) < 0) {
    if (errno != EINTR) {
      std::fprintf(stderr, "transfer_rss_probe: wait4: %s\n", std::strerror(errno));
      return 2;
    }
  }
  const double wall = now_seconds() - started;
  std::FILE* report = std::fopen(argv[1], "w");
  if (report == nullptr) {
    std::fprintf(stderr, "transfer_rss_probe: cannot write %s: %s\n", argv[1], std::strerror(errno));
    return 2;
  }
  std::fprintf(report, "exit=%d signal=%d wall_s=%.6f user_s=%.6f sys_s=%.6f max_rss_kib=%ld\n",
               WIFEXITED(status) ? WEXITSTATUS(status) : -1, WIFSIGNALED(status) ? WTERMSIG(status) : 0, wall,
               seconds_of(usage.ru_utime), seconds_of(usage.ru_stime), usage.ru_maxrss);
  const bool written = std::fclose(report) == 0;
  return written ? 0 : 2;
}

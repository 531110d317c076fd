#include "exchange.hpp"

#include <cerrno>
#include <system_error>

#include <fcntl.h>
#include <unistd.h>

namespace modelarts::emulator {

readable_file::readable_file(std::filesystem::path path, std::shared_ptr<const void> keep_alive)
    : path_(std::move(path)), keep_alive_(std::move(keep_alive)) {}

readable_file::~readable_file() {
  if (fd_ >= 0) ::close(fd_);
}

std::size_t readable_file::read_at(std::uint64_t offset, char* into, std::size_t size) {
  if (fd_ < 0) {
    fd_ = ::open(path_.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd_ < 0) throw std::system_error(errno, std::generic_category(), "open");
  }
  std::size_t done = 0;
  while (done < size) {
    const auto n = ::pread(fd_, into + done, size - done, static_cast<off_t>(offset + done));
    if (n < 0) {
      if (errno == EINTR) continue;
      throw std::system_error(errno, std::generic_category(), "pread");
    }
    if (n == 0) break;
    done += static_cast<std::size_t>(n);
  }
  return done;
}

} // namespace modelarts::emulator

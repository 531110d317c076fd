#include "obs/transfer_file_io.hpp"

#include "auth/crypto.hpp"

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdint>
#include <system_error>
#include <utility>

namespace modelarts::obs::transfer {
namespace {

[[noreturn]] void throw_os_error(const char* what, const std::filesystem::path& file, int error = errno) {
  throw std::filesystem::filesystem_error(what, file, std::error_code(error, std::generic_category()));
}

int open_or_throw(const std::filesystem::path& file, int flags, const char* what) {
  for (;;) {
    const int fd = ::open(file.c_str(), flags | O_CLOEXEC, 0644);
    if (fd >= 0) return fd;
    if (errno != EINTR) throw_os_error(what, file);
  }
}

} // namespace

file_handle file_handle::open_for_reading(const std::filesystem::path& file) {
  return {open_or_throw(file, O_RDONLY, "open for reading"), file};
}

file_handle file_handle::create(const std::filesystem::path& file) {
  return {open_or_throw(file, O_WRONLY | O_CREAT | O_TRUNC, "create"), file};
}

file_handle file_handle::open_for_writing(const std::filesystem::path& file) {
  return {open_or_throw(file, O_WRONLY, "open for writing"), file};
}

file_handle::~file_handle() { close(); }

file_handle::file_handle(file_handle&& other) noexcept
    : fd_(std::exchange(other.fd_, -1)), path_(std::move(other.path_)) {}

file_handle& file_handle::operator=(file_handle&& other) noexcept {
  if (this != &other) {
    close();
    fd_ = std::exchange(other.fd_, -1);
    path_ = std::move(other.path_);
  }
  return *this;
}

void file_handle::close() {
  if (fd_ >= 0) ::close(std::exchange(fd_, -1));
}

std::string file_handle::read_at(std::uint64_t offset, std::uint64_t length) const {
  std::string out;
  read_into(out, offset, length);
  return out;
}

void file_handle::read_into(std::string& out, std::uint64_t offset, std::uint64_t length) const {
  out.resize(static_cast<std::size_t>(length));
  std::size_t done = 0;
  while (done < out.size()) {
    const auto n = ::pread(fd_, out.data() + done, out.size() - done, static_cast<off_t>(offset + done));
    if (n < 0) {
      if (errno == EINTR) continue;
      throw_os_error("read", path_);
    }
    if (n == 0) throw_os_error("read: the file is shorter than expected (it changed during the transfer?)", path_, EIO);
    done += static_cast<std::size_t>(n);
  }
}

void file_handle::write_at(std::uint64_t offset, std::string_view data) const {
  std::size_t done = 0;
  while (done < data.size()) {
    const auto n = ::pwrite(fd_, data.data() + done, data.size() - done, static_cast<off_t>(offset + done));
    if (n < 0) {
      if (errno == EINTR) continue;
      throw_os_error("write", path_);
    }
    done += static_cast<std::size_t>(n);
  }
}

void file_handle::resize(std::uint64_t size) const {
  if (::ftruncate(fd_, static_cast<off_t>(size)) != 0) throw_os_error("resize", path_);
}

void file_handle::sync() const {
  if (::fdatasync(fd_) != 0) throw_os_error("sync", path_);
}

std::uint64_t file_handle::size() const {
  struct stat st {};
  if (::fstat(fd_, &st) != 0) throw_os_error("stat", path_);
  return static_cast<std::uint64_t>(st.st_size);
}

void prefer_huge_pages(char* data, std::size_t size) noexcept {
#ifdef MADV_HUGEPAGE
  constexpr std::uintptr_t huge_page = 2 * 1024 * 1024;
  const auto begin = reinterpret_cast<std::uintptr_t>(data);
  const auto first = (begin + huge_page - 1) & ~(huge_page - 1);
  const auto last = (begin + size) & ~(huge_page - 1);
  if (last > first) ::madvise(reinterpret_cast<void*>(first), last - first, MADV_HUGEPAGE);
#else
  (void)data;
  (void)size;
#endif
}

std::filesystem::path temporary_sibling(const std::filesystem::path& target, std::string_view tag) {
  // A name near NAME_MAX (255 bytes) must still leave room for the decoration.
  auto name = target.filename().string();
  const std::size_t room = 255 - (tag.size() + 7);
  if (name.size() > room) name.resize(room);
  return target.parent_path() / ("." + name + "." + std::string(tag) + ".part");
}

std::string random_tag() {
  unsigned char bytes[6];
  auth::random_bytes(bytes, sizeof bytes);
  return auth::hex_lower(std::string_view(reinterpret_cast<const char*>(bytes), sizeof bytes));
}

void rename_file(const std::filesystem::path& from, const std::filesystem::path& to) {
  if (::rename(from.c_str(), to.c_str()) != 0)
    throw std::filesystem::filesystem_error("rename", from, to, std::error_code(errno, std::generic_category()));
}

void remove_file(const std::filesystem::path& file) noexcept { ::unlink(file.c_str()); }

} // namespace modelarts::obs::transfer

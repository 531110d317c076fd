// Positional file I/O for the transfer engine: parts are read and written by
// offset (pread/pwrite), so many parts of one file move at once through one
// descriptor. These calls block: the engine runs them on its I/O threads.
#pragma once

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>

namespace modelarts::obs::transfer {

/// An open descriptor, closed on destruction. Every failure throws
/// std::filesystem::filesystem_error naming the file and the OS error.
class file_handle {
public:
  static file_handle open_for_reading(const std::filesystem::path& file);
  /// Creates (or truncates) `file`, mode 0644 before umask.
  static file_handle create(const std::filesystem::path& file);
  /// Opens an existing file for writing without truncating it.
  static file_handle open_for_writing(const std::filesystem::path& file);

  file_handle() = default;
  ~file_handle();
  file_handle(file_handle&& other) noexcept;
  file_handle& operator=(file_handle&& other) noexcept;
  file_handle(const file_handle&) = delete;
  file_handle& operator=(const file_handle&) = delete;

  /// `length` bytes from `offset`; a file shorter than that throws (EIO-like
  /// "file is shorter than expected"), since a part must be whole.
  [[nodiscard]] std::string read_at(std::uint64_t offset, std::uint64_t length) const;
  /// The same into `out` (resized to `length`; no allocation when its
  /// capacity suffices).
  void read_into(std::string& out, std::uint64_t offset, std::uint64_t length) const;
  void write_at(std::uint64_t offset, std::string_view data) const;
  void resize(std::uint64_t size) const;
  /// fdatasync: the data is on disk before a rename publishes it.
  void sync() const;
  [[nodiscard]] std::uint64_t size() const;
  void close();

  [[nodiscard]] const std::filesystem::path& path() const { return path_; }

private:
  file_handle(int fd, std::filesystem::path path) : fd_(fd), path_(std::move(path)) {}
  int fd_ = -1;
  std::filesystem::path path_;
};

/// Asks the kernel to back the whole 2 MiB pages inside [data, data + size)
/// with transparent huge pages (Linux, where THP is in `madvise` mode). A
/// fresh part buffer is otherwise faulted in 4 KiB at a time when it is first
/// filled: 2,048 faults per 8 MiB part, measured at about half the CPU of
/// reading a part on a virtual machine. Only a hint: nothing changes when the
/// kernel declines.
void prefer_huge_pages(char* data, std::size_t size) noexcept;

/// `target`'s temporary sibling: `.<name>.<tag>.part` in the same folder, so
/// the final rename stays within one file system and is atomic.
std::filesystem::path temporary_sibling(const std::filesystem::path& target, std::string_view tag);
/// A short random tag for a temporary name nobody will resume.
std::string random_tag();

/// rename(2): atomic replacement of `to`.
void rename_file(const std::filesystem::path& from, const std::filesystem::path& to);
void remove_file(const std::filesystem::path& file) noexcept;

} // namespace modelarts::obs::transfer

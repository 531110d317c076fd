#include "obs/checkpoint_file.hpp"

#include "auth/crypto.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <charconv>
#include <fstream>
#include <iterator>
#include <system_error>

namespace modelarts::obs::transfer {
namespace {

constexpr std::string_view upload_magic = "modelarts-obs-upload v1";
constexpr std::string_view download_magic = "modelarts-obs-download v1";
constexpr std::string_view header_end = ".";

[[noreturn]] void throw_os_error(const char* what, const std::filesystem::path& file) {
  throw std::filesystem::filesystem_error(what, file, std::error_code(errno, std::generic_category()));
}

/// Fields separated by single spaces; empty fields are kept ("a  b" has three).
std::vector<std::string_view> split_fields(std::string_view line) {
  std::vector<std::string_view> out;
  std::size_t start = 0;
  for (;;) {
    const auto space = line.find(' ', start);
    out.push_back(line.substr(start, space == std::string_view::npos ? std::string_view::npos : space - start));
    if (space == std::string_view::npos) return out;
    start = space + 1;
  }
}

template <class T>
std::optional<T> number(std::string_view text) {
  T value{};
  const auto* end = text.data() + text.size();
  const auto [ptr, ec] = std::from_chars(text.data(), end, value);
  if (ec != std::errc() || ptr != end || text.empty()) return std::nullopt;
  return value;
}

void write_all(int fd, std::string_view data, const std::filesystem::path& file) {
  while (!data.empty()) {
    const auto n = ::write(fd, data.data(), data.size());
    if (n < 0) {
      if (errno == EINTR) continue;
      throw_os_error("write checkpoint", file);
    }
    data.remove_prefix(static_cast<std::size_t>(n));
  }
}

/// ETags are short and almost always plain (hex, '-'): stored as they are
/// to keep journal lines short; anything else is '%' + hex.
std::string encode_etag(std::string_view etag) {
  const bool plain = !etag.empty() && std::all_of(etag.begin(), etag.end(), [](char c) {
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '-';
  });
  return plain ? std::string(etag) : "%" + auth::hex_lower(etag);
}

std::optional<std::string> decode_etag(std::string_view field) {
  if (!field.empty() && field.front() == '%') return hex_decode(field.substr(1));
  return std::string(field);
}

std::string random_suffix() {
  unsigned char bytes[6];
  auth::random_bytes(bytes, sizeof bytes);
  return auth::hex_lower(std::string_view(reinterpret_cast<const char*>(bytes), sizeof bytes));
}

} // namespace

file_identity identity_of(const std::filesystem::path& file) {
  struct stat st {};
  if (::stat(file.c_str(), &st) != 0) throw_os_error("stat", file);
  return {static_cast<std::uint64_t>(st.st_size),
          static_cast<std::int64_t>(st.st_mtim.tv_sec) * 1'000'000'000 + st.st_mtim.tv_nsec};
}

std::filesystem::path checkpoint_path(const std::filesystem::path& dir, std::string_view kind,
                                      std::string_view identity_text) {
  return dir / (std::string(kind) + "-" + auth::sha256_hex(identity_text).substr(0, 40) + ".ckpt");
}

std::string hex_encode(std::string_view bytes) { return auth::hex_lower(bytes); }

std::optional<std::string> hex_decode(std::string_view hex) {
  if (hex.size() % 2 != 0) return std::nullopt;
  const auto digit = [](char c) -> int {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
  };
  std::string out;
  out.reserve(hex.size() / 2);
  for (std::size_t i = 0; i < hex.size(); i += 2) {
    const int hi = digit(hex[i]);
    const int lo = digit(hex[i + 1]);
    if (hi < 0 || lo < 0) return std::nullopt;
    out += static_cast<char>(hi * 16 + lo);
  }
  return out;
}

std::optional<checkpoint_lines> read_checkpoint_lines(const std::filesystem::path& file) {
  std::ifstream in(file, std::ios::binary);
  if (!in) return std::nullopt;
  const std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  if (in.bad()) return std::nullopt;
  checkpoint_lines out;
  bool in_header = true;
  std::size_t start = 0;
  for (;;) {
    const auto newline = text.find('\n', start);
    if (newline == std::string::npos) break; // a torn last line (or nothing): ignored
    std::string line = text.substr(start, newline - start);
    start = newline + 1;
    if (in_header) {
      if (line == header_end) in_header = false;
      else out.header.push_back(std::move(line));
    } else {
      out.journal.push_back(std::move(line));
    }
    out.valid_length = start;
  }
  if (in_header) return std::nullopt;
  return out;
}

std::uint64_t write_checkpoint_header(const std::filesystem::path& file, const std::vector<std::string>& header) {
  std::filesystem::create_directories(file.parent_path());
  std::string text;
  for (const auto& line : header) text += line + '\n';
  text += std::string(header_end) + '\n';
  const auto temp = file.string() + ".tmp-" + std::to_string(::getpid()) + "-" + random_suffix();
  const int fd = ::open(temp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
  if (fd < 0) throw_os_error("create checkpoint", temp);
  try {
    write_all(fd, text, temp);
    // The data must be on disk before the rename makes it the record, or a
    // crash could leave an empty record under the final name.
    if (::fsync(fd) != 0) throw_os_error("fsync checkpoint", temp);
  } catch (...) {
    ::close(fd);
    ::unlink(temp.c_str());
    throw;
  }
  ::close(fd);
  if (::rename(temp.c_str(), file.c_str()) != 0) {
    const int saved = errno;
    ::unlink(temp.c_str());
    errno = saved;
    throw_os_error("rename checkpoint", file);
  }
  return text.size();
}

void remove_checkpoint(const std::filesystem::path& file) noexcept { ::unlink(file.c_str()); }

checkpoint_journal::checkpoint_journal(const std::filesystem::path& file, std::uint64_t valid_length) : file_(file) {
  fd_ = ::open(file.c_str(), O_WRONLY | O_APPEND | O_CLOEXEC);
  if (fd_ < 0) throw_os_error("open checkpoint", file);
  // A torn line from a killed process would glue itself to the next append.
  if (::ftruncate(fd_, static_cast<off_t>(valid_length)) != 0) {
    ::close(fd_);
    throw_os_error("truncate checkpoint", file);
  }
}

checkpoint_journal::~checkpoint_journal() {
  if (fd_ >= 0) ::close(fd_);
}

void checkpoint_journal::append(std::string_view line) {
  std::string text;
  text.reserve(line.size() + 1);
  text.append(line);
  text += '\n';
  // One write() per line on an O_APPEND descriptor: a kill leaves at worst
  // one torn last line. No fsync: the page cache survives a killed process,
  // and after a power loss the service's part list still tells the truth.
  write_all(fd_, text, file_);
}

// ---- upload_record ------------------------------------------------------------------

std::vector<std::string> upload_record::header() const {
  return {std::string(upload_magic),
          "source " + hex_encode(source.string()) + " " + std::to_string(identity.size) + " " +
              std::to_string(identity.mtime_ns),
          "object " + bucket + " " + hex_encode(key),
          "upload " + hex_encode(upload_id) + " " + std::to_string(part_size)};
}

std::string upload_record::journal_line(unsigned number, const completed_part& part) {
  return "p " + std::to_string(number) + " " + std::to_string(part.size) + " " + encode_etag(part.etag);
}

std::optional<upload_record> upload_record::parse(const checkpoint_lines& lines) {
  if (lines.header.size() != 4 || lines.header[0] != upload_magic) return std::nullopt;
  const auto source = split_fields(lines.header[1]);
  const auto object = split_fields(lines.header[2]);
  const auto upload = split_fields(lines.header[3]);
  if (source.size() != 4 || source[0] != "source" || object.size() != 3 || object[0] != "object" ||
      upload.size() != 3 || upload[0] != "upload")
    return std::nullopt;
  upload_record r;
  const auto path = hex_decode(source[1]);
  const auto size = number<std::uint64_t>(source[2]);
  const auto mtime = number<std::int64_t>(source[3]);
  auto key = hex_decode(object[2]);
  auto id = hex_decode(upload[1]);
  const auto part_size = number<std::uint64_t>(upload[2]);
  if (!path || !size || !mtime || !key || !id || id->empty() || !part_size || *part_size == 0) return std::nullopt;
  r.source = *path;
  r.identity = {*size, *mtime};
  r.bucket = std::string(object[1]);
  r.key = std::move(*key);
  r.upload_id = std::move(*id);
  r.part_size = *part_size;
  for (const auto& line : lines.journal) {
    const auto f = split_fields(line);
    if (f.size() != 4 || f[0] != "p") continue; // not ours: ignored, the service is asked anyway
    const auto n = number<unsigned>(f[1]);
    const auto part_bytes = number<std::uint64_t>(f[2]);
    auto etag = decode_etag(f[3]);
    if (!n || *n == 0 || !part_bytes || !etag) continue;
    r.parts[*n] = completed_part{*part_bytes, std::move(*etag)};
  }
  return r;
}

// ---- download_record ----------------------------------------------------------------

std::vector<std::string> download_record::header() const {
  return {std::string(download_magic),
          "object " + bucket + " " + hex_encode(key) + " " + hex_encode(etag) + " " + std::to_string(size) + " " +
              std::to_string(part_size),
          "target " + hex_encode(target.string()) + " " + hex_encode(temp_file.string())};
}

std::string download_record::journal_line(unsigned number) { return "r " + std::to_string(number); }

std::optional<download_record> download_record::parse(const checkpoint_lines& lines) {
  if (lines.header.size() != 3 || lines.header[0] != download_magic) return std::nullopt;
  const auto object = split_fields(lines.header[1]);
  const auto target = split_fields(lines.header[2]);
  if (object.size() != 6 || object[0] != "object" || target.size() != 3 || target[0] != "target") return std::nullopt;
  auto key = hex_decode(object[2]);
  auto etag = hex_decode(object[3]);
  const auto size = number<std::uint64_t>(object[4]);
  const auto part_size = number<std::uint64_t>(object[5]);
  const auto target_path = hex_decode(target[1]);
  const auto temp_path = hex_decode(target[2]);
  if (!key || !etag || !size || !part_size || *part_size == 0 || !target_path || !temp_path || temp_path->empty())
    return std::nullopt;
  download_record r;
  r.bucket = std::string(object[1]);
  r.key = std::move(*key);
  r.etag = std::move(*etag);
  r.size = *size;
  r.part_size = *part_size;
  r.target = *target_path;
  r.temp_file = *temp_path;
  for (const auto& line : lines.journal) {
    const auto f = split_fields(line);
    if (f.size() != 2 || f[0] != "r") continue;
    if (const auto n = number<unsigned>(f[1]); n && *n > 0) r.done.insert(*n);
  }
  return r;
}

} // namespace modelarts::obs::transfer

// Resume records of the transfer engine: one small text file per transfer.
//
// The file is a header, written whole through a temporary file and a rename
// (so a reader sees the old header or the new one, never a mix), followed by
// an append-only journal of what completed: one short line per part, so
// recording a part costs one small append, never a rewrite. A line is valid
// only once its '\n' is written: a process killed in the middle of an append
// leaves a torn last line, which is ignored and cut off before the next
// append. The journal is a hint; the service (ListParts, If-Match) stays the
// truth.
//
// Strings that may hold spaces or newlines (keys, paths, upload ids, ETags)
// are stored hex-encoded.
#pragma once

#include <cstdint>
#include <filesystem>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

namespace modelarts::obs::transfer {

/// What tells that a local file is still the one a record was made for.
struct file_identity {
  std::uint64_t size = 0;
  std::int64_t mtime_ns = 0;
  friend bool operator==(const file_identity&, const file_identity&) = default;
};
/// stat() of the file. Throws std::filesystem::filesystem_error.
file_identity identity_of(const std::filesystem::path& file);

/// `<dir>/<kind>-<hash of identity_text>.ckpt`: the same transfer finds the same record.
std::filesystem::path checkpoint_path(const std::filesystem::path& dir, std::string_view kind,
                                      std::string_view identity_text);

std::string hex_encode(std::string_view bytes);
/// nullopt for anything that is not an even number of hex digits.
std::optional<std::string> hex_decode(std::string_view hex);

/// The lines of a record: the header (up to its "." line) and the complete
/// journal lines after it, without their '\n'.
struct checkpoint_lines {
  std::vector<std::string> header;
  std::vector<std::string> journal;
  std::uint64_t valid_length = 0; ///< bytes up to the last complete line
};
/// nullopt when the file does not exist, cannot be read or has no complete header.
std::optional<checkpoint_lines> read_checkpoint_lines(const std::filesystem::path& file);
/// Writes `header` lines and the "." terminator to a temporary file in the
/// same folder, flushes it to disk and renames it over `file` (creating the
/// folder when missing). Any journal of an earlier record is gone. Returns
/// the bytes written (where the journal starts). Throws
/// std::filesystem::filesystem_error.
std::uint64_t write_checkpoint_header(const std::filesystem::path& file, const std::vector<std::string>& header);
/// Removes the record; errors are ignored (a stale record is checked on use).
void remove_checkpoint(const std::filesystem::path& file) noexcept;

/// Appends journal lines to a record. Cuts a torn last line off first.
class checkpoint_journal {
public:
  /// Throws std::filesystem::filesystem_error.
  checkpoint_journal(const std::filesystem::path& file, std::uint64_t valid_length);
  ~checkpoint_journal();
  checkpoint_journal(const checkpoint_journal&) = delete;
  checkpoint_journal& operator=(const checkpoint_journal&) = delete;

  /// One write() of `line` + '\n'. Throws std::filesystem::filesystem_error.
  void append(std::string_view line);

private:
  std::filesystem::path file_;
  int fd_ = -1;
};

// ---- typed records -------------------------------------------------------------

struct completed_part {
  std::uint64_t size = 0;
  std::string etag; ///< without quotes
};

/// A multipart upload in progress.
struct upload_record {
  std::filesystem::path source; ///< absolute
  file_identity identity;
  std::string bucket;
  std::string key;
  std::string upload_id;
  std::uint64_t part_size = 0;
  std::map<unsigned, completed_part> parts; ///< from the journal, by part number

  [[nodiscard]] std::vector<std::string> header() const;
  [[nodiscard]] static std::string journal_line(unsigned number, const completed_part& part);
  /// nullopt when the header is not an upload record of this version.
  static std::optional<upload_record> parse(const checkpoint_lines& lines);
};

/// A ranged download in progress into `temp_file`.
struct download_record {
  std::string bucket;
  std::string key;
  std::string etag; ///< the object's ETag when the download began
  std::uint64_t size = 0;
  std::uint64_t part_size = 0;
  std::filesystem::path target;
  std::filesystem::path temp_file;
  std::set<unsigned> done; ///< ranges written (1-based)

  [[nodiscard]] std::vector<std::string> header() const;
  [[nodiscard]] static std::string journal_line(unsigned number);
  static std::optional<download_record> parse(const checkpoint_lines& lines);
};

} // namespace modelarts::obs::transfer

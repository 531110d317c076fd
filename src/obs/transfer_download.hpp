// Downloading one object into a local file: one GET up to the single-request
// limit, otherwise ranged GETs in parallel into a temporary file that a
// checkpoint lets a later run continue. Either way the file appears under
// its final name only whole, by rename.
#pragma once

#include "obs/transfer_run.hpp"

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>

namespace modelarts::obs::transfer {

struct download_spec {
  std::string bucket;
  std::string key;
  /// Size and ETag from a listing; none: the job asks (HEAD) or resumes from its record.
  struct known_object {
    std::uint64_t size = 0;
    std::string etag;
  };
  std::optional<known_object> listed;
  std::filesystem::path target; ///< absolute
  /// For folder downloads: the folder `target` must stay in, also through
  /// symbolic links already there. Empty: no such check (the caller named the file).
  std::filesystem::path root;
};

/// The job for `run` (which must outlive it).
file_job make_download_job(transfer_run& run, download_spec spec);

/// True when `path` is `root` or inside it, compared element by element.
bool is_within(const std::filesystem::path& path, const std::filesystem::path& root);

} // namespace modelarts::obs::transfer

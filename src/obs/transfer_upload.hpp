// Uploading one local file: a single PUT up to the single-request limit,
// otherwise a multipart upload that can resume from a checkpoint.
#pragma once

#include "obs/transfer_run.hpp"

#include <cstdint>
#include <filesystem>
#include <string>

namespace modelarts::obs::transfer {

struct upload_spec {
  std::filesystem::path local; ///< absolute
  std::uint64_t size = 0;      ///< as planned; the job checks the file again
  std::string bucket;
  std::string key;
};

/// The job for `run` (which must outlive it).
file_job make_upload_job(transfer_run& run, upload_spec spec);

} // namespace modelarts::obs::transfer

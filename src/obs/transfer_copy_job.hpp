// Copying one object to another inside OBS: a server-side copy, no bytes
// through this machine.
#pragma once

#include "obs/transfer_run.hpp"

#include <cstdint>
#include <string>

namespace modelarts::obs::transfer {

struct copy_spec {
  std::string source_bucket;
  std::string source_key;
  std::uint64_t size = 0; ///< for progress
  std::string bucket;
  std::string key;
};

/// The job for `run` (which must outlive it).
file_job make_copy_job(transfer_run& run, copy_spec spec);

} // namespace modelarts::obs::transfer

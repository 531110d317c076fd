// What the OBS transfer examples share: their command line, where resume
// records go, the progress line, and running one obs_transfer::copy with
// Ctrl-C handling. A small helper for the examples, not part of the SDK.
#pragma once

#include <modelarts/obs/transfer.hpp>

#include <filesystem>
#include <string>
#include <string_view>

namespace example_support {

/// `[--part-size BYTES] [--concurrency N] [--checkpoint-dir DIR] <source> <destination>`.
struct transfer_command {
  std::string source;
  std::string destination;
  modelarts::obs::transfer_options options; ///< checkpoint_dir defaults to default_checkpoint_dir()
};

/// How one example names itself and its operands in messages.
struct transfer_wording {
  std::string_view program;  ///< "obs_upload"
  std::string_view operands; ///< "<local file or folder> <obs://bucket/prefix>", for the usage line
  std::string_view expected; ///< what a wrong operand count is told, e.g. "expected a local path and ..."
  std::string_view nothing;  ///< "nothing to upload: no file under"
  std::string_view done;     ///< "uploaded"
  std::string_view moved;    ///< "bytes sent"
};

/// $MODELARTS_TRANSFER_CHECKPOINT_DIR, else $XDG_CACHE_HOME/modelarts/transfer,
/// else ~/.cache/modelarts/transfer (else a folder under the temporary folder).
std::filesystem::path default_checkpoint_dir();

/// Reads the command line; prints the problem and the usage and exits with
/// status 2 when it is not one.
transfer_command parse_transfer_command(int argc, char** argv, const transfer_wording& words);

/// Runs `transfer.copy(source, destination)` with a client from the
/// environment, a progress line on stderr, and Ctrl-C / SIGTERM stopping it
/// cleanly (the resume record stays). Returns the process's exit status: 0
/// when every file arrived, 1 on a failure (each one printed), 130 when
/// interrupted.
int run_transfer(transfer_command command, const transfer_wording& words);

} // namespace example_support

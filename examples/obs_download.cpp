// Downloads an OBS object or folder into a local folder, in parallel ranged
// GETs, and resumes when run again after an interruption (Ctrl-C, a lost
// connection, a killed process). Everything comes from the environment (see
// README.md, "Configuration"), so the same binary talks to the cloud or to
// the emulator:
//
//   export HUAWEICLOUD_SDK_AK=... HUAWEICLOUD_SDK_SK=...
//   export MODELARTS_REGION=cn-north-4        # or MODELARTS_OBS_ENDPOINT=https://...
//   export MODELARTS_CA_FILE=/path/ca.pem     # only for a private CA
//   ./obs_download obs://bucket/models/model.bin ./in/   # → in/model.bin
//   ./obs_download obs://bucket/data/dataset/ ./in/      # → in/dataset/...
//
// Files appear under their final names only once complete. Keys that would
// leave the folder (`../`, absolute, NUL) are refused and reported; the
// other files are still downloaded. An object that changed since an
// interrupted run fails clearly instead of being mixed; run again to fetch
// the new version. Resume records are kept in
// $MODELARTS_TRANSFER_CHECKPOINT_DIR, else $XDG_CACHE_HOME/modelarts/transfer,
// else ~/.cache/modelarts/transfer.
//
// Options: --part-size BYTES  --concurrency N  --checkpoint-dir DIR
// (the command line, progress line and Ctrl-C handling are in example_support.cpp).

#include "example_support.hpp"

#include <utility>

int main(int argc, char** argv) {
  constexpr example_support::transfer_wording words{
      .program = "obs_download",
      .operands = "<obs://bucket/prefix> <local folder>",
      .expected = "expected an obs:// source and a local folder",
      .nothing = "nothing to download: no object at or under",
      .done = "downloaded",
      .moved = "bytes received",
  };
  auto command = example_support::parse_transfer_command(argc, argv, words);
  // The destination is a folder: an object goes inside it under its own name.
  if (command.destination.back() != '/') command.destination += '/';
  return example_support::run_transfer(std::move(command), words);
}

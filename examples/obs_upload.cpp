// Uploads a local file or folder to OBS, in parallel parts, and resumes when
// run again after an interruption (Ctrl-C, a lost connection, a killed
// process). Everything comes from the environment (see README.md,
// "Configuration"), so the same binary talks to the cloud or to the emulator:
//
//   export HUAWEICLOUD_SDK_AK=... HUAWEICLOUD_SDK_SK=...
//   export MODELARTS_REGION=cn-north-4        # or MODELARTS_OBS_ENDPOINT=https://...
//   export MODELARTS_CA_FILE=/path/ca.pem     # only for a private CA
//   ./obs_upload ./model.bin obs://bucket/models/     # → models/model.bin
//   ./obs_upload ./dataset   obs://bucket/data/       # → data/dataset/...
//
// A destination ending with '/' is a folder; a file uploaded to one that
// does not is stored under exactly that name. Resume records are kept in
// $MODELARTS_TRANSFER_CHECKPOINT_DIR, else $XDG_CACHE_HOME/modelarts/transfer,
// else ~/.cache/modelarts/transfer.
//
// Options: --part-size BYTES  --concurrency N  --checkpoint-dir DIR
// (the command line, progress line and Ctrl-C handling are in example_support.cpp).

#include "example_support.hpp"

int main(int argc, char** argv) {
  constexpr example_support::transfer_wording words{
      .program = "obs_upload",
      .operands = "<local file or folder> <obs://bucket/prefix>",
      .expected = "expected a local path and an obs:// destination",
      .nothing = "nothing to upload: no file under",
      .done = "uploaded",
      .moved = "bytes sent",
  };
  return example_support::run_transfer(example_support::parse_transfer_command(argc, argv, words), words);
}

// The SDK side of the benchmark, run in a child process of its own (the
// benchmark re-executes itself) so that its peak RSS is measured alone:
//
//   transfer --worker upload   <local file>   <obs://bucket/key>    [tuning]
//   transfer --worker download <obs://bucket/key> <local file>      [tuning]
//   transfer --worker folder   <local folder> <obs://bucket/prefix/> [tuning]
//   tuning: --part-size BYTES --concurrency N [--no-md5]
//
// The client comes from the environment. Prints one line
// `elapsed_s=… bytes=… files=… failures=…` (the transfer call alone) and
// exits 0 when every file went through.
#pragma once

namespace modelarts::bench {

/// argv[0] is the program, argv[1] "--worker".
int run_engine_worker(int argc, char** argv);

} // namespace modelarts::bench

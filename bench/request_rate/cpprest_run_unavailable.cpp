// Built instead of cpprest_run.cpp when cpprestsdk was not found (see
// scripts/install-deps.sh): the benchmark still runs and says what is missing.
#include "cpprest_run.hpp"

namespace modelarts::bench {

run_result run_cpprest(const signed_get&, const load_shape&, cpprest_trust) {
  run_result result;
  result.stack = "cpprestsdk";
  result.skipped = true;
  result.skip_reason = "cpprestsdk not found at configure time (run scripts/install-deps.sh)";
  return result;
}

} // namespace modelarts::bench

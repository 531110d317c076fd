#include "obs/transfer_copy_job.hpp"

#include "obs/transfer_requests.hpp"

namespace modelarts::obs::transfer {
namespace {

namespace asio = boost::asio;

asio::awaitable<void> copy_object(transfer_run& run, copy_spec spec) {
  auto& engine = run.engine();
  const auto flow = engine.next_flow();
  run.progress().add_parts_total(1);
  for (unsigned attempt = 1;; ++attempt) {
    std::exception_ptr failure;
    try {
      auto grant = co_await engine.scheduler().acquire(flow, 0);
      co_await engine.obs().copy_object(spec.source_bucket, spec.source_key, spec.bucket, spec.key);
      run.progress().add_bytes(spec.size);
      run.progress().part_done();
      co_return;
    } catch (...) {
      failure = std::current_exception();
    }
    if (attempt >= engine.options().part_attempts || !worth_retrying(failure)) std::rethrow_exception(failure);
  }
}

} // namespace

file_job make_copy_job(transfer_run& run, copy_spec spec) {
  file_job job;
  job.source = "obs://" + spec.source_bucket + "/" + spec.source_key;
  job.destination = "obs://" + spec.bucket + "/" + spec.key;
  job.run = [&run, spec = std::move(spec)] { return copy_object(run, spec); };
  return job;
}

} // namespace modelarts::obs::transfer

// OBS → OBS copies. Up to copy_multipart_threshold bytes: one CopyObject.
// Above it (the service refuses a single copy beyond 5 GB), a multipart copy:
//   prepare   HEAD the source (its ETag, content type and metadata), initiate
//             the target's upload with that content type and metadata;
//   parts     each part: wait for a request slot, UploadPartCopy of its
//             range with If-Match on the source's ETag, so every part comes
//             from the same version of the source;
//   complete  complete with the part list.
// On failure or cancellation the in-flight parts are stopped and the upload
// is aborted (unless keep_incomplete_upload). No checkpoint: a copy sends no
// bytes from here, so starting again costs only requests.
#include "obs/transfer_copy_job.hpp"

#include "modelarts/error.hpp"
#include "obs/obs_xml.hpp"
#include "obs/transfer_plan.hpp"
#include "obs/transfer_requests.hpp"

#include <boost/asio/error.hpp>
#include <boost/asio/this_coro.hpp>

#include <algorithm>
#include <memory>
#include <optional>
#include <vector>

namespace modelarts::obs::transfer {
namespace {

namespace asio = boost::asio;

constexpr std::uint64_t default_copy_part_size = 1024ULL * 1024 * 1024;

asio::awaitable<void> copy_single(transfer_run& run, copy_spec spec) {
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

class multipart_copy {
public:
  multipart_copy(transfer_run& run, copy_spec spec)
      : run_(run), engine_(run.engine()), spec_(std::move(spec)), flow_(engine_.next_flow()),
        parts_group_(engine_.strand()) {}

  asio::awaitable<void> run() {
    std::exception_ptr failure;
    try {
      co_await prepare();
      co_await copy_parts();
      co_await complete();
    } catch (...) {
      failure = std::current_exception();
    }
    if (failure) {
      // Stopping the parts and aborting must not be cancelled in turn. The
      // reset comes first: once cancelled, even entering a coroutine throws.
      co_await asio::this_coro::reset_cancellation_state(asio::disable_cancellation());
      co_await clean_up();
      std::rethrow_exception(failure);
    }
  }

private:
  [[nodiscard]] std::uint64_t part_size() const {
    const auto chosen = engine_.options().copy_part_size;
    return choose_part_size(size_, chosen != 0 ? chosen : default_copy_part_size);
  }

  asio::awaitable<void> prepare() {
    const auto head = co_await engine_.in_slot(flow_, engine_.obs().head_object(spec_.source_bucket, spec_.source_key));
    size_ = head.size;
    source_etag_ = strip_etag_quotes(head.etag);
    part_size_ = part_size();
    put_options target;
    target.content_type = head.content_type;
    target.user_metadata = head.user_metadata;
    upload_id_ = co_await engine_.in_slot(flow_, engine_.obs().initiate_multipart_upload(spec_.bucket, spec_.key, target));
    // An empty object still needs one (empty) part to complete.
    const auto count = std::max<std::uint64_t>(part_count(size_, part_size_), 1);
    parts_.assign(count, std::nullopt);
    run_.progress().add_parts_total(count);
  }

  asio::awaitable<void> copy_parts() {
    for (unsigned number = 1; number <= parts_.size(); ++number) {
      if (part_failure_ || run_.stopping()) break;
      auto grant = co_await engine_.scheduler().acquire(flow_, 0);
      if (part_failure_) break;
      parts_group_.spawn(copy_part(number, std::move(grant)), [this](std::exception_ptr e) {
        if (e && !part_failure_) {
          part_failure_ = e;
          parts_group_.cancel(); // the copy has failed: its other parts stop
        }
      });
    }
    co_await parts_group_.wait();
    if (part_failure_) std::rethrow_exception(part_failure_);
    for (const auto& p : parts_)
      if (!p) throw boost::system::system_error(asio::error::operation_aborted, "transfer stopped");
  }

  /// `grant` is the part's request slot, held until the part is copied.
  asio::awaitable<void> copy_part(unsigned number, [[maybe_unused]] transfer_scheduler::grant grant) {
    std::optional<byte_range> range;
    std::uint64_t length = 0;
    if (size_ > 0) {
      const auto part = part_at(size_, part_size_, number);
      range = byte_range{part.offset, part.offset + part.length - 1};
      length = part.length;
    }
    for (unsigned attempt = 1;; ++attempt) {
      std::exception_ptr failure;
      try {
        auto etag = co_await engine_.obs().upload_part_copy(spec_.bucket, spec_.key, upload_id_, number,
                                                            spec_.source_bucket, spec_.source_key, range,
                                                            source_etag_);
        parts_[number - 1] = part_info{number, std::move(etag), length};
        run_.progress().add_bytes(length);
        run_.progress().part_done();
        co_return;
      } catch (...) {
        failure = std::current_exception();
      }
      failure = source_changed(failure);
      if (attempt >= engine_.options().part_attempts || !worth_retrying(failure)) std::rethrow_exception(failure);
    }
  }

  /// A 412 (the copy-source If-Match failed) becomes errc::object_changed.
  [[nodiscard]] std::exception_ptr source_changed(const std::exception_ptr& e) const {
    try {
      std::rethrow_exception(e);
    } catch (const api_error& err) {
      if (err.http_status() == 412)
        return std::make_exception_ptr(boost::system::system_error(
            make_error_code(errc::object_changed), "obs://" + spec_.source_bucket + "/" + spec_.source_key +
                                                       " changed during the copy: its ETag is no longer \"" +
                                                       source_etag_ + "\" (" + err.what() + "); the copy was aborted"));
    } catch (...) {
    }
    return e;
  }

  asio::awaitable<void> complete() {
    std::vector<part_info> list;
    for (const auto& p : parts_) list.push_back(*p);
    co_await engine_.in_slot(flow_, engine_.obs().complete_multipart_upload(spec_.bucket, spec_.key, upload_id_, list));
    upload_id_.clear(); // completed: nothing left to abort
  }

  /// Runs with cancellation disabled (see run()).
  asio::awaitable<void> clean_up() {
    parts_group_.cancel();
    co_await parts_group_.wait();
    if (upload_id_.empty() || engine_.options().keep_incomplete_upload) co_return;
    try {
      co_await engine_.obs().abort_multipart_upload(spec_.bucket, spec_.key, upload_id_);
    } catch (const std::exception&) {
      // Reported by the original failure; the upload shows in list_multipart_uploads.
    }
  }

  transfer_run& run_;
  detail::transfer_engine& engine_;
  copy_spec spec_;
  std::uint64_t flow_;
  task_group parts_group_;
  std::uint64_t size_ = 0;
  std::uint64_t part_size_ = 0;
  std::string source_etag_;
  std::string upload_id_;
  std::vector<std::optional<part_info>> parts_;
  std::exception_ptr part_failure_;
};

asio::awaitable<void> run_multipart_copy(std::shared_ptr<multipart_copy> job) { co_await job->run(); }

} // namespace

file_job make_copy_job(transfer_run& run, copy_spec spec) {
  file_job job;
  job.source = "obs://" + spec.source_bucket + "/" + spec.source_key;
  job.destination = "obs://" + spec.bucket + "/" + spec.key;
  job.multipart = spec.size > run.engine().options().copy_multipart_threshold;
  if (job.multipart) {
    auto copy = std::make_shared<multipart_copy>(run, std::move(spec));
    job.run = [copy] { return run_multipart_copy(copy); };
  } else {
    job.run = [&run, spec = std::move(spec)] { return copy_single(run, spec); };
  }
  return job;
}

} // namespace modelarts::obs::transfer

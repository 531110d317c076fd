#include "obs/transfer_run.hpp"

#include "modelarts/error.hpp"

#include <boost/asio/error.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/system/system_error.hpp>

#include <filesystem>
#include <stdexcept>
#include <system_error>

namespace modelarts::obs::transfer {

namespace asio = boost::asio;

transfer_failure describe_failure(std::string source, std::string destination, const std::exception_ptr& e) {
  transfer_failure f{std::move(source), std::move(destination), {}, {}};
  try {
    std::rethrow_exception(e);
  } catch (const boost::system::system_error& err) { // api_error included: errc::service_error
    f.code = err.code();
    f.message = err.what();
  } catch (const std::system_error& err) { // std::filesystem::filesystem_error included
    f.code = boost::system::error_code(err.code());
    f.message = err.what();
  } catch (const std::invalid_argument& err) {
    f.code = boost::system::errc::make_error_code(boost::system::errc::invalid_argument);
    f.message = err.what();
  } catch (const std::exception& err) {
    f.code = boost::system::errc::make_error_code(boost::system::errc::io_error);
    f.message = err.what();
  }
  return f;
}

transfer_run::transfer_run(std::shared_ptr<detail::transfer_engine> engine)
    : engine_(std::move(engine)), progress_(engine_->options().on_progress), jobs_(engine_->strand()) {}

void transfer_run::add(file_job job) {
  (job.multipart ? waiting_multipart_ : waiting_single_).push_back(std::move(job));
}

void transfer_run::add_failure(std::string source, std::string destination, std::exception_ptr e) {
  if (!first_failure_) first_failure_ = e;
  result_.failures.push_back(describe_failure(std::move(source), std::move(destination), e));
  progress_.file_done(true);
}

void transfer_run::admit() {
  const auto concurrency = engine_->options().concurrency;
  while (!stopping_ && !waiting_multipart_.empty() && running_multipart_ < concurrency) {
    auto job = std::move(waiting_multipart_.front());
    waiting_multipart_.pop_front();
    start(std::move(job));
  }
  while (!stopping_ && !waiting_single_.empty() && running_single_ < 2 * concurrency) {
    auto job = std::move(waiting_single_.front());
    waiting_single_.pop_front();
    start(std::move(job));
  }
}

void transfer_run::start(file_job job) {
  auto& lane = job.multipart ? running_multipart_ : running_single_;
  ++lane;
  auto task = job.run();
  jobs_.spawn(std::move(task), [this, &lane, source = std::move(job.source),
                                destination = std::move(job.destination)](std::exception_ptr e) mutable {
    --lane;
    if (e) {
      add_failure(std::move(source), std::move(destination), e);
    } else {
      ++result_.files_transferred;
      progress_.file_done(false);
    }
    admit();
  });
}

asio::awaitable<transfer_result> transfer_run::finish() {
  admit();
  bool cancelled = false;
  try {
    co_await jobs_.wait();
  } catch (const boost::system::system_error& e) {
    if (e.code() != asio::error::operation_aborted) throw;
    cancelled = true;
  }
  if (cancelled) {
    // Cleanup (aborting uploads, removing temporary files) must not be
    // cancelled in turn.
    co_await asio::this_coro::reset_cancellation_state(asio::disable_cancellation());
    stopping_ = true;
    waiting_single_.clear();
    waiting_multipart_.clear();
    jobs_.cancel();
    co_await jobs_.wait();
    throw boost::system::system_error(asio::error::operation_aborted, "transfer cancelled");
  }
  result_.bytes_transferred = progress_.transferred();
  result_.bytes_resumed = progress_.resumed();
  co_return result_;
}

} // namespace modelarts::obs::transfer

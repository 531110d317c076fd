// A lazy walk over every page of a training-job search.
#pragma once

#include <modelarts/training/job.hpp>

#include <boost/asio/awaitable.hpp>

#include <memory>
#include <optional>
#include <vector>

namespace modelarts {
namespace detail {
class client_core;
}

namespace training {

/// Fetches one page per next() call, starting at the query's offset, until
/// the matching jobs are exhausted. One request per page; nothing is fetched
/// before the first next(). Not for concurrent use: await one next() at a time.
class job_pages {
public:
  job_pages(std::shared_ptr<detail::client_core> core, job_query query)
      : core_(std::move(core)), query_(std::move(query)) {}

  /// The next page, or nullopt when there is none (never an empty page).
  boost::asio::awaitable<std::optional<std::vector<job>>> next();

  /// Jobs matching the filters, as the last page reported (0 before the first).
  [[nodiscard]] std::int64_t count() const { return count_; }

private:
  std::shared_ptr<detail::client_core> core_;
  job_query query_;
  std::int64_t count_ = 0;
  bool done_ = false;
};

} // namespace training
} // namespace modelarts

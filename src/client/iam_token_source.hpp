// IAM password tokens (`POST /v3/auth/tokens`): fetched on first use, cached
// until shortly before they expire, refreshed by one request that every
// waiting coroutine shares.
#pragma once

#include "http/request_executor.hpp"
#include "modelarts/credentials.hpp"

#include <boost/asio/awaitable.hpp>

#include <deque>
#include <exception>
#include <memory>
#include <mutex>
#include <string>

namespace modelarts::detail {

class iam_token_source final : public http::authenticator {
public:
  /// `iam` is the IAM endpoint's origin and base path; the token is scoped to
  /// `project_id` when given, else to the project named like the region.
  iam_token_source(http::request_executor& executor, http::origin iam, std::string base_path,
                   credentials creds, std::string project_id, std::string region);

  boost::asio::awaitable<void> apply(http::request& req, auth::clock::time_point now) override;
  bool refresh_after_unauthorized(const http::request& rejected) override;

  /// The current token, fetching one when there is none or it is about to expire.
  boost::asio::awaitable<std::string> token();

  /// How many token requests were sent (for tests and statistics).
  [[nodiscard]] std::uint64_t fetches() const;

private:
  struct waiter;
  struct fetched {
    std::string token;
    auth::clock::time_point refresh_at;
  };
  boost::asio::awaitable<fetched> fetch();
  void wake_all_locked(std::exception_ptr error);

  http::request_executor& executor_;
  http::origin iam_;
  std::string base_path_;
  credentials creds_;
  std::string project_id_;
  std::string region_;

  mutable std::mutex mutex_;
  std::string token_;
  auth::clock::time_point refresh_at_{};
  bool fetching_ = false;
  std::deque<std::shared_ptr<waiter>> waiters_;
  std::uint64_t fetches_ = 0;
};

} // namespace modelarts::detail

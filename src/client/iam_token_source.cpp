#include "client/iam_token_source.hpp"

#include "core/json_fields.hpp"
#include "modelarts/error.hpp"

#include "http/wake_signal.hpp"

#include <boost/asio/error.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/json/serialize.hpp>

#include <cstdio>
#include <ctime>

namespace modelarts::detail {
namespace {

namespace asio = boost::asio;
namespace json = boost::json;

/// `2026-11-24T08:00:00.000000Z` (IAM's `expires_at`), fractional seconds ignored.
std::optional<auth::clock::time_point> parse_iso8601_utc(std::string_view s) {
  std::tm tm{};
  int year = 0, month = 0, day = 0, hour = 0, minute = 0, second = 0;
  const std::string text(s.substr(0, 19));
  if (std::sscanf(text.c_str(), "%4d-%2d-%2dT%2d:%2d:%2d", &year, &month, &day, &hour, &minute, &second) != 6)
    return std::nullopt;
  tm.tm_year = year - 1900;
  tm.tm_mon = month - 1;
  tm.tm_mday = day;
  tm.tm_hour = hour;
  tm.tm_min = minute;
  tm.tm_sec = second;
  return auth::clock::from_time_t(timegm(&tm));
}

} // namespace

struct iam_token_source::waiter {
  explicit waiter(const asio::any_io_executor& ex) : signal(ex) {}
  http::wake_signal signal;
  std::exception_ptr error;
};

iam_token_source::iam_token_source(http::request_executor& executor, http::origin iam, std::string base_path,
                                   credentials creds, std::string project_id, std::string region)
    : executor_(executor), iam_(std::move(iam)), base_path_(std::move(base_path)), creds_(std::move(creds)),
      project_id_(std::move(project_id)), region_(std::move(region)) {}

asio::awaitable<void> iam_token_source::apply(http::request& req, auth::clock::time_point) {
  req.headers.set("X-Auth-Token", co_await token());
}

bool iam_token_source::refresh_after_unauthorized(const http::request& rejected) {
  std::lock_guard lock(mutex_);
  // Only the first of many calls rejected with the same token forces a refresh;
  // the others find a newer token already cached.
  if (rejected.headers.get("X-Auth-Token") == std::optional<std::string_view>(token_)) refresh_at_ = {};
  return true;
}

std::uint64_t iam_token_source::fetches() const {
  std::lock_guard lock(mutex_);
  return fetches_;
}

void iam_token_source::wake_all_locked(std::exception_ptr error) {
  for (auto& w : waiters_) {
    w->error = error;
    w->signal.notify();
  }
  waiters_.clear();
}

asio::awaitable<std::string> iam_token_source::token() {
  std::unique_lock lock(mutex_);
  for (;;) {
    if (!token_.empty() && executor_.clock().now() < refresh_at_) co_return token_;
    if (!fetching_) break;
    auto w = std::make_shared<waiter>(co_await asio::this_coro::executor);
    waiters_.push_back(w);
    bool notified = false;
    try {
      // The fetch has its own deadline; a waiter waits for its outcome.
      notified = co_await w->signal.wait_until(lock, std::chrono::steady_clock::time_point::max());
    } catch (...) {
      // Cancelled: wait_until throws with the lock held; leave the queue below.
    }
    if (!notified) {
      std::erase(waiters_, w);
      throw boost::system::system_error(asio::error::operation_aborted, "waiting for an IAM token");
    }
    if (w->error) std::rethrow_exception(w->error);
  }

  fetching_ = true;
  ++fetches_;
  lock.unlock();
  std::exception_ptr failure;
  try {
    auto result = co_await fetch();
    lock.lock();
    token_ = result.token;
    refresh_at_ = result.refresh_at;
    fetching_ = false;
    wake_all_locked(nullptr);
    co_return token_;
  } catch (const boost::system::system_error& e) {
    failure = std::current_exception();
    // A cancelled fetch is this caller's business: the others try again themselves.
    if (e.code() == asio::error::operation_aborted) {
      lock.lock();
      fetching_ = false;
      wake_all_locked(nullptr);
      throw;
    }
  } catch (...) {
    failure = std::current_exception();
  }
  lock.lock();
  fetching_ = false;
  wake_all_locked(failure);
  std::rethrow_exception(failure);
}

asio::awaitable<iam_token_source::fetched> iam_token_source::fetch() {
  json::object user{{"name", creds_.user_name},
                    {"password", creds_.password.reveal()},
                    {"domain", json::object{{"name", creds_.domain_name.empty() ? creds_.user_name : creds_.domain_name}}}};
  json::object project = project_id_.empty() ? json::object{{"name", region_}} : json::object{{"id", project_id_}};
  json::object body{{"auth", json::object{{"identity", json::object{{"methods", json::array{"password"}},
                                                                    {"password", json::object{{"user", user}}}}},
                                          {"scope", json::object{{"project", project}}}}}};
  http::request req;
  req.method = "POST";
  req.to = iam_;
  req.path = base_path_ + "/v3/auth/tokens";
  req.headers.set("Content-Type", "application/json;charset=utf8");
  req.body = json::serialize(body);
  req.idempotent = true; // asking for a token twice is harmless

  const auto requested_at = executor_.clock().now();
  const auto res = co_await executor_.execute(std::move(req), nullptr);
  const auto token = res.headers.get("X-Subject-Token");
  if (!token || token->empty())
    throw boost::system::system_error(make_error_code(errc::token_unavailable),
                                      "IAM answered " + std::to_string(res.status) + " without X-Subject-Token");
  // Without a readable expiry, assume IAM's documented 24 h.
  auto expires_at = requested_at + std::chrono::hours(24);
  auto issued_at = requested_at;
  try {
    const auto root = json_fields::parse_object(res.body, "IAM token");
    const auto& t = json_fields::object(root, "token");
    if (const auto e = parse_iso8601_utc(json_fields::text(t, "expires_at"))) expires_at = *e;
    if (const auto i = parse_iso8601_utc(json_fields::text(t, "issued_at"))) issued_at = *i;
  } catch (const boost::system::system_error&) {
    // The token header is what counts; a body we cannot read keeps the default expiry.
  }
  // Refresh ahead of expiry: 5 minutes, or a quarter of a short lifetime.
  // Counted from our own request time, so a local clock that is off does not
  // make every token look expired.
  const auto lifetime = expires_at > issued_at ? expires_at - issued_at : std::chrono::hours(24);
  const auto margin = std::min<auth::clock::duration>(std::chrono::minutes(5), lifetime / 4);
  co_return fetched{std::string(*token), requested_at + lifetime - margin};
}

} // namespace modelarts::detail

// Maps a request to what answers it. Each service adds its routes from its
// own file (iam_routes.cpp, training_routes.cpp, obs_routes.cpp...), so a new
// service is a new file plus one line in routes.cpp.
//
// Two kinds of route: a pattern route (method + path pattern) whose handler
// gets the whole body in memory, for small JSON APIs; and a service route
// that takes every request its filter accepts and streams the body itself
// (OBS objects).
#pragma once

#include "exchange.hpp"

#include "core/http_message.hpp"

#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace modelarts::emulator {

struct fault;

/// The values of a pattern's `{name}` segments, decoded.
class path_params {
public:
  void add(std::string_view name, std::string value);
  /// Empty when the pattern has no such parameter.
  [[nodiscard]] std::string_view get(std::string_view name) const;

private:
  std::vector<std::pair<std::string, std::string>> values_;
};

using handler = std::function<http::response(const http::request&, const path_params&)>;
/// A further condition on a route, e.g. "the Host header names a bucket" for
/// OBS virtual-hosted requests. Empty: always.
using request_filter = std::function<bool(const http::request&)>;
/// Decides on the head; a consumer it returns may keep a reference to
/// `incoming::head`, which outlives it.
using streaming_handler = std::function<route_start(const incoming&)>;
/// The answer of a fault with a status, in the service's error format.
using fault_answer = std::function<reply(const fault&, const incoming&)>;

/// A route that takes any method and path its filter accepts.
struct service_route {
  request_filter applies;
  streaming_handler start;
  /// The path fault rules and requests_matching see (e.g. OBS's path-style
  /// form of a virtual-hosted request). Empty: the request's path.
  std::function<std::string(const http::request&)> logged_path;
  /// Empty: the APIG/IAM formats of cloud_errors.hpp.
  fault_answer injected_error;
  /// Its consumers' write() hashes and writes files: the listener runs it on
  /// worker threads, overlapped with reading the next piece of the body.
  bool body_on_workers = false;
  /// Tried before every pattern route and other service route (in the order
  /// added among themselves); otherwise tried in the order added.
  bool tried_first = false;
};

/// What the router chose for one request.
struct route_match {
  streaming_handler start;
  fault_answer injected_error; ///< never empty
  std::string logged_path;
  bool body_on_workers = false;
};

class router {
public:
  /// `pattern` is a decoded path whose segments are literals or `{name}`
  /// (exactly one non-empty segment); a last segment `{name+}` takes the
  /// rest of the path, slashes included (object keys). Routes of both kinds
  /// are tried in the order they were added (service routes marked
  /// tried_first before all).
  void add(std::string method, std::string_view pattern, handler answer,
           request_filter applies = {});
  void add_service(service_route r);

  /// The first matching route; when none matches, one that answers 404
  /// `APIG.0101`.
  [[nodiscard]] route_match find(const http::request& req) const;

private:
  struct segment {
    std::string text; // the literal, or the parameter's name
    bool is_param = false;
    bool takes_rest = false;
  };
  struct route {
    std::string method; // empty for a service route
    std::vector<segment> segments;
    handler answer;
    request_filter applies;
    const service_route* service = nullptr;
  };
  static bool match(const route& r, std::string_view path, path_params& params);

  std::vector<route> routes_;
  // Stable addresses for route::service.
  std::vector<std::unique_ptr<service_route>> services_;
};

} // namespace modelarts::emulator

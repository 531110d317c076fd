// Maps a request to the function that answers it. Each service adds its
// routes from its own file (iam_routes.cpp, training_routes.cpp, ...), so a new
// service is a new file plus one line in routes.cpp.
#pragma once

#include "core/http_message.hpp"

#include <functional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace modelarts::emulator {

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

class router {
public:
  /// `pattern` is a decoded path whose segments are literals or `{name}`
  /// (exactly one non-empty segment); a last segment `{name+}` takes the
  /// rest of the path, slashes included (object keys). Routes are tried in
  /// the order they were added.
  void add(std::string method, std::string_view pattern, handler answer,
           request_filter applies = {});

  /// The answer of the first matching route; 404 `APIG.0101` when none does.
  [[nodiscard]] http::response dispatch(const http::request& req) const;

private:
  struct segment {
    std::string text; // the literal, or the parameter's name
    bool is_param = false;
    bool takes_rest = false;
  };
  struct route {
    std::string method;
    std::vector<segment> segments;
    handler answer;
    request_filter applies;
  };
  static bool match(const route& r, std::string_view path, path_params& params);

  std::vector<route> routes_;
};

} // namespace modelarts::emulator

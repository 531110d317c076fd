// Counts of the requests the emulator has seen, by method and path, so tests
// can assert how often a client called (retries included).
#pragma once

#include <cstdint>
#include <map>
#include <mutex>
#include <string>
#include <string_view>
#include <utility>

namespace modelarts::emulator {

class request_log {
public:
  void record(std::string_view method, std::string_view path);
  /// An empty method matches any; the path matches by prefix.
  [[nodiscard]] std::uint64_t count_matching(std::string_view method,
                                             std::string_view path_prefix) const;

private:
  mutable std::mutex mutex_;
  // One counter per distinct (method, path): bounded by the paths used, not by
  // the number of requests, so a long benchmark does not grow it.
  std::map<std::pair<std::string, std::string>, std::uint64_t, std::less<>> counts_;
};

} // namespace modelarts::emulator

#include "request_log.hpp"

namespace modelarts::emulator {

void request_log::record(std::string_view method, std::string_view path) {
  const std::lock_guard lock(mutex_);
  ++counts_[{std::string(method), std::string(path)}];
}

std::uint64_t request_log::count_matching(std::string_view method,
                                          std::string_view path_prefix) const {
  const std::lock_guard lock(mutex_);
  std::uint64_t total = 0;
  for (const auto& [key, n] : counts_) {
    const auto& [m, p] = key;
    if ((method.empty() || m == method) && p.starts_with(path_prefix)) total += n;
  }
  return total;
}

} // namespace modelarts::emulator

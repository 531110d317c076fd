#include "fault_table.hpp"

#include <algorithm>

namespace modelarts::emulator {

void fault_table::add(fault f) {
  const std::lock_guard lock(mutex_);
  rules_.push_back(std::move(f));
}

void fault_table::clear() {
  const std::lock_guard lock(mutex_);
  rules_.clear();
}

std::optional<fault> fault_table::pick(std::string_view method, std::string_view path) {
  const std::lock_guard lock(mutex_);
  for (auto& rule : rules_) {
    if (rule.count == 0) continue;
    if (!rule.method.empty() && rule.method != method) continue;
    if (!path.starts_with(rule.path_prefix)) continue;
    std::bernoulli_distribution hit(std::clamp(rule.rate, 0.0, 1.0));
    if (!hit(random_)) continue;
    if (rule.count > 0) --rule.count;
    return rule;
  }
  return std::nullopt;
}

} // namespace modelarts::emulator

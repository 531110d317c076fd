// The fault rules a test has set, and the decision which request they hit.
#pragma once

#include "modelarts/emulator/emulator.hpp"

#include <cstdint>
#include <mutex>
#include <optional>
#include <random>
#include <string_view>
#include <vector>

namespace modelarts::emulator {

class fault_table {
public:
  explicit fault_table(std::uint64_t seed) : random_(seed) {}

  void add(fault f);
  void clear();
  /// The fault to apply to this request, if any. Rules are tried in insertion
  /// order; a rule that matches and has count left draws against its rate;
  /// the first hit is returned and its count decremented.
  [[nodiscard]] std::optional<fault> pick(std::string_view method, std::string_view path);

private:
  std::mutex mutex_;
  std::vector<fault> rules_;
  std::mt19937_64 random_;
};

} // namespace modelarts::emulator

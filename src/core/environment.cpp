#include "core/environment.hpp"

#include <cstdlib>
#include <initializer_list>

namespace modelarts {

std::optional<std::string> environment_value(const char* name) {
  const char* v = std::getenv(name);
  if (v == nullptr || *v == '\0') return std::nullopt;
  return std::string(v);
}

std::optional<std::string> environment_value(std::initializer_list<const char*> names) {
  for (const char* name : names) {
    if (auto v = environment_value(name)) return v;
  }
  return std::nullopt;
}

} // namespace modelarts

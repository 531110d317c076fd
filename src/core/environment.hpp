// Reading the process environment, where an empty variable counts as unset.
#pragma once

#include <initializer_list>
#include <optional>
#include <string>

namespace modelarts {

/// The value of environment variable `name`; nullopt when unset or empty (a
/// shell's `export X=` usually means "no value", not "the empty string").
std::optional<std::string> environment_value(const char* name);

/// The first of `names` that is set and not empty.
std::optional<std::string> environment_value(std::initializer_list<const char*> names);

} // namespace modelarts

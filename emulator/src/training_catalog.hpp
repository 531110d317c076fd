// The training resource flavors and AI engines the emulator lists, as JSON
// documents in the cloud's response format.
#pragma once

#include <string_view>

namespace modelarts::emulator {

/// `{"total_count":N,"flavors":[...]}`: the two CPU flavors of the API
/// reference's example plus a GPU and an Ascend one.
std::string_view training_flavors_json();
/// `{"total":3,"items":[...]}`: the three engines of the API reference's
/// (abridged) example.
std::string_view training_engines_json();

} // namespace modelarts::emulator

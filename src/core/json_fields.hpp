// Tolerant reads of JSON fields: the service's examples mix strings and
// numbers for the same field ("weight": 70 / "70"), and responses grow fields.
#pragma once

#include <boost/json/object.hpp>
#include <boost/json/value.hpp>

#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>

namespace modelarts::json_fields {

/// Parses a response body that must be a JSON object; throws
/// system_error(errc::malformed_response) naming `what` and the parse error.
boost::json::object parse_object(std::string_view body, std::string_view what);

/// The field as a string: strings as they are, numbers and booleans printed;
/// empty when absent or null.
std::string text(const boost::json::object& o, std::string_view key);
/// The field as an integer: numbers, or strings holding one; `fallback` otherwise.
long long integer(const boost::json::object& o, std::string_view key, long long fallback = 0);
/// The field as a double: numbers, or strings holding one; `fallback` otherwise.
double number(const boost::json::object& o, std::string_view key, double fallback = 0);
/// Booleans, or the strings "true"/"false"; `fallback` otherwise.
bool boolean(const boost::json::object& o, std::string_view key, bool fallback = false);
/// A nested object, or an empty one when absent or not an object.
const boost::json::object& object(const boost::json::object& o, std::string_view key);
/// A copy of `o` without the fields the SDK already maps.
boost::json::object unknown_fields(const boost::json::object& o, std::initializer_list<std::string_view> known);

} // namespace modelarts::json_fields

// Validation of service requests the way the cloud answers them: a message
// naming the field and the rule, sent as 400 ModelArts.3501 by the routes.
#pragma once

#include <boost/json/object.hpp>
#include <boost/json/value.hpp>

#include <optional>
#include <string>
#include <string_view>

namespace modelarts::emulator {

/// An integer given as a number or a numeric string ("weight": "70").
std::optional<long long> loose_integer(const boost::json::value* v);
/// A string field, or empty.
std::string text_field(const boost::json::object& o, std::string_view key);

/// POST /v1/{project_id}/services (S1 Table 8-2 … 8-4).
std::optional<std::string> deploy_problem(const boost::json::object& body);
/// The `config` array of a deploy or an update, for the given infer_type.
std::optional<std::string> configs_problem(const boost::json::value* configs, std::string_view infer_type);
/// PUT …/services/{id}: description, status, config.
std::optional<std::string> update_problem(const boost::json::object& body, std::string_view infer_type);

} // namespace modelarts::emulator

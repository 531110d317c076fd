// What the v2 training routes (jobs, algorithms) share: project check, the
// training APIs' error form, body parsing and catalogue look-ups.
//
// Error codes (the emulator's choices; the cloud's are not documented here):
//   ModelArts.2601  400  body is not a JSON object, or a required field is missing or wrong
//   ModelArts.2602  404  no training job with that id
//   ModelArts.2603  400  the job names no algorithm (id, code_dir + boot_file, or image + command)
//   ModelArts.2604  400  unknown flavor_id
//   ModelArts.2605  400  node_count below 1 or above the flavor's max_num
//   ModelArts.2606  400  terminate from a phase other than Creating, Pending, Running
//   ModelArts.2607  404  no algorithm with that id
//   ModelArts.2608  400  search paging out of range (offset < 0, limit outside 1–50)
//   ModelArts.2609  404  the job has no such task
//   ModelArts.2610  400  unknown engine
#pragma once

#include "emulator_state.hpp"
#include "router.hpp"

#include "core/http_message.hpp"

#include <boost/json/object.hpp>

#include <optional>
#include <string_view>

namespace modelarts::emulator {

/// `{"error_code", "error_msg", "error_solution"}`, the training APIs' error form.
http::response training_error(unsigned status, std::string_view code, std::string_view message,
                              std::string_view solution = {});
/// 404 ModelArts.0104 unless the path's project is the emulator's.
std::optional<http::response> refuse_other_project(const emulator_state& state, const path_params& params);
/// The body as a JSON object, or nullopt.
std::optional<boost::json::object> json_body(const http::request& req);
/// The catalogue's flavor, or nullopt.
std::optional<boost::json::object> find_flavor(std::string_view flavor_id);
/// The catalogue's engine named by `engine_id` or `engine_name` + `engine_version`, or nullopt.
std::optional<boost::json::object> find_engine(const boost::json::object& engine_ref);

/// Algorithms: POST/GET /v2/{project_id}/algorithms, GET/PUT/DELETE .../algorithms/{algorithm_id}.
void add_training_algorithm_routes(router& routes, emulator_state& state);

} // namespace modelarts::emulator

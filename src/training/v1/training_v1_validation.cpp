#include "training/v1/training_v1_validation.hpp"

#include "modelarts/error.hpp"

#include <boost/system/system_error.hpp>

#include <string>

namespace modelarts::training::v1::validation {
namespace {

[[noreturn]] void refuse(std::string_view field, const std::string& rule) {
  throw boost::system::system_error(make_error_code(errc::invalid_argument), std::string(field) + ": " + rule);
}

bool name_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
}

} // namespace

void check_name(std::string_view field, std::string_view value, std::size_t max_length) {
  if (value.empty() || value.size() > max_length)
    refuse(field, "must be 1-" + std::to_string(max_length) + " characters");
  for (const char c : value) {
    if (!name_char(c)) refuse(field, "may contain only letters, digits, '-' and '_'");
  }
}

void check_description(std::string_view field, std::string_view value) {
  if (value.size() > 256) refuse(field, "must be at most 256 characters");
}

void check_id(std::string_view field, std::int64_t value) {
  if (value <= 0) refuse(field, "must be a positive id");
}

void check_page(int per_page, int page, int max_per_page, std::string_view order, std::string_view search) {
  if (per_page < 1 || per_page > max_per_page) refuse("per_page", "must be 1-" + std::to_string(max_per_page));
  if (page < 1) refuse("page", "must be 1 or more");
  if (!order.empty() && order != "asc" && order != "desc") refuse("order", "must be asc or desc");
  if (search.size() > 100) refuse("search_content", "must be at most 100 characters");
}

void check_run_config(const run_config& c) {
  if (c.worker_server_num < 1) refuse("worker_server_num", "must be 1 or more");
  const bool own_code = !c.app_url.empty() && !c.boot_file_url.empty();
  const bool built_in = c.model_id != 0;
  const bool own_image = !c.user_image_url.empty() && !c.user_command.empty();
  if (!own_code && !built_in && !own_image)
    refuse("config", "needs app_url and boot_file_url, a built-in algorithm (model_id), or user_image_url and "
                     "user_command");
  if (built_in && own_code) refuse("model_id", "a built-in algorithm excludes app_url/boot_file_url");
}

void check(const job_create_request& r) {
  check_name("job_name", r.job_name, 64);
  check_description("job_desc", r.job_desc);
  check_run_config(r.config);
}

void check(const version_create_request& r) {
  check_id("pre_version_id", r.pre_version_id);
  check_description("job_desc", r.job_desc);
  check_run_config(r.config);
}

void check(const job_config& c) {
  check_name("config_name", c.config_name, 20);
  check_description("config_desc", c.config_desc);
  check_run_config(c.config);
}

void check(const visualization_create_request& r) {
  check_name("job_name", r.job_name, 20);
  check_description("job_desc", r.job_desc);
  if (r.train_url.empty()) refuse("train_url", "is required (the OBS directory with the event files)");
}

} // namespace modelarts::training::v1::validation

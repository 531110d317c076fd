#include "modelarts/models/model_package.hpp"

#include "modelarts/error.hpp"

#include <algorithm>
#include <system_error>

namespace modelarts::models {

namespace {

std::string_view file_name(std::string_view path) {
  const auto slash = path.rfind('/');
  return slash == std::string_view::npos ? path : path.substr(slash + 1);
}

void check_one(const std::vector<std::string>& files, std::string_view name, std::vector<std::string>& problems) {
  std::vector<std::string> found;
  for (const auto& f : files) {
    if (file_name(f) == name) found.push_back(f);
  }
  const auto expected = "model/" + std::string(name);
  if (found.empty()) {
    problems.push_back("no " + std::string(name) + " (expected " + expected + ")");
    return;
  }
  if (found.size() > 1) {
    std::string list;
    for (const auto& f : found) list += (list.empty() ? "" : ", ") + f;
    problems.push_back(std::to_string(found.size()) + " files named " + std::string(name) +
                       " (exactly one is allowed): " + list);
    return;
  }
  if (found.front() != expected) problems.push_back(found.front() + " must be " + expected);
}

} // namespace

std::vector<std::string> model_package_problems(const std::vector<std::string>& relative_files) {
  std::vector<std::string> problems;
  check_one(relative_files, "config.json", problems);
  check_one(relative_files, "customize_service.py", problems);
  return problems;
}

void check_local_model_package(const std::filesystem::path& folder) {
  std::error_code ec;
  if (!std::filesystem::is_directory(folder, ec)) {
    throw boost::system::system_error(make_error_code(errc::invalid_argument),
                                      "model package " + folder.string() + ": not a folder");
  }
  std::vector<std::string> files;
  for (std::filesystem::recursive_directory_iterator it(folder, ec), end; !ec && it != end; it.increment(ec)) {
    if (it->is_regular_file(ec)) files.push_back(it->path().lexically_relative(folder).generic_string());
  }
  if (ec) {
    throw boost::system::system_error(make_error_code(errc::invalid_argument),
                                      "model package " + folder.string() + ": cannot be listed: " + ec.message());
  }
  const auto problems = model_package_problems(files);
  if (problems.empty()) return;
  std::string message = "model package " + folder.string() + ":";
  for (const auto& p : problems) message += " " + p + ";";
  message.pop_back();
  throw boost::system::system_error(make_error_code(errc::invalid_argument), message);
}

} // namespace modelarts::models

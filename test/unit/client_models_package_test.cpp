#include "modelarts/error.hpp"
#include "modelarts/models/model_package.hpp"

#include <boost/test/unit_test.hpp>

#include <filesystem>
#include <fstream>
#include <random>

using namespace modelarts;
namespace fs = std::filesystem;

namespace {

/// A fresh folder under the system's temporary folder, removed at the end.
struct temp_folder {
  temp_folder() {
    std::random_device rd;
    path = fs::temp_directory_path() / ("models-package-test-" + std::to_string(rd()) + std::to_string(rd()));
    fs::create_directories(path);
  }
  ~temp_folder() {
    std::error_code ec;
    fs::remove_all(path, ec);
  }
  void file(const std::string& relative) const {
    fs::create_directories((path / relative).parent_path());
    std::ofstream(path / relative) << "x";
  }
  fs::path path;
};

std::string refusal_of(const fs::path& folder) {
  try {
    models::check_local_model_package(folder);
  } catch (const boost::system::system_error& e) {
    BOOST_TEST((e.code() == make_error_code(errc::invalid_argument)));
    return e.what();
  }
  BOOST_ERROR("no refusal");
  return {};
}

bool has(const std::vector<std::string>& problems, const std::string& part) {
  for (const auto& p : problems) {
    if (p.find(part) != std::string::npos) return true;
  }
  return false;
}

} // namespace

BOOST_AUTO_TEST_CASE(a_package_with_one_config_and_script_in_model_is_fine) {
  BOOST_TEST(models::model_package_problems({"model/config.json", "model/customize_service.py", "model/mnist.pt",
                                             "model/sub/weights.bin"})
                 .empty());
}

BOOST_AUTO_TEST_CASE(missing_files_are_named) {
  const auto problems = models::model_package_problems({"model/mnist.pt"});
  BOOST_TEST(problems.size() == 2u);
  BOOST_TEST(has(problems, "no config.json (expected model/config.json)"));
  BOOST_TEST(has(problems, "no customize_service.py (expected model/customize_service.py)"));
}

BOOST_AUTO_TEST_CASE(two_config_files_are_refused_and_listed) {
  const auto problems =
      models::model_package_problems({"model/config.json", "model/old/config.json", "model/customize_service.py"});
  BOOST_TEST_REQUIRE(problems.size() == 1u);
  BOOST_TEST(has(problems, "2 files named config.json"));
  BOOST_TEST(has(problems, "model/old/config.json"));
}

BOOST_AUTO_TEST_CASE(files_outside_model_are_refused) {
  const auto problems = models::model_package_problems({"config.json", "src/customize_service.py"});
  BOOST_TEST(has(problems, "config.json must be model/config.json"));
  BOOST_TEST(has(problems, "src/customize_service.py must be model/customize_service.py"));
}

BOOST_AUTO_TEST_CASE(a_local_package_is_checked_on_disk) {
  temp_folder dir;
  dir.file("model/config.json");
  dir.file("model/customize_service.py");
  dir.file("model/weights/mnist.pt");
  BOOST_CHECK_NO_THROW(models::check_local_model_package(dir.path));
}

BOOST_AUTO_TEST_CASE(a_local_package_lists_every_problem_at_once) {
  temp_folder dir;
  dir.file("model/config.json");
  dir.file("config.json");
  dir.file("model/mnist.pt");
  const auto message = refusal_of(dir.path);
  BOOST_TEST(message.find("2 files named config.json") != std::string::npos, message);
  BOOST_TEST(message.find("no customize_service.py") != std::string::npos, message);
}

BOOST_AUTO_TEST_CASE(a_missing_folder_is_refused) {
  temp_folder dir;
  const auto message = refusal_of(dir.path / "absent");
  BOOST_TEST(message.find("not a folder") != std::string::npos, message);
}

BOOST_AUTO_TEST_CASE(an_empty_folder_lacks_both_files) {
  temp_folder dir;
  const auto message = refusal_of(dir.path);
  BOOST_TEST(message.find("no config.json") != std::string::npos, message);
  BOOST_TEST(message.find("no customize_service.py") != std::string::npos, message);
}

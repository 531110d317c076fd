#include "core/json_fields.hpp"
#include "modelarts/error.hpp"
#include "training/flavors_json.hpp"

#include <boost/test/unit_test.hpp>

#include <fstream>
#include <sstream>

using namespace modelarts;

namespace {

std::string read_data(const char* name) {
  std::ifstream in(std::string(MODELARTS_TEST_DATA_DIR) + "/" + name);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

} // namespace

BOOST_AUTO_TEST_CASE(the_seed_flavors_response_is_read_whole) {
  const auto body = json_fields::parse_object(read_data("flavors_resp.json"), "test");
  const auto flavors = training::flavors_from_json(body);
  BOOST_TEST_REQUIRE(flavors.size() == 2u);
  const auto& f = flavors[1];
  BOOST_TEST(f.flavor_id == "modelarts.vm.cpu.8u");
  BOOST_TEST(f.flavor_name == "Computing CPU(8U) instance");
  BOOST_TEST(f.flavor_type == "CPU");
  BOOST_TEST(f.billing_code == "modelarts.vm.cpu.8u");
  BOOST_TEST(f.billing_unit_num == 1);
  BOOST_TEST(f.info.max_num == 16);
  BOOST_TEST(f.info.cpu_arch == "x86");
  BOOST_TEST(f.info.cpu_core_num == 8);
  BOOST_TEST_REQUIRE(f.info.memory.has_value());
  BOOST_TEST(f.info.memory->size == 32.0);
  BOOST_TEST(f.info.memory->unit == "GB");
  BOOST_TEST(f.extra.empty());
}

BOOST_AUTO_TEST_CASE(numbers_written_as_strings_and_unknown_fields_are_tolerated) {
  const auto body = json_fields::parse_object(
      R"({"flavors":[{"flavor_id":"x","flavor_info":{"max_num":"4","disk":{"size":"50","unit":"GB"}},"new_field":[1]}]})",
      "test");
  const auto flavors = training::flavors_from_json(body);
  BOOST_TEST_REQUIRE(flavors.size() == 1u);
  BOOST_TEST(flavors[0].info.max_num == 4);
  BOOST_TEST(flavors[0].info.disk->size == 50.0);
  BOOST_TEST(flavors[0].extra.contains("new_field"));
}

BOOST_AUTO_TEST_CASE(a_response_without_the_list_is_a_malformed_response) {
  const auto body = json_fields::parse_object(R"({"total_count":2})", "test");
  try {
    training::flavors_from_json(body);
    BOOST_FAIL("expected malformed_response");
  } catch (const boost::system::system_error& e) {
    BOOST_TEST(e.code() == make_error_code(errc::malformed_response));
  }
}

BOOST_AUTO_TEST_CASE(a_body_that_is_not_json_is_a_malformed_response) {
  for (const char* bad : {"", "<html>502</html>", "{\"flavors\":[", "[1,2]"}) {
    try {
      json_fields::parse_object(bad, "list flavors");
      BOOST_FAIL("expected malformed_response");
    } catch (const boost::system::system_error& e) {
      BOOST_TEST(e.code() == make_error_code(errc::malformed_response));
      BOOST_TEST(std::string(e.what()).find("list flavors") != std::string::npos);
    }
  }
}

BOOST_AUTO_TEST_CASE(engines_are_read_with_tags_and_images) {
  const auto body = json_fields::parse_object(
      R"({"total":1,"items":[{"engine_id":"pytorch_1.8.0","engine_name":"PyTorch","engine_version":"pytorch_1.8.0",
          "v1_compatible":false,"run_user":"1102","tags":[{"key":"auto_search","value":"True"}],
          "image_info":{"cpu_image_url":"aip/pytorch_1_8:train","gpu_image_url":"aip/pytorch_1_8:train","image_version":"v"}}]})",
      "test");
  const auto engines = training::engines_from_json(body);
  BOOST_TEST_REQUIRE(engines.size() == 1u);
  BOOST_TEST(engines[0].engine_name == "PyTorch");
  BOOST_TEST(engines[0].run_user == "1102");
  BOOST_TEST_REQUIRE(engines[0].tags.size() == 1u);
  BOOST_TEST(engines[0].tags[0].value == "True");
  BOOST_TEST(engines[0].cpu_image_url == "aip/pytorch_1_8:train");
}

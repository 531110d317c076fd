#include "core/json_fields.hpp"
#include "modelarts/error.hpp"
#include "models/authorization_json.hpp"
#include "models/model_json.hpp"

#include <boost/json.hpp>
#include <boost/test/unit_test.hpp>

#include <fstream>
#include <sstream>

using namespace modelarts;
namespace json = boost::json;

namespace {

std::string read_data(const char* name) {
  std::ifstream in(std::string(MODELARTS_TEST_DATA_DIR) + "/models/" + name);
  BOOST_TEST_REQUIRE(in.good(), name);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

json::object data_object(const char* name) { return json_fields::parse_object(read_data(name), name); }

models::create_model_request full_request() {
  auto r = models::create_model_request::from_training_job("digit_model", "1.2.3", "/bucket/job/output/",
                                                           "PyTorch", "66ff6991-fd66-40b6-8101-0829a46d3731",
                                                           "V001");
  r.model_algorithm = "image_classification";
  r.description = "digits";
  r.execution_code = "/bucket/job/output/model/customize_service.py";
  r.runtime = "python3.7";
  r.input_params = {{"/", "images", "file", std::nullopt, std::nullopt, "an image"}};
  r.output_params = {{"/", "score", "number", 0.0, 1.0, "confidence"}};
  r.dependencies = {{"pip", {{"numpy", "1.15.0", "EXACT"}, {"h5py", "", ""}}}};
  r.apis = R"([{"protocol":"https","url":"/","method":"post"}])";
  r.workspace_id = "0";
  r.extra["install_type"] = json::array{"real-time"};
  return r;
}

} // namespace

BOOST_AUTO_TEST_CASE(a_create_request_survives_a_json_round_trip) {
  const auto original = full_request();
  const auto body = models::to_json(original);
  const auto back = models::create_request_from_json(json::parse(json::serialize(body)).as_object());
  BOOST_TEST(back.model_name == original.model_name);
  BOOST_TEST(back.model_version == original.model_version);
  BOOST_TEST(back.source_location == original.source_location);
  BOOST_TEST(back.model_type == original.model_type);
  BOOST_TEST(back.model_algorithm == original.model_algorithm);
  BOOST_TEST(back.description == original.description);
  BOOST_TEST(back.execution_code == original.execution_code);
  BOOST_TEST(back.runtime == original.runtime);
  BOOST_TEST(back.source_job_id == original.source_job_id);
  BOOST_TEST(back.source_job_version == original.source_job_version);
  BOOST_TEST_REQUIRE(back.input_params.size() == 1u);
  BOOST_TEST(back.input_params[0].param_type == "file");
  BOOST_TEST(!back.input_params[0].min.has_value());
  BOOST_TEST_REQUIRE(back.output_params.size() == 1u);
  BOOST_TEST(*back.output_params[0].max == 1.0);
  BOOST_TEST_REQUIRE(back.dependencies.size() == 1u);
  BOOST_TEST_REQUIRE(back.dependencies[0].packages.size() == 2u);
  BOOST_TEST(back.dependencies[0].packages[0].restraint == "EXACT");
  BOOST_TEST(back.dependencies[0].packages[1].package_version.empty());
  BOOST_TEST(back.apis == original.apis);
  BOOST_TEST(back.workspace_id == "0");
  BOOST_TEST(back.extra.contains("install_type"));
}

BOOST_AUTO_TEST_CASE(empty_optional_fields_are_not_sent) {
  const auto body = models::to_json(models::create_model_request::from_obs("m", "1.0.0", "/b/d/", "MXNet"));
  BOOST_TEST(body.size() == 4u);
  BOOST_TEST(!body.contains("description"));
  BOOST_TEST(!body.contains("dependencies"));
}

BOOST_AUTO_TEST_CASE(an_obs_url_is_sent_in_the_rest_form) {
  auto r = models::create_model_request::from_obs("m", "1.0.0", "obs://bucket/dir/", "MXNet");
  r.execution_code = "obs://bucket/dir/model/customize_service.py";
  const auto body = models::to_json(r);
  BOOST_TEST(body.at("source_location").as_string() == "/bucket/dir/");
  BOOST_TEST(body.at("execution_code").as_string() == "/bucket/dir/model/customize_service.py");
  // An image path is not an OBS path and is sent as given.
  const auto image = models::to_json(models::create_model_request::from_image("m", "1.0.0", "swr.example/org/img:1"));
  BOOST_TEST(image.at("source_location").as_string() == "swr.example/org/img:1");
  BOOST_TEST(image.at("model_type").as_string() == "Image");
}

BOOST_AUTO_TEST_CASE(extra_fields_never_replace_known_ones) {
  auto r = models::create_model_request::from_obs("m", "1.0.0", "/b/d/", "MXNet");
  r.extra["model_name"] = "other";
  BOOST_TEST(models::to_json(r).at("model_name").as_string() == "m");
}

BOOST_AUTO_TEST_CASE(a_model_detail_is_read_whole_with_loose_types) {
  const auto m = models::model_from_json(data_object("model_detail.json"));
  BOOST_TEST(m.model_id == "66ff6991-fd66-40b6-8101-0829a46d3731");
  BOOST_TEST(m.model_name == "digit");
  BOOST_TEST(m.model_status == "published");
  BOOST_TEST(m.is_published());
  BOOST_TEST(m.model_size == 2097152);
  BOOST_TEST(m.create_at == 1625457065365);
  BOOST_TEST(m.execution_code == "/bucket/digit/model/customize_service.py");
  BOOST_TEST_REQUIRE(m.output_params.size() == 1u);
  BOOST_TEST(*m.output_params[0].max == 1.0); // "1" in the body
  BOOST_TEST(*m.output_params[0].min == 0.0);
  BOOST_TEST_REQUIRE(m.dependencies.size() == 1u);
  BOOST_TEST(m.dependencies[0].packages[1].package_name == "h5py");
  BOOST_TEST(json::parse(m.model_metrics).at("f1").as_double() == 0.9);
  BOOST_TEST(m.extra.contains("ai_project"));
  BOOST_TEST(m.extra.contains("workspace_id"));
  BOOST_TEST(!m.extra.contains("model_id"));
}

BOOST_AUTO_TEST_CASE(the_s2_packages_example_reads_as_dependencies) {
  json::object body;
  json::object dep;
  dep["installer"] = "pip";
  dep["packages"] = json::parse(read_data("packages_s2.json"));
  body["dependencies"] = json::array{dep};
  const auto r = models::create_request_from_json(body);
  BOOST_TEST_REQUIRE(r.dependencies.size() == 1u);
  BOOST_TEST_REQUIRE(r.dependencies[0].packages.size() == 2u);
  BOOST_TEST(r.dependencies[0].packages[0].package_name == "numpy");
  BOOST_TEST(r.dependencies[0].packages[0].package_version == "1.15.0");
  BOOST_TEST(r.dependencies[0].packages[1].restraint == "EXACT");
  // And back: the same list.
  BOOST_TEST(models::to_json(r).at("dependencies").at(0).at("packages") == json::parse(read_data("packages_s2.json")));
}

BOOST_AUTO_TEST_CASE(a_list_page_and_a_create_answer_are_read) {
  json::object body;
  body["total_count"] = 3;
  body["count"] = 1;
  body["models"] = json::array{data_object("model_detail.json")};
  const auto page = models::model_list_from_json(body);
  BOOST_TEST(page.total_count == 3);
  BOOST_TEST(page.count == 1);
  BOOST_TEST(page.models.size() == 1u);
  BOOST_TEST(models::model_id_from_json(json::parse(R"({"model_id":"abc"})").as_object()) == "abc");
}

BOOST_AUTO_TEST_CASE(answers_without_their_key_field_are_malformed) {
  auto is_malformed = [](const boost::system::system_error& e) {
    return e.code() == make_error_code(errc::malformed_response);
  };
  BOOST_CHECK_EXCEPTION(models::model_list_from_json(json::object{}), boost::system::system_error, is_malformed);
  BOOST_CHECK_EXCEPTION(models::model_id_from_json(json::object{}), boost::system::system_error, is_malformed);
  BOOST_CHECK_EXCEPTION(authorization_json::list_from(json::object{}), boost::system::system_error, is_malformed);
  BOOST_CHECK_EXCEPTION(authorization_json::agency_name_from(json::object{}), boost::system::system_error,
                        is_malformed);
}

BOOST_AUTO_TEST_CASE(the_seed_agency_bodies_round_trip) {
  BOOST_TEST(json::value(authorization_json::agency_request("iam-user01")) == json::parse(read_data("agency_req.json")));
  BOOST_TEST(authorization_json::agency_name_from(data_object("agency_resp.json")) == "ma_agency_iam-user01");
}

BOOST_AUTO_TEST_CASE(the_seed_authorization_request_round_trips) {
  const auto seed = data_object("authz_req.json");
  const auto grant = authorization_json::grant_from(seed);
  BOOST_TEST(grant.user_id == "****af917080f5d21f55c018ba19****");
  BOOST_TEST(grant.type == "agency");
  BOOST_TEST(grant.content == "ma_agency_iam-user01");
  BOOST_TEST(authorization_json::to_json(grant) == seed);
  BOOST_TEST(authorization_json::deletion_from(data_object("authz_resp.json")).result);
}

BOOST_AUTO_TEST_CASE(the_seed_authorization_list_is_read_whole) {
  const auto list = authorization_json::list_from(data_object("authz_list_resp.json"));
  BOOST_TEST(list.total_count == 2);
  BOOST_TEST_REQUIRE(list.auth.size() == 2u);
  BOOST_TEST(list.auth[0].create_time == 1622804433221);
  BOOST_TEST(list.auth[0].user_id == std::string(all_users));
  BOOST_TEST(list.auth[0].user_name.value_or("") == "all-users");
  BOOST_TEST(list.auth[0].content == "modelarts_agency");
  BOOST_TEST(!list.auth[1].user_name.has_value()); // null in the seed
  BOOST_TEST(list.auth[1].content == "ma_agency_iam-user01");
  BOOST_TEST(list.auth[1].type == "agency");
}

BOOST_AUTO_TEST_CASE(the_seed_deletion_answers_are_read) {
  const auto one = authorization_json::deletion_from(data_object("authz_del_resp.json"));
  BOOST_TEST(one.result);
  BOOST_TEST(one.success_message.empty());
  const auto all = authorization_json::deletion_from(data_object("authz_del_all_resp.json"));
  BOOST_TEST(all.result);
  BOOST_TEST(all.success_message == "Delete all-users auth info successfully!");
}

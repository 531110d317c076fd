// Service request bodies as the REST API names them, and tolerant reading of
// the service's answers, against the seed examples.
#include "services/service_json.hpp"

#include <boost/json.hpp>
#include <boost/test/unit_test.hpp>

#include <fstream>
#include <sstream>

namespace bj = boost::json;
using namespace modelarts::services;

namespace {

std::string seed(const std::string& name) {
  std::ifstream in(std::string(MODELARTS_TEST_DATA_DIR) + "/services/" + name);
  BOOST_REQUIRE_MESSAGE(in, "missing test data " << name);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

bj::object seed_object(const std::string& name) { return bj::parse(seed(name)).as_object(); }

} // namespace

BOOST_AUTO_TEST_CASE(deploy_request_uses_the_rest_field_config_and_integer_weights) {
  deploy_request r;
  r.service_name = "mnist";
  r.description = "mnist service";
  service_config a;
  a.model_id = "m1";
  a.weight = 70;
  a.specification = "modelarts.vm.cpu.2u";
  a.envs = {{"model_name", "mxnet-model-1"}, {"load_epoch", "0"}};
  service_config b = a;
  b.model_id = "m2";
  b.weight = 30;
  b.envs.clear();
  r.configs = {a, b};
  r.schedules = {schedule{"stop", "HOURS", 2}};
  r.vpc = network{"vpc", "subnet", "sg"};
  r.cluster_id = "pool-1";
  const auto o = json::to_json(r);
  BOOST_TEST(o.at("infer_type").as_string() == "real-time");
  BOOST_TEST(!o.contains("configs"));
  const auto& config = o.at("config").as_array();
  BOOST_REQUIRE(config.size() == 2u);
  BOOST_TEST(config[0].at("weight").as_int64() == 70);
  BOOST_TEST(config[0].at("envs").at("load_epoch").as_string() == "0");
  BOOST_TEST(!config[1].as_object().contains("envs"));
  BOOST_TEST(o.at("schedule").at(0).at("duration").as_int64() == 2);
  BOOST_TEST(o.at("vpc_id").as_string() == "vpc");
  BOOST_TEST(o.at("security_group_id").as_string() == "sg");
  BOOST_TEST(o.at("cluster_id").as_string() == "pool-1");
}

BOOST_AUTO_TEST_CASE(batch_requests_match_the_seed_bodies) {
  for (const auto* name : {"batch_file_001.json", "batch_csv_001.json"}) {
    const auto expected = seed_object(name);
    const auto& cfg = expected.at("config").at(0).as_object();
    batch_deploy_request r;
    r.service_name = std::string(expected.at("service_name").as_string());
    r.config.model_id = std::string(cfg.at("model_id").as_string());
    r.config.specification = std::string(cfg.at("specification").as_string());
    r.config.instance_count = 1;
    r.config.src_path = std::string(cfg.at("src_path").as_string());
    r.config.dest_path = std::string(cfg.at("dest_path").as_string());
    r.config.req_uri = std::string(cfg.at("req_uri").as_string());
    r.config.mapping_type = std::string(cfg.at("mapping_type").as_string());
    if (const auto* rule = cfg.if_contains("mapping_rule")) r.config.mapping_rule = rule->as_object();
    auto body = json::to_json(r);
    auto want = expected;
    want.erase("description"); // empty: not sent
    BOOST_TEST(bj::serialize(body.at("config")) == bj::serialize(want.at("config")), name);
    BOOST_TEST(body.at("infer_type") == want.at("infer_type"));
    BOOST_TEST(body.at("service_name") == want.at("service_name"));
  }
}

BOOST_AUTO_TEST_CASE(a_batch_seed_reads_back_as_a_batch_service) {
  const auto s = json::service_from(seed_object("batch_csv_001.json"));
  BOOST_TEST(s.infer_type == "batch");
  BOOST_TEST(s.configs.empty());
  BOOST_REQUIRE(s.batch_configs.size() == 1u);
  BOOST_TEST(s.batch_configs[0].mapping_type == "csv");
  BOOST_TEST(s.batch_configs[0].mapping_rule.at("type").as_string() == "object");
  BOOST_TEST(s.batch_configs[0].req_uri == "/");
}

BOOST_AUTO_TEST_CASE(property_update_matches_the_seed_body) {
  property_update u;
  u.configs = {{"98240f41-6c69-437c-b894-9c488b1d9c43", 2}};
  BOOST_TEST(bj::serialize(json::to_json(u)) == bj::serialize(seed_object("svc_property_put.json")));
}

BOOST_AUTO_TEST_CASE(string_weights_and_envs_in_an_array_are_read) {
  // The corrected reading of S1's malformed example, plus its array-shaped envs.
  const auto o = boost::json::parse(R"({"service_id":"s","infer_type":"real-time","config":[
      {"model_id":"a","weight":"70","specification":"modelarts.vm.cpu.2u","instance_count":"1",
       "envs":[{"model_name":"mxnet-model-1","load_epoch":"0"}]},
      {"model_id":"b","weight":"30","specification":"modelarts.vm.cpu.2u","instance_count":1}]})")
                     .as_object();
  const auto s = json::service_from(o);
  BOOST_REQUIRE(s.configs.size() == 2u);
  BOOST_TEST(s.configs[0].weight == 70);
  BOOST_TEST(s.configs[0].instance_count == 1);
  BOOST_TEST(s.configs[0].envs.at("model_name") == "mxnet-model-1");
  BOOST_TEST(s.configs[1].weight == 30);
  // The seed as printed is not JSON at all: a reader must not pretend otherwise.
  boost::system::error_code ec;
  (void)boost::json::parse(seed("svc_rt_example_001.txt"), ec);
  BOOST_TEST(static_cast<bool>(ec));
}

BOOST_AUTO_TEST_CASE(service_detail_fields_and_unknown_fields_survive) {
  const auto o = boost::json::parse(R"({"service_id":"id1","service_name":"n","status":"deploying","progress":40,
      "access_addresses":"https://x/v1/infers/id1","publish_at":1600000000000,"failed_time_s":3,
      "invocation_times":"12","is_shared":"true","ai_project":"default","error_msg":""})")
                     .as_object();
  const auto s = json::service_from(o);
  BOOST_TEST(s.service_id == "id1");
  BOOST_TEST(s.progress == 40);
  BOOST_TEST(s.access_address == "https://x/v1/infers/id1");
  BOOST_TEST(s.publish_at == 1600000000000);
  BOOST_TEST(s.failed_times == 3);
  BOOST_TEST(s.invocation_times == 12);
  BOOST_TEST(s.is_shared);
  BOOST_TEST(s.extra.at("ai_project").as_string() == "default");
  BOOST_TEST(!s.extra.contains("progress"));
}

BOOST_AUTO_TEST_CASE(a_page_counts_its_services) {
  const auto o = boost::json::parse(R"({"total_count":5,"count":2,"services":[{"service_id":"a"},{"service_id":"b"}]})")
                     .as_object();
  const auto p = json::page_from(o);
  BOOST_TEST(p.total_count == 5);
  BOOST_TEST(p.count == 2);
  BOOST_REQUIRE(p.services.size() == 2u);
  BOOST_TEST(p.services[1].service_id == "b");
}

BOOST_AUTO_TEST_CASE(updates_send_only_what_changes) {
  service_update u;
  u.status = "stopped";
  BOOST_TEST(bj::serialize(json::to_json(u)) == R"({"status":"stopped"})");
  service_update d;
  d.description = "x";
  service_config c;
  c.model_id = "m";
  c.specification = "modelarts.vm.cpu.2u";
  d.configs = std::vector<service_config>{c};
  const auto o = json::to_json(d);
  BOOST_TEST(o.at("description").as_string() == "x");
  BOOST_TEST(o.at("config").at(0).at("weight").as_int64() == 100);
}

BOOST_AUTO_TEST_CASE(monitor_and_logs_are_read) {
  const auto m = json::monitor_from(boost::json::parse(R"({"service_id":"s","monitors":[{"model_id":"m",
      "invocation_times":4,"cpu_core_usage":0.5,"cpu_memory_total":"8192","gpu_total":1}]})")
                                       .as_object());
  BOOST_REQUIRE(m.monitors.size() == 1u);
  BOOST_TEST(m.monitors[0].invocation_times == 4);
  BOOST_TEST(m.monitors[0].cpu_core_usage == 0.5);
  BOOST_TEST(m.monitors[0].cpu_memory_total == 8192);
  BOOST_TEST(m.monitors[0].gpu_total == 1.0);
  const auto l = json::logs_from(boost::json::parse(R"({"service_id":"s","logs":[{"update_time":17,"result":"SUCCESS",
      "config":[{"model_id":"m","weight":100}]}]})")
                                    .as_object());
  BOOST_REQUIRE(l.logs.size() == 1u);
  BOOST_TEST(l.logs[0].update_time == 17);
  BOOST_TEST(l.logs[0].result == "SUCCESS");
  BOOST_TEST(l.logs[0].config.at(0).model_id == "m");
}

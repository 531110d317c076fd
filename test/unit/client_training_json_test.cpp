// The v2 training JSON model: the service's example bodies read, written back
// unchanged, and the drift the examples show (numbers as strings, nulls,
// unknown fields) tolerated.
#include "training/algorithm_json.hpp"
#include "training/job_json.hpp"
#include "training/logs_json.hpp"

#include "core/json_fields.hpp"

#include <boost/json.hpp>
#include <boost/test/unit_test.hpp>

#include <fstream>
#include <sstream>

namespace json = boost::json;
namespace training = modelarts::training;

namespace {

json::object seed(const std::string& name) {
  std::ifstream in(std::string(MODELARTS_TEST_DATA_DIR) + "/training/" + name);
  BOOST_REQUIRE_MESSAGE(in, "missing test data " << name);
  std::stringstream text;
  text << in.rdbuf();
  return json::parse(text.str()).as_object();
}

} // namespace

BOOST_AUTO_TEST_SUITE(training_job_json)

BOOST_AUTO_TEST_CASE(the_get_response_reads_every_documented_field) {
  const auto j = training::job_from_json(seed("tj_get_resp.json"));
  BOOST_TEST(j.kind == "job");
  BOOST_TEST(j.id() == "66ff6991-fd66-40b6-8101-0829a46d3731");
  BOOST_TEST(j.metadata.create_time_ms == 1641892642625);
  BOOST_TEST(j.metadata.user_name == "hwstaff_z00424192");
  BOOST_TEST(j.metadata.annotations.at("job_template") == "Template DL");
  BOOST_TEST(j.metadata.extra.at("ai_project").as_string() == "default-ai-project");
  BOOST_TEST(j.status.phase == "Running");
  BOOST_TEST(j.status.duration_ms == 268000);
  BOOST_TEST(j.status.start_time_ms == 1641892655000);
  BOOST_REQUIRE(j.status.node_count_metrics.size() == 5u);
  BOOST_TEST(j.status.node_count_metrics[2].time_ms == 1641892655000);
  BOOST_TEST(j.status.node_count_metrics[2].node_count == 1);
  BOOST_TEST(j.status.tasks.at(0) == "worker-0");
  BOOST_TEST(j.algorithm.id == "01c399ae-8593-4ef5-9e4d-085950aacde1");
  BOOST_REQUIRE(j.algorithm.parameters.size() == 2u);
  BOOST_TEST(*j.algorithm.parameters[1].value == "1");
  BOOST_TEST(j.algorithm.parameters[1].constraint->type == "Integer");
  BOOST_TEST(*j.algorithm.parameters_customization);
  BOOST_TEST(j.algorithm.inputs.at(0).local_dir == "/home/ma-user/modelarts/inputs/data_url_0");
  BOOST_TEST(*j.algorithm.outputs.at(0).period_seconds == 30);
  BOOST_TEST(j.algorithm.outputs.at(0).mode == "upload_periodically");
  BOOST_TEST(j.algorithm.engine->engine_name == "PyTorch");
  BOOST_TEST(j.algorithm.engine->extra.at("run_user").as_string() == "1102");
  BOOST_TEST(j.spec.resource.flavor_id == "modelarts.vm.cpu.8u");
  BOOST_TEST(j.spec.resource.node_count == 1);
  BOOST_TEST(j.spec.resource.flavor_detail.at("flavor_type").as_string() == "CPU");
  BOOST_TEST(j.spec.log_export_obs_url == "/cnnorth4-job-test-v2/pytorch/fast_example/log/");
  BOOST_TEST(*j.spec.is_hosted_log);
}

BOOST_AUTO_TEST_CASE(seed_job_bodies_are_written_back_unchanged) {
  for (const auto* name : {"tj_get_resp.json", "tj_create_resp.json"}) {
    const auto original = seed(name);
    const auto written = training::job_to_json(training::job_from_json(original));
    BOOST_TEST(json::value(written) == json::value(original), name << ":\n" << json::serialize(written));
  }
}

BOOST_AUTO_TEST_CASE(a_null_node_count_metrics_reads_empty_and_stays_null) {
  const auto j = training::job_from_json(seed("tj_create_resp.json"));
  BOOST_TEST(j.status.phase == "Creating");
  BOOST_TEST(j.status.node_count_metrics.empty());
  BOOST_TEST(j.status.extra.at("node_count_metrics").is_null());
}

BOOST_AUTO_TEST_CASE(numbers_sent_as_strings_and_the_reverse_are_read) {
  const auto body = json::parse(R"({
    "kind": "job",
    "metadata": {"id": "x", "name": "n", "create_time": "1641892642625"},
    "status": {"phase": "Failed", "duration": "268000", "start_time": "1641892655000",
               "node_count_metrics": [["1641892645000", "2"]],
               "task_statuses": [{"task": "worker-0", "exit_code": "137", "message": "OOM"}]},
    "algorithm": {"parameters": [{"name": "lr", "value": 0.01}, {"name": "dist"}],
                  "outputs": [{"name": "train_url", "period": "30s"}],
                  "parameters_customization": "true"},
    "spec": {"resource": {"flavor_id": "f", "node_count": "2"}, "is_hosted_log": "false"},
    "brand_new_field": {"a": 1}
  })").as_object();
  const auto j = training::job_from_json(body);
  BOOST_TEST(j.metadata.create_time_ms == 1641892642625);
  BOOST_TEST(j.status.duration_ms == 268000);
  BOOST_TEST(j.status.start_time_ms == 1641892655000);
  BOOST_TEST(j.status.node_count_metrics.at(0).node_count == 2);
  BOOST_TEST(*j.status.task_statuses.at(0).exit_code == 137);
  BOOST_TEST(j.status.task_statuses.at(0).message == "OOM");
  BOOST_TEST(*j.algorithm.parameters.at(0).value == "0.01");
  BOOST_TEST(!j.algorithm.parameters.at(1).value.has_value());
  BOOST_TEST(*j.algorithm.outputs.at(0).period_seconds == 30);
  BOOST_TEST(*j.algorithm.parameters_customization);
  BOOST_TEST(j.spec.resource.node_count == 2);
  BOOST_TEST(!*j.spec.is_hosted_log);
  BOOST_TEST(j.extra.at("brand_new_field").at("a").as_int64() == 1);
  BOOST_TEST(training::is_failure(j.status));
}

BOOST_AUTO_TEST_CASE(an_unreadable_period_is_kept_as_sent) {
  const auto j = training::job_from_json(
      json::parse(R"({"algorithm": {"outputs": [{"name": "o", "period": "every minute"}]}})").as_object());
  BOOST_TEST(!j.algorithm.outputs.at(0).period_seconds.has_value());
  BOOST_TEST(j.algorithm.outputs.at(0).extra.at("period").as_string() == "every minute");
}

BOOST_AUTO_TEST_CASE(a_request_from_the_walkthrough_is_its_body) {
  training::job_request r;
  r.name = "test-pytorch-cpu01";
  r.description = "test pytorch work cpu in mode gloo";
  r.algorithm_id = "01c399ae-8593-4ef5-9e4d-085950aacde1";
  r.parameters = {{"dist", std::string("False"), {}, {}, {}}, {"world_size", std::string("1"), {}, {}, {}}};
  training::data_input in;
  in.name = "data_url";
  in.obs_url = "/cnnorth4-job-test-v2/pytorch/fast_example/data/";
  r.inputs.push_back(in);
  training::data_output out;
  out.name = "train_url";
  out.obs_url = "/cnnorth4-job-test-v2/pytorch/fast_example/outputs/";
  r.outputs.push_back(out);
  r.flavor_id = "modelarts.vm.cpu.8u";
  r.log_export_obs_url = "/cnnorth4-job-test-v2/pytorch/fast_example/log/";
  const auto body = training::job_request_to_json(r);
  BOOST_TEST(json::value(body) == json::value(seed("tj_create_req.json")), json::serialize(body));
}

BOOST_AUTO_TEST_CASE(a_bare_flag_is_sent_without_a_value) {
  training::job_request r;
  r.parameters = {{"dist", std::nullopt, {}, {}, {}}};
  const auto body = training::job_request_to_json(r);
  const auto& p = body.at("algorithm").at("parameters").at(0).as_object();
  BOOST_TEST(p.at("name").as_string() == "dist");
  BOOST_TEST(!p.contains("value"));
}

BOOST_AUTO_TEST_CASE(a_search_body_has_paging_sort_and_filters) {
  training::job_query q;
  q.offset = 10;
  q.limit = 5;
  q.order = "asc";
  q.filters.push_back({"name", "like", {"trainjob"}});
  const auto body = training::job_query_to_json(q);
  BOOST_TEST(body.at("offset").as_int64() == 10);
  BOOST_TEST(body.at("limit").as_int64() == 5);
  BOOST_TEST(body.at("sort_by").as_string() == "create_time");
  BOOST_TEST(body.at("filters").at(0).at("operator").as_string() == "like");
  BOOST_TEST(body.at("filters").at(0).at("value").at(0).as_string() == "trainjob");
}

BOOST_AUTO_TEST_CASE(final_and_failure_states) {
  training::job_status s;
  for (const auto* p : {"Creating", "Pending", "Running", "Terminating", "Unknown"}) {
    s.phase = p;
    s.secondary_phase = p;
    BOOST_TEST(!training::is_final(s), p);
  }
  s.phase = s.secondary_phase = "Completed";
  BOOST_TEST(training::is_final(s));
  BOOST_TEST(!training::is_failure(s));
  for (const auto* p : {"Failed", "Abnormal", "Terminated"}) {
    s.phase = s.secondary_phase = p;
    BOOST_TEST(training::is_failure(s), p);
  }
  s.phase = "Running";
  for (const auto* p : {"CreateFailed", "TerminatedFailed", "Lost"}) {
    s.secondary_phase = p;
    BOOST_TEST(training::is_failure(s), p);
  }
  BOOST_TEST(training::can_terminate("Pending"));
  BOOST_TEST(!training::can_terminate("Completed"));
  BOOST_TEST(!training::can_terminate("Terminating"));
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(training_algorithm_json)

BOOST_AUTO_TEST_CASE(the_create_response_reads) {
  const auto a = training::algorithm_from_json(seed("algo_create_resp.json"));
  BOOST_TEST(a.id() == "01c399ae-8593-4ef5-9e4d-085950aacde1");
  BOOST_TEST(a.metadata.create_time_ms == 1641890623262);
  BOOST_TEST(a.metadata.source == "custom");
  BOOST_TEST(a.metadata.extra.at("size").as_int64() == 4790);
  BOOST_TEST(a.boot_file == "/cnnorth4-job-test-v2/pytorch/fast_example/code/cpu/test-pytorch.py");
  BOOST_TEST(a.parameters.size() == 2u);
  BOOST_TEST(a.inputs.at(0).name == "data_url");
  BOOST_TEST(!a.inputs.at(0).obs_url.has_value());
  BOOST_TEST(a.engine->engine_id == "pytorch_1.8.0-cuda_10.2-py_3.7-ubuntu_18.04-x86_64");
  BOOST_TEST(a.job_config_extra.contains("code_tree"));
  BOOST_TEST(a.extra.contains("share_info"));
}

BOOST_AUTO_TEST_CASE(a_request_from_the_walkthrough_is_its_body) {
  training::algorithm_request r;
  r.name = "test-pytorch-cpu";
  r.description = "test pytorch job in cpu in mode gloo";
  r.code_dir = "/cnnorth4-job-test-v2/pytorch/fast_example/code/cpu/";
  r.boot_file = "/cnnorth4-job-test-v2/pytorch/fast_example/code/cpu/test-pytorch.py";
  r.engine.engine_name = "PyTorch";
  r.engine.engine_version = "pytorch_1.8.0-cuda_10.2-py_3.7-ubuntu_18.04-x86_64";
  r.inputs = {training::data_input{"data_url", "数据来源1", {}, {}, {}, {}}};
  r.outputs = {training::data_output{"train_url", "输出数据1", {}, {}, {}, {}, {}}};
  training::parameter_constraint boolean{"Boolean", true, false, false, "None", {}, {}};
  training::parameter_constraint integer{"Integer", true, false, false, "None", {}, {}};
  r.parameters = {{"dist", std::string("False"), "", boolean, {}}, {"world_size", std::string("1"), "", integer, {}}};
  const auto body = training::algorithm_request_to_json(r);
  BOOST_TEST(json::value(body) == json::value(seed("algo_create_req.json")), json::serialize(body));
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(training_logs_json)

BOOST_AUTO_TEST_CASE(metrics_minus_one_is_no_sample) {
  const auto m = training::metrics_from_json(seed("metrics_resp.json"));
  BOOST_TEST(m.series.size() == 6u);
  const auto* cpu = m.find("cpuUsage");
  BOOST_REQUIRE(cpu != nullptr);
  BOOST_REQUIRE(cpu->values.size() == 8u);
  BOOST_TEST(!cpu->values[0].has_value());
  BOOST_TEST(!cpu->values[1].has_value());
  BOOST_TEST(*cpu->values[2] == 28.622);
  const auto* gpu = m.find("gpuUtil");
  BOOST_REQUIRE(gpu != nullptr);
  BOOST_TEST(std::none_of(gpu->values.begin(), gpu->values.end(), [](auto v) { return v.has_value(); }));
  BOOST_TEST(m.find("diskUsage") == nullptr);
}

BOOST_AUTO_TEST_CASE(metric_samples_sent_as_strings_are_read) {
  const auto m = training::metrics_from_json(
      json::parse(R"({"metrics":[{"metric":"cpuUsage","value":["-1","12.5",null]}]})").as_object());
  BOOST_TEST(!m.series.at(0).values.at(0).has_value());
  BOOST_TEST(*m.series.at(0).values.at(1) == 12.5);
  BOOST_TEST(!m.series.at(0).values.at(2).has_value());
}

BOOST_AUTO_TEST_CASE(the_log_url_is_read) {
  const auto url = training::log_url_from_json(seed("logs_url_resp.json"));
  BOOST_TEST(url.find("https://modelarts-training-log-cn-north-4.obs.") == 0u);
  BOOST_TEST(url.find("worker-0.log?AWSAccessKeyId=") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(a_preview_reports_truncation) {
  const auto p = training::log_preview_from_json(
      json::parse(R"({"content":"tail\n","current_size":"5","full_size":6000000})").as_object());
  BOOST_TEST(p.content == "tail\n");
  BOOST_TEST(p.current_size == 5);
  BOOST_TEST(p.full_size == 6000000);
  BOOST_TEST(p.truncated());
}

BOOST_AUTO_TEST_SUITE_END()

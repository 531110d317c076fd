// Predictions against the emulator's toy inference endpoint.
#include "emulator_fixture.hpp"

#include <modelarts/inference/predictor.hpp>
#include <modelarts/services/service_client.hpp>

#include "auth/crypto.hpp"
#include "client/client_core.hpp"

#include <boost/json.hpp>
#include <boost/test/unit_test.hpp>

#include <filesystem>
#include <fstream>
#include <thread>

using namespace modelarts;
using namespace std::chrono_literals;

namespace {

emulator::options quick() {
  emulator::options o;
  o.phase_duration = 30ms;
  return o;
}

struct inference_fixture : test_support::emulator_fixture {
  inference_fixture() : emulator_fixture(quick()) {}

  client c = make_client();

  std::string running_service(client& with, std::map<std::string, std::string> envs = {}) {
    auto core = with.core();
    auto req = core->modelarts_request("POST", "/v1/" + core->project_id() + "/models");
    req.body = boost::json::serialize(boost::json::object{{"model_name", "toy"}, {"model_version", "1.0.0"},
                                                          {"source_location", "obs://bucket/model/"},
                                                          {"model_type", "TensorFlow"}});
    const auto model = run(core->execute_json(std::move(req), "create model"));
    std::this_thread::sleep_for(60ms);
    services::deploy_request r;
    services::service_config cfg;
    cfg.model_id = std::string(model.at("model_id").as_string());
    cfg.specification = "modelarts.vm.cpu.2u";
    cfg.envs = std::move(envs);
    r.configs = {cfg};
    const auto id = run(with.services().deploy(r)).service_id;
    wait_policy p(5s);
    p.initial_interval = 5ms;
    p.max_interval = 20ms;
    (void)run(with.services().wait_for_service(id, services::service_target::running, p));
    return id;
  }

  /// predictor::for_service from inside a coroutine (a predictor has no default value for co_spawn).
  inference::predictor predictor_for(client& with, const std::string& id) {
    std::optional<inference::predictor> p;
    run([&]() -> boost::asio::awaitable<void> { p.emplace(co_await inference::predictor::for_service(with, id)); }());
    return *p;
  }
};

} // namespace

BOOST_FIXTURE_TEST_SUITE(predictions, inference_fixture)

BOOST_AUTO_TEST_CASE(json_prediction_and_custom_path) {
  const auto id = running_service(c);
  const auto p = predictor_for(c, id);
  const auto answer = run(p.predict(boost::json::parse(R"({"inputs":[1,2,[3.5]]})")));
  BOOST_TEST(answer.at("sum").to_number<double>() == 6.5);
  BOOST_TEST(answer.at("count").as_int64() == 3);
  BOOST_TEST(answer.at("path").as_string() == "/");
  inference::predict_options o;
  o.path = "/v1/classify";
  const auto custom = run(p.predict(boost::json::parse(R"({"inputs":[]})"), o));
  BOOST_TEST(custom.at("path").as_string() == "/v1/classify");
  BOOST_TEST(run(c.services().get(id)).invocation_times == 2);
}

BOOST_AUTO_TEST_CASE(file_upload_is_multipart) {
  const auto id = running_service(c);
  const auto p = predictor_for(c, id);
  const auto path = std::filesystem::temp_directory_path() / ("predict-" + id + ".bin");
  std::string content(300000, '\0');
  for (std::size_t i = 0; i < content.size(); ++i) content[i] = static_cast<char>(i * 7);
  std::ofstream(path, std::ios::binary) << content;
  inference::file_part part;
  part.path = path;
  const auto answer = run(p.predict_files({part}, {{"threshold", "0.5"}}));
  std::filesystem::remove(path);
  const auto& f = answer.at("files").at(0);
  BOOST_TEST(f.at("field").as_string() == "files");
  BOOST_TEST(f.at("filename").as_string() == path.filename().string());
  BOOST_TEST(f.at("size").as_int64() == 300000);
  BOOST_TEST(f.at("md5").as_string() == auth::hex_lower(auth::md5(content)));
  BOOST_TEST(answer.at("fields").at("threshold").as_string() == "0.5");
}

BOOST_AUTO_TEST_CASE(several_files_and_an_image_are_streamed_from_disk) {
  const auto id = running_service(c);
  const auto p = predictor_for(c, id);
  const auto dir = std::filesystem::temp_directory_path() / ("predict-files-" + id);
  std::filesystem::create_directories(dir);
  std::vector<std::string> contents{std::string(3 * 1024 * 1024 + 17, 'a'), std::string(), std::string("tiny")};
  for (std::size_t i = 0; i < contents[0].size(); ++i) contents[0][i] = static_cast<char>(i * 13 + i / 4099);
  std::vector<inference::file_part> parts;
  for (std::size_t i = 0; i < contents.size(); ++i) {
    inference::file_part part;
    part.path = dir / ("f" + std::to_string(i) + ".bin");
    part.field_name = "files";
    std::ofstream(part.path, std::ios::binary) << contents[i];
    parts.push_back(part);
  }
  const auto answer = run(p.predict_files(parts, {{"a", "1"}, {"b", "two"}}));
  const auto& files = answer.at("files").as_array();
  BOOST_REQUIRE(files.size() == contents.size());
  for (std::size_t i = 0; i < contents.size(); ++i) {
    BOOST_TEST(files[i].at("filename").as_string() == parts[i].path.filename().string());
    BOOST_TEST(files[i].at("size").as_int64() == static_cast<std::int64_t>(contents[i].size()));
    BOOST_TEST(files[i].at("md5").as_string() == auth::hex_lower(auth::md5(contents[i])));
  }
  BOOST_TEST(answer.at("fields").at("b").as_string() == "two");

  const auto image = run(p.predict_image(parts[0].path));
  BOOST_TEST(image.at("files").at(0).at("field").as_string() == "images");
  BOOST_TEST(image.at("files").at(0).at("md5").as_string() == auth::hex_lower(auth::md5(contents[0])));
  std::filesystem::remove_all(dir);
}

BOOST_AUTO_TEST_CASE(a_body_file_shorter_than_announced_fails_and_nothing_is_predicted) {
  const auto id = running_service(c);
  const auto service = run(c.services().get(id));
  const auto path = std::filesystem::temp_directory_path() / ("shrunk-" + id + ".bin");
  std::ofstream(path, std::ios::binary) << std::string(1000, 'x');
  std::string base;
  http::request req;
  req.method = "POST";
  req.to = http::parse_origin(service.access_address, &base);
  req.path = base;
  req.idempotent = true; // even then: a local file's failure is not retried
  req.headers.set("Content-Type", "application/octet-stream");
  const std::string heading = "--x\r\n";
  req.body_pieces = {http::body_piece{heading, std::nullopt},
                     http::body_piece{{}, http::file_body{path, 0, 5000}}};
  const auto before = c.pool_stats();
  try {
    (void)run(c.core()->execute(std::move(req)));
    BOOST_FAIL("a body shorter than its Content-Length was sent");
  } catch (const api_error&) {
    BOOST_FAIL("the request reached the service");
  } catch (const boost::system::system_error& e) {
    BOOST_TEST((e.code() == make_error_code(errc::object_changed)));
    BOOST_TEST(std::string(e.what()).find(path.filename().string()) != std::string::npos);
  }
  std::filesystem::remove(path);
  const auto after = c.pool_stats();
  BOOST_TEST(after.connects + after.reuses == before.connects + before.reuses + 1); // one attempt, not retried
  BOOST_TEST(after.in_use == 0u);
  BOOST_TEST(run(c.services().get(id)).invocation_times == service.invocation_times);
  const auto p = predictor_for(c, id);
  BOOST_TEST(run(p.predict(boost::json::parse(R"({"inputs":[2]})"))).at("sum").to_number<double>() == 2.0);
}

BOOST_AUTO_TEST_CASE(token_auth_works_too) {
  auto with_token = make_client(options(), password());
  const auto id = running_service(with_token);
  const auto p = predictor_for(with_token, id);
  BOOST_TEST(run(p.predict(boost::json::parse(R"({"inputs":[4]})"))).at("sum").to_number<double>() == 4.0);
}

BOOST_AUTO_TEST_CASE(per_call_deadline) {
  const auto id = running_service(c);
  const auto p = predictor_for(c, id);
  server.add_fault(emulator::fault{.path_prefix = "/v1/infers/", .latency = 2s});
  inference::predict_options o;
  o.deadline = 100ms;
  const auto started = std::chrono::steady_clock::now();
  BOOST_CHECK_THROW((void)run(p.predict(boost::json::parse(R"({"inputs":[1]})"), o)), boost::system::system_error);
  BOOST_TEST((std::chrono::steady_clock::now() - started < 1500ms));
  server.clear_faults();
}

BOOST_AUTO_TEST_CASE(a_stopped_service_takes_no_predictions) {
  const auto id = running_service(c);
  const auto p = predictor_for(c, id);
  services::service_update stop;
  stop.status = "stopped";
  (void)run(c.services().update(id, stop));
  try {
    (void)run(p.predict(boost::json::parse(R"({"inputs":[1]})")));
    BOOST_FAIL("a stopped service answered");
  } catch (const api_error& e) {
    BOOST_TEST(e.http_status() == 503u);
  }
  BOOST_TEST((test_support::code_of([&] { (void)predictor_for(c, id); }) ==
              make_error_code(errc::invalid_state)));
  BOOST_TEST((test_support::code_of([&] { inference::predictor bad(c, "not a url"); }) ==
              make_error_code(errc::invalid_argument)));
}

BOOST_AUTO_TEST_CASE(many_predictions_in_flight_share_the_pool) {
  const auto id = running_service(c);
  const auto p = predictor_for(c, id);
  int ok = 0;
  constexpr int n = 500;
  for (int i = 0; i < n; ++i)
    boost::asio::co_spawn(io, p.predict(boost::json::object{{"inputs", boost::json::array{i, 1}}}),
                          [&ok, i](std::exception_ptr e, boost::json::value v) {
                            if (!e && v.at("sum").to_number<double>() == i + 1.0) ++ok;
                          });
  io.restart();
  io.run();
  BOOST_TEST(ok == n);
  BOOST_TEST(c.pool_stats().connects <= options().pool.max_connections + 2);
}

BOOST_AUTO_TEST_SUITE_END()

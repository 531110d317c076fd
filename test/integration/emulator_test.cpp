// The emulator's own behaviour, checked with a small blocking Beast client
// (not the SDK): IAM tokens, request authentication, the training catalogue,
// every fault kind, TLS certificate checks and the CONNECT proxy.
#include "emulator_fixture.hpp"
#include "raw_http_client.hpp"

#include "modelarts/emulator/connect_proxy.hpp"
#include "modelarts/emulator/emulator.hpp"

#include "auth/crypto.hpp"
#include "auth/signer.hpp"
#include "core/http_message.hpp"

#include <boost/asio/connect.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/read_until.hpp>
#include <boost/asio/ssl/context.hpp>
#include <boost/asio/ssl/host_name_verification.hpp>
#include <boost/asio/ssl/stream.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http/error.hpp>
#include <boost/beast/http/parser.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/string_body.hpp>
#include <boost/beast/http/write.hpp>
#include <boost/json.hpp>
#include <boost/test/unit_test.hpp>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <filesystem>
#include <memory>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = boost::beast::http;
namespace json = boost::json;
namespace emu = modelarts::emulator;
namespace mhttp = modelarts::http;
namespace auth = modelarts::auth;
using tcp = asio::ip::tcp;
using std::chrono::milliseconds;
using beast_response = bhttp::response<bhttp::string_body>;

std::string flavors_path(const emu::server& s) {
  return "/v2/" + s.settings().project_id + "/training-job-flavors";
}

std::string engines_path(const emu::server& s) {
  return "/v2/" + s.settings().project_id + "/training-job-engines";
}

mhttp::request make_request(const emu::server& s, std::string method, std::string path) {
  mhttp::request r;
  r.method = std::move(method);
  r.to = mhttp::parse_origin(s.endpoint());
  r.path = std::move(path);
  return r;
}


// Shared with the other raw-HTTP emulator tests (raw_http_client.hpp).
using test_support::raw_http::plain_client;
using test_support::raw_http::to_beast;

json::value body_json(const beast_response& res) { return json::parse(res.body()); }

std::string error_code_of(const beast_response& res) {
  return std::string(body_json(res).at("error_code").as_string());
}

std::string iam_token_body(std::string_view user, std::string_view password, std::string_view domain,
                           std::string_view project) {
  json::object user_obj{{"name", user}, {"password", password}, {"domain", json::object{{"name", domain}}}};
  json::object body{
      {"auth",
       json::object{{"identity", json::object{{"methods", json::array{"password"}},
                                              {"password", json::object{{"user", user_obj}}}}},
                    {"scope", json::object{{"project", json::object{{"name", project}}}}}}}};
  return json::serialize(body);
}

mhttp::request token_request(const emu::server& s, std::string_view password) {
  const auto& u = s.settings().users.front();
  auto r = make_request(s, "POST", "/v3/auth/tokens");
  r.headers.set("Content-Type", "application/json;charset=utf8");
  r.body = iam_token_body(u.user_name, password, u.domain_name, u.project_name);
  return r;
}

std::string fetch_token(plain_client& c, const emu::server& s) {
  const auto res = c.call(token_request(s, s.settings().users.front().password));
  BOOST_REQUIRE_EQUAL(res.result_int(), 201U);
  return std::string(res.at("X-Subject-Token"));
}

mhttp::request with_token(mhttp::request r, std::string_view token) {
  r.headers.set("X-Auth-Token", token);
  return r;
}

mhttp::request signed_with(mhttp::request r, const emu::server& s, std::string secret,
                           auth::clock::time_point when = auth::clock::now()) {
  const auth::apig_signer signer({s.settings().keys.front().access_key, std::move(secret), {}},
                                 s.settings().project_id);
  signer.sign(r, when);
  return r;
}

mhttp::request signed_request(mhttp::request r, const emu::server& s) {
  return signed_with(std::move(r), s, s.settings().keys.front().secret_key);
}

} // namespace

BOOST_AUTO_TEST_SUITE(iam)

BOOST_AUTO_TEST_CASE(issues_a_token_for_a_configured_user) {
  emu::server s(test_support::plain_http_emulator());
  plain_client c(s.port());
  const auto res = c.call(token_request(s, "emulator-password"));
  BOOST_TEST(res.result_int() == 201U);
  BOOST_TEST(res.at("X-Subject-Token").size() >= 32U);
  const auto token = body_json(res).at("token");
  BOOST_TEST(token.at("methods").as_array().at(0).as_string() == "password");
  BOOST_TEST(token.at("user").at("name").as_string() == "emulator-user");
  BOOST_TEST(token.at("user").at("domain").at("name").as_string() == "emulator-domain");
  BOOST_TEST(token.at("project").at("id").as_string() == s.settings().project_id);
  BOOST_TEST(token.at("project").at("name").as_string() == "emulator-region");
  const std::string expires(token.at("expires_at").as_string());
  const std::string issued(token.at("issued_at").as_string());
  BOOST_TEST(expires.size() == std::string("2024-01-01T00:00:00.000Z").size());
  BOOST_TEST(expires.back() == 'Z');
  BOOST_TEST(expires > issued);
  BOOST_TEST(s.statistics().token_issued == 1U);
}

BOOST_AUTO_TEST_CASE(refuses_a_wrong_password_in_iam_format) {
  emu::server s(test_support::plain_http_emulator());
  plain_client c(s.port());
  const auto res = c.call(token_request(s, "not-the-password"));
  BOOST_TEST(res.result_int() == 401U);
  BOOST_TEST(res.count("X-Subject-Token") == 0U);
  const auto error = body_json(res).at("error");
  BOOST_TEST(error.at("code").to_number<int>() == 401);
  BOOST_TEST(error.at("message").as_string() == "The username or password is wrong.");
  BOOST_TEST(error.at("title").as_string() == "Unauthorized");
  BOOST_TEST(res.body().find("not-the-password") == std::string::npos);
  BOOST_TEST(s.statistics().token_issued == 0U);
  BOOST_TEST(s.statistics().auth_failures == 1U);
}

BOOST_AUTO_TEST_CASE(answers_100_continue_before_reading_the_body) {
  emu::server s(test_support::plain_http_emulator());
  plain_client c(s.port());
  const auto body = iam_token_body("emulator-user", "emulator-password", "emulator-domain", "emulator-region");
  const std::string head = "POST /v3/auth/tokens HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                           "Content-Type: application/json\r\nExpect: 100-continue\r\n"
                           "Content-Length: " + std::to_string(body.size()) + "\r\n\r\n";
  asio::write(c.socket(), asio::buffer(head));
  BOOST_TEST(c.receive().result_int() == 100U);
  asio::write(c.socket(), asio::buffer(body));
  BOOST_TEST(c.receive().result_int() == 201U);
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(training_catalogue)

BOOST_AUTO_TEST_CASE(lists_flavors_with_a_token_and_filters_by_type) {
  emu::server s(test_support::plain_http_emulator());
  plain_client c(s.port());
  const auto token = fetch_token(c, s);

  const auto all = c.call(with_token(make_request(s, "GET", flavors_path(s)), token));
  BOOST_TEST(all.result_int() == 200U);
  const auto all_json = body_json(all);
  BOOST_TEST(all_json.at("total_count").to_number<int>() == 4);
  BOOST_TEST(all_json.at("flavors").as_array().at(0).at("flavor_id").as_string() == "modelarts.vm.cpu.2u");

  auto gpu_request = make_request(s, "GET", flavors_path(s));
  gpu_request.query.push_back({"flavor_type", "GPU"});
  const auto gpu = body_json(c.call(with_token(gpu_request, token)));
  BOOST_TEST(gpu.at("total_count").to_number<int>() == 1);
  BOOST_TEST(gpu.at("flavors").as_array().at(0).at("flavor_type").as_string() == "GPU");
}

BOOST_AUTO_TEST_CASE(lists_engines_with_total_equal_to_item_count) {
  emu::server s(test_support::plain_http_emulator());
  plain_client c(s.port());
  const auto token = fetch_token(c, s);
  const auto res = c.call(with_token(make_request(s, "GET", engines_path(s)), token));
  BOOST_TEST(res.result_int() == 200U);
  const auto j = body_json(res);
  BOOST_TEST(j.at("total").to_number<int>() == 3);
  BOOST_TEST(j.at("items").as_array().size() == 3U);
  BOOST_TEST(j.at("items").as_array().at(1).at("engine_name").as_string() == "PyTorch");
}

BOOST_AUTO_TEST_CASE(serves_keep_alive_requests_on_one_connection) {
  emu::server s(test_support::plain_http_emulator());
  plain_client c(s.port());
  const auto token = fetch_token(c, s);
  for (int i = 0; i < 3; ++i)
    BOOST_TEST(c.call(with_token(make_request(s, "GET", engines_path(s)), token)).result_int() == 200U);
  BOOST_TEST(s.statistics().connections_accepted == 1U);
  BOOST_TEST(s.statistics().requests == 4U);
}

BOOST_AUTO_TEST_CASE(stop_closes_open_connections) {
  auto s = std::make_unique<emu::server>(test_support::plain_http_emulator());
  plain_client c(s->port());
  BOOST_TEST(c.call(make_request(*s, "GET", "/v9/unknown")).result_int() == 404U);
  s->stop();
  char byte = 0;
  boost::system::error_code ec;
  c.socket().read_some(asio::buffer(&byte, 1), ec);
  BOOST_TEST((ec == asio::error::eof || ec == asio::error::connection_reset));
  s.reset(); // destroying after stop() is fine
}

BOOST_AUTO_TEST_CASE(serves_concurrent_clients_on_several_threads) {
  auto o = test_support::plain_http_emulator();
  o.threads = 2;
  emu::server s(o);
  std::string token;
  {
    plain_client c(s.port());
    token = fetch_token(c, s);
  }
  constexpr int clients = 4;
  constexpr int calls = 25;
  std::vector<std::thread> threads;
  std::atomic<int> ok{0};
  for (int i = 0; i < clients; ++i) {
    threads.emplace_back([&, i] {
      plain_client c(s.port());
      for (int k = 0; k < calls; ++k) {
        const auto r = (i % 2 == 0) ? with_token(make_request(s, "GET", engines_path(s)), token)
                                    : signed_request(make_request(s, "GET", flavors_path(s)), s);
        if (c.call(r).result_int() == 200U) ++ok;
      }
    });
  }
  for (auto& t : threads) t.join();
  BOOST_TEST(ok.load() == clients * calls);
  BOOST_TEST(s.statistics().requests == 1U + clients * calls);
  BOOST_TEST(s.requests_matching("GET", engines_path(s)) == static_cast<std::uint64_t>(clients / 2 * calls));
}

BOOST_AUTO_TEST_CASE(another_project_id_is_404_in_modelarts_format) {
  emu::server s(test_support::plain_http_emulator());
  plain_client c(s.port());
  const auto token = fetch_token(c, s);
  const auto res = c.call(with_token(make_request(s, "GET", "/v2/ffffffffffffffffffffffffffffffff/training-job-flavors"), token));
  BOOST_TEST(res.result_int() == 404U);
  BOOST_TEST(error_code_of(res) == "ModelArts.0104");
}

BOOST_AUTO_TEST_CASE(unknown_route_is_404_apig_0101_with_the_common_headers) {
  emu::server s(test_support::plain_http_emulator());
  plain_client c(s.port());
  const auto res = c.call(make_request(s, "GET", "/v9/nothing/here"));
  BOOST_TEST(res.result_int() == 404U);
  BOOST_TEST(error_code_of(res) == "APIG.0101");
  BOOST_TEST(res.at("X-Request-Id").size() == 32U);
  BOOST_TEST(res.at(bhttp::field::content_type).starts_with("application/json"));
  BOOST_TEST(res.at(bhttp::field::content_length) == std::to_string(res.body().size()));
  BOOST_TEST(auth::parse_http_date(res.at(bhttp::field::date)).has_value());
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(authentication)

BOOST_AUTO_TEST_CASE(accepts_a_correct_apig_signature) {
  emu::server s(test_support::plain_http_emulator());
  plain_client c(s.port());
  auto r = make_request(s, "GET", flavors_path(s));
  r.query.push_back({"flavor_type", "Ascend"});
  const auto res = c.call(signed_request(r, s));
  BOOST_TEST(res.result_int() == 200U);
  BOOST_TEST(body_json(res).at("flavors").as_array().at(0).at("flavor_type").as_string() == "Ascend");
  BOOST_TEST(s.statistics().auth_failures == 0U);
}

BOOST_AUTO_TEST_CASE(refuses_a_signature_made_with_a_wrong_secret_without_echoing_it) {
  emu::server s(test_support::plain_http_emulator());
  plain_client c(s.port());
  const std::string wrong_secret = "wrong-secret-key-1111111111111111111111";
  const auto r = signed_with(make_request(s, "GET", flavors_path(s)), s, wrong_secret);
  const auto authorization = std::string(*r.headers.get("Authorization"));
  const auto signature = authorization.substr(authorization.find("Signature=") + 10);
  const auto res = c.call(r);
  BOOST_TEST(res.result_int() == 401U);
  BOOST_TEST(error_code_of(res) == "APIG.0301");
  BOOST_TEST(res.body().find(wrong_secret) == std::string::npos);
  BOOST_TEST(res.body().find(signature) == std::string::npos);
  BOOST_TEST(s.statistics().auth_failures == 1U);
}

BOOST_AUTO_TEST_CASE(refuses_a_request_changed_after_signing) {
  emu::server s(test_support::plain_http_emulator());
  plain_client c(s.port());
  auto r = signed_request(make_request(s, "GET", flavors_path(s)), s);
  r.query.push_back({"flavor_type", "GPU"});
  const auto res = c.call(r);
  BOOST_TEST(res.result_int() == 401U);
  BOOST_TEST(error_code_of(res) == "APIG.0301");
}

BOOST_AUTO_TEST_CASE(refuses_a_request_without_credentials) {
  emu::server s(test_support::plain_http_emulator());
  plain_client c(s.port());
  const auto res = c.call(make_request(s, "GET", flavors_path(s)));
  BOOST_TEST(res.result_int() == 401U);
  BOOST_TEST(error_code_of(res) == "APIG.0301");
  const auto unknown = c.call(with_token(make_request(s, "GET", flavors_path(s)), "MIInot-a-token"));
  BOOST_TEST(unknown.result_int() == 401U);
  BOOST_TEST(unknown.body().find("MIInot-a-token") == std::string::npos);
}

BOOST_AUTO_TEST_CASE(clock_skew_beyond_the_limit_is_403_and_date_shows_the_server_clock) {
  emu::server s(test_support::plain_http_emulator());
  plain_client c(s.port());
  s.set_clock_offset(std::chrono::minutes(10));
  BOOST_TEST(c.call(signed_request(make_request(s, "GET", flavors_path(s)), s)).result_int() == 200U);

  s.set_clock_offset(std::chrono::minutes(20));
  const auto res = c.call(signed_request(make_request(s, "GET", flavors_path(s)), s));
  BOOST_TEST(res.result_int() == 403U);
  BOOST_TEST(error_code_of(res) == "APIG.0201");
  const auto server_time = auth::parse_http_date(res.at(bhttp::field::date));
  BOOST_REQUIRE(server_time.has_value());
  const auto ahead = *server_time - auth::clock::now();
  BOOST_TEST((ahead > std::chrono::minutes(19)));
  BOOST_TEST((ahead < std::chrono::minutes(21)));

  // A client that corrects its clock from Date gets through.
  const auto corrected = signed_with(make_request(s, "GET", flavors_path(s)), s,
                                     s.settings().keys.front().secret_key, *server_time);
  BOOST_TEST(c.call(corrected).result_int() == 200U);
}

BOOST_AUTO_TEST_CASE(an_expired_token_is_401_apig_0307) {
  emu::server s(test_support::plain_http_emulator());
  plain_client c(s.port());
  const auto token = fetch_token(c, s);
  s.set_clock_offset(s.settings().token_lifetime + std::chrono::seconds(1));
  const auto res = c.call(with_token(make_request(s, "GET", flavors_path(s)), token));
  BOOST_TEST(res.result_int() == 401U);
  BOOST_TEST(error_code_of(res) == "APIG.0307");
  BOOST_TEST(res.body().find(token) == std::string::npos);
}

BOOST_AUTO_TEST_CASE(revoked_tokens_are_401_and_new_ones_work) {
  emu::server s(test_support::plain_http_emulator());
  plain_client c(s.port());
  const auto old_token = fetch_token(c, s);
  s.revoke_tokens();
  const auto res = c.call(with_token(make_request(s, "GET", flavors_path(s)), old_token));
  BOOST_TEST(res.result_int() == 401U);
  BOOST_TEST(error_code_of(res) == "APIG.0307");
  const auto new_token = fetch_token(c, s);
  BOOST_TEST(c.call(with_token(make_request(s, "GET", flavors_path(s)), new_token)).result_int() == 200U);
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(faults)

BOOST_AUTO_TEST_CASE(status_fault_answers_the_error_with_retry_after) {
  emu::server s(test_support::plain_http_emulator());
  plain_client c(s.port());
  s.add_fault({.method = "GET", .path_prefix = flavors_path(s), .status = 503,
               .error_code = "ModelArts.0002", .retry_after_seconds = 3});
  const auto res = c.call(signed_request(make_request(s, "GET", flavors_path(s)), s));
  BOOST_TEST(res.result_int() == 503U);
  BOOST_TEST(error_code_of(res) == "ModelArts.0002");
  BOOST_TEST(res.at(bhttp::field::retry_after) == "3");
  // Other routes are untouched, and the faulted request was still counted.
  BOOST_TEST(c.call(signed_request(make_request(s, "GET", engines_path(s)), s)).result_int() == 200U);
  BOOST_TEST(s.requests_matching("GET", flavors_path(s)) == 1U);
  s.clear_faults();
  BOOST_TEST(c.call(signed_request(make_request(s, "GET", flavors_path(s)), s)).result_int() == 200U);
}

BOOST_AUTO_TEST_CASE(status_fault_on_iam_uses_iam_format) {
  emu::server s(test_support::plain_http_emulator());
  plain_client c(s.port());
  s.add_fault({.path_prefix = "/v3/", .status = 500});
  const auto res = c.call(token_request(s, "emulator-password"));
  BOOST_TEST(res.result_int() == 500U);
  BOOST_TEST(body_json(res).at("error").at("code").to_number<int>() == 500);
}

BOOST_AUTO_TEST_CASE(count_limits_how_many_requests_a_fault_hits) {
  emu::server s(test_support::plain_http_emulator());
  plain_client c(s.port());
  s.add_fault({.count = 2, .status = 429});
  std::vector<unsigned> statuses;
  for (int i = 0; i < 3; ++i)
    statuses.push_back(c.call(signed_request(make_request(s, "GET", flavors_path(s)), s)).result_int());
  BOOST_TEST(statuses == (std::vector<unsigned>{429, 429, 200}), boost::test_tools::per_element());
  BOOST_TEST(s.requests_matching("", "/v2/") == 3U);
}

BOOST_AUTO_TEST_CASE(rate_hits_some_requests_the_same_way_for_the_same_seed) {
  const auto run = [] {
    auto o = test_support::plain_http_emulator();
    o.fault_seed = 7;
    emu::server s(o);
    plain_client c(s.port());
    s.add_fault({.rate = 0.5, .status = 500});
    std::vector<unsigned> statuses;
    for (int i = 0; i < 40; ++i)
      statuses.push_back(c.call(make_request(s, "GET", "/unknown")).result_int());
    return statuses;
  };
  const auto first = run();
  const auto hits = std::count(first.begin(), first.end(), 500U);
  BOOST_TEST(hits > 5);
  BOOST_TEST(hits < 35);
  BOOST_TEST(first == run(), boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(latency_delays_one_answer_without_blocking_others) {
  auto o = test_support::plain_http_emulator();
  o.threads = 1;
  emu::server s(o);
  const milliseconds delay(400);
  s.add_fault({.path_prefix = flavors_path(s), .latency = delay});
  plain_client slow(s.port());
  plain_client fast(s.port());

  const auto start = std::chrono::steady_clock::now();
  slow.send(signed_request(make_request(s, "GET", flavors_path(s)), s));
  BOOST_TEST(fast.call(signed_request(make_request(s, "GET", engines_path(s)), s)).result_int() == 200U);
  const auto fast_done = std::chrono::steady_clock::now() - start;
  BOOST_TEST(slow.receive().result_int() == 200U);
  const auto slow_done = std::chrono::steady_clock::now() - start;
  BOOST_TEST((fast_done < delay));
  BOOST_TEST((slow_done >= delay));
}

BOOST_AUTO_TEST_CASE(drop_before_response_closes_without_a_byte) {
  emu::server s(test_support::plain_http_emulator());
  s.add_fault({.drop_before_response = true});
  plain_client c(s.port());
  c.send(make_request(s, "GET", "/v3/whatever"));
  bhttp::response_parser<bhttp::string_body> parser;
  BOOST_TEST((c.receive_failing(parser) == bhttp::error::end_of_stream));
  BOOST_TEST(!parser.got_some());
  BOOST_TEST(s.requests_matching("GET", "/v3/whatever") == 1U);
}

BOOST_AUTO_TEST_CASE(drop_mid_response_resets_after_part_of_the_answer) {
  emu::server s(test_support::plain_http_emulator());
  s.add_fault({.drop_mid_response = true});
  plain_client c(s.port());
  c.send(make_request(s, "GET", "/v9/unknown"));
  bhttp::response_parser<bhttp::string_body> parser;
  const auto ec = c.receive_failing(parser);
  // Depending on when the reset overtakes the bytes, the client sees the
  // reset itself or a message cut short.
  BOOST_TEST((ec == asio::error::connection_reset || ec == bhttp::error::partial_message));
  BOOST_TEST(!parser.is_done());
}

BOOST_AUTO_TEST_CASE(truncate_body_announces_more_than_it_sends) {
  emu::server s(test_support::plain_http_emulator());
  s.add_fault({.truncate_body = true});
  plain_client c(s.port());
  c.send(make_request(s, "GET", "/v9/unknown"));
  bhttp::response_parser<bhttp::string_body> parser;
  BOOST_TEST((c.receive_failing(parser) == bhttp::error::partial_message));
  BOOST_REQUIRE(parser.is_header_done());
  const auto announced = std::stoul(std::string(parser.get().at(bhttp::field::content_length)));
  BOOST_TEST(announced > 0U);
  BOOST_TEST(parser.get().body().size() == announced / 2);
}

BOOST_AUTO_TEST_CASE(close_after_response_leaves_a_stale_keep_alive_connection) {
  emu::server s(test_support::plain_http_emulator());
  s.add_fault({.count = 1, .close_after_response = true});
  plain_client c(s.port());
  const auto res = c.call(make_request(s, "GET", "/v9/unknown"));
  BOOST_TEST(res.result_int() == 404U);
  BOOST_TEST(res.keep_alive()); // nothing warns the client
  char byte = 0;
  boost::system::error_code ec;
  c.socket().read_some(asio::buffer(&byte, 1), ec);
  BOOST_TEST((ec == asio::error::eof));
  // A new connection is served normally (the fault's count is spent).
  plain_client fresh(s.port());
  BOOST_TEST(fresh.call(make_request(s, "GET", "/v9/unknown")).result_int() == 404U);
  BOOST_TEST(s.statistics().connections_accepted == 2U);
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(tls)

namespace {

/// Handshakes with the emulator verifying its certificate against ca.pem for
/// `name`, then asks for a token. Throws when verification fails.
unsigned token_status_over_tls(const emu::server& s, const std::string& name) {
  asio::io_context io;
  asio::ssl::context ctx(asio::ssl::context::tls_client);
  ctx.load_verify_file(s.ca_file().string());
  ctx.set_verify_mode(asio::ssl::verify_peer);
  asio::ssl::stream<tcp::socket> stream(io, ctx);
  // SSL_set_tlsext_host_name spelled out: the macro hides a C-style cast.
  if (SSL_ctrl(stream.native_handle(), SSL_CTRL_SET_TLSEXT_HOSTNAME, TLSEXT_NAMETYPE_host_name,
               const_cast<char*>(name.c_str())) != 1)
    throw std::runtime_error("SNI");
  stream.set_verify_callback(asio::ssl::host_name_verification(name));
  stream.next_layer().connect({asio::ip::make_address("127.0.0.1"), s.port()});
  stream.handshake(asio::ssl::stream_base::client);
  bhttp::write(stream, to_beast(token_request(s, "emulator-password")));
  beast::flat_buffer buffer;
  beast_response res;
  bhttp::read(stream, buffer, res);
  return res.result_int();
}

} // namespace

BOOST_AUTO_TEST_CASE(certificate_verifies_for_the_names_in_its_san) {
  emu::server s; // TLS by default
  BOOST_TEST(s.endpoint() == "https://localhost:" + std::to_string(s.port()));
  BOOST_TEST(std::filesystem::exists(s.ca_file()));
  BOOST_TEST(token_status_over_tls(s, "localhost") == 201U);
  BOOST_TEST(token_status_over_tls(s, "127.0.0.1") == 201U);
}

BOOST_AUTO_TEST_CASE(certificate_fails_for_a_name_not_in_its_san) {
  emu::server s;
  BOOST_CHECK_THROW(token_status_over_tls(s, "not-the-emulator.example"), boost::system::system_error);
}

BOOST_AUTO_TEST_CASE(temporary_data_dir_is_removed_with_the_server) {
  std::filesystem::path ca;
  {
    emu::server s;
    ca = s.ca_file();
    BOOST_TEST(std::filesystem::exists(ca));
  }
  BOOST_TEST(!std::filesystem::exists(ca.parent_path()));
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(proxy)

namespace {

std::string read_head(tcp::socket& socket) {
  std::string head;
  asio::read_until(socket, asio::dynamic_buffer(head), "\r\n\r\n");
  return head;
}

} // namespace

BOOST_AUTO_TEST_CASE(connect_proxy_tunnels_a_request_with_credentials) {
  emu::server s(test_support::plain_http_emulator());
  emu::connect_proxy proxy(emu::proxy_credentials{"proxy-user", "proxy-password"});
  BOOST_TEST(proxy.endpoint() == "http://127.0.0.1:" + std::to_string(proxy.port()));
  plain_client c(proxy.port());
  const std::string target = "127.0.0.1:" + std::to_string(s.port());
  const std::string connect = "CONNECT " + target + " HTTP/1.1\r\nHost: " + target +
                              "\r\nProxy-Authorization: Basic " +
                              auth::base64("proxy-user:proxy-password") + "\r\n\r\n";
  asio::write(c.socket(), asio::buffer(connect));
  BOOST_TEST(read_head(c.socket()).starts_with("HTTP/1.1 200"));
  BOOST_TEST(c.call(make_request(s, "GET", "/v9/unknown")).result_int() == 404U);
  BOOST_TEST(proxy.tunnels_opened() == 1U);
  BOOST_TEST(s.statistics().requests == 1U);
}

BOOST_AUTO_TEST_CASE(connect_proxy_demands_credentials) {
  emu::server s(test_support::plain_http_emulator());
  emu::connect_proxy proxy(emu::proxy_credentials{"proxy-user", "proxy-password"});
  plain_client c(proxy.port());
  tcp::socket& socket = c.socket();
  const std::string target = "127.0.0.1:" + std::to_string(s.port());
  asio::write(socket, asio::buffer("CONNECT " + target + " HTTP/1.1\r\nHost: " + target + "\r\n\r\n"));
  BOOST_TEST(read_head(socket).starts_with("HTTP/1.1 407"));
  BOOST_TEST(proxy.authentication_refusals() == 1U);
  BOOST_TEST(proxy.tunnels_opened() == 0U);
}

BOOST_AUTO_TEST_SUITE_END()

// IAM tokens, AK/SK signing against a verifying server, and clock skew.
#include "emulator_fixture.hpp"

#include "client/client_core.hpp"
#include "client/iam_token_source.hpp"

#include <boost/test/unit_test.hpp>

#include <algorithm>
#include <sstream>
#include <thread>

using namespace test_support;
using modelarts::training::flavor;

namespace {

/// Starts `n` concurrent flavor listings and runs them; returns how many succeeded.
int run_concurrently(emulator_fixture& f, modelarts::client& client, int n) {
  int succeeded = 0;
  for (int i = 0; i < n; ++i) {
    asio::co_spawn(f.io, client.training().list_flavors(), [&](std::exception_ptr e, std::vector<flavor> v) {
      if (!e && !v.empty()) ++succeeded;
    });
  }
  f.io.restart();
  f.io.run();
  return succeeded;
}

} // namespace

BOOST_AUTO_TEST_CASE(signed_requests_list_the_seed_flavors) {
  emulator_fixture f;
  auto client = f.make_client();
  const auto flavors = f.run(client.training().list_flavors());
  BOOST_TEST_REQUIRE(flavors.size() >= 2u);
  const auto it = std::find_if(flavors.begin(), flavors.end(),
                               [](const flavor& x) { return x.flavor_id == "modelarts.vm.cpu.8u"; });
  BOOST_TEST_REQUIRE((it != flavors.end()));
  BOOST_TEST(it->info.max_num == 16);
  BOOST_TEST(it->info.cpu_core_num == 8);
  BOOST_TEST(it->flavor_type == "CPU");
}

BOOST_AUTO_TEST_CASE(the_flavor_type_filter_reaches_the_server) {
  emulator_fixture f;
  auto client = f.make_client();
  const auto cpu = f.run(client.training().list_flavors(std::string("CPU")));
  const auto all = f.run(client.training().list_flavors());
  BOOST_TEST_REQUIRE(!cpu.empty());
  BOOST_TEST(cpu.size() < all.size());
  for (const auto& x : cpu) BOOST_TEST(x.flavor_type == "CPU");
}

BOOST_AUTO_TEST_CASE(engines_are_listed) {
  emulator_fixture f;
  auto client = f.make_client();
  const auto engines = f.run(client.training().list_engines());
  BOOST_TEST_REQUIRE(!engines.empty());
  const bool has_pytorch = std::any_of(engines.begin(), engines.end(), [](const auto& e) {
    return e.engine_name == "PyTorch" && !e.engine_version.empty();
  });
  BOOST_TEST(has_pytorch);
}

BOOST_AUTO_TEST_CASE(a_password_user_gets_one_token_for_five_hundred_concurrent_callers) {
  emulator_fixture f;
  auto client = f.make_client(f.options(), f.password());
  BOOST_TEST(run_concurrently(f, client, 500) == 500);
  BOOST_TEST(f.server.statistics().token_issued == 1u);
  BOOST_TEST(client.core()->token_source()->fetches() == 1u);
}

BOOST_AUTO_TEST_CASE(a_revoked_token_is_refreshed_once_for_all_callers) {
  emulator_fixture f;
  auto client = f.make_client(f.options(), f.password());
  BOOST_TEST(!f.run(client.training().list_flavors()).empty());
  f.server.revoke_tokens();
  BOOST_TEST(run_concurrently(f, client, 500) == 500);
  BOOST_TEST(f.server.statistics().token_issued == 2u);
}

BOOST_AUTO_TEST_CASE(a_token_about_to_expire_is_refreshed_before_use) {
  auto options = default_emulator_options();
  options.token_lifetime = std::chrono::seconds(2);
  emulator_fixture f(options);
  auto client = f.make_client(f.options(), f.password());
  BOOST_TEST(!f.run(client.training().list_flavors()).empty());
  // A quarter of the lifetime before expiry the cached token counts as stale.
  std::this_thread::sleep_for(std::chrono::milliseconds(1600));
  BOOST_TEST(!f.run(client.training().list_flavors()).empty());
  BOOST_TEST(f.server.statistics().token_issued == 2u);
  BOOST_TEST(f.server.statistics().auth_failures == 0u);
}

BOOST_AUTO_TEST_CASE(a_wrong_password_is_a_clear_401_without_the_password) {
  emulator_fixture f;
  auto creds = f.password();
  creds.password = "Not-The-Password-123";
  auto client = f.make_client(f.options(), creds);
  try {
    f.run(client.training().list_flavors());
    BOOST_FAIL("expected an api_error");
  } catch (const modelarts::api_error& e) {
    BOOST_TEST(e.http_status() == 401u);
    BOOST_TEST(!e.message().empty());
    std::ostringstream printed;
    printed << e;
    BOOST_TEST(printed.str().find("Not-The-Password") == std::string::npos);
    BOOST_TEST(std::string(e.what()).find("Not-The-Password") == std::string::npos);
  }
  BOOST_TEST(f.server.requests_matching("POST", "/v3/auth/tokens") == 1u);
  BOOST_TEST(f.flavor_requests() == 0u);
}

BOOST_AUTO_TEST_CASE(a_skewed_clock_is_corrected_from_the_server_date_and_retried_once) {
  emulator_fixture f;
  f.server.set_clock_offset(std::chrono::hours(1));
  auto client = f.make_client();
  BOOST_TEST(!f.run(client.training().list_flavors()).empty());
  BOOST_TEST(f.flavor_requests() == 2u);
  const auto offset = client.clock_offset();
  BOOST_TEST((offset > std::chrono::minutes(59) && offset < std::chrono::minutes(61)));
  // Later calls are dated with the corrected clock straight away.
  BOOST_TEST(!f.run(client.training().list_flavors()).empty());
  BOOST_TEST(f.flavor_requests() == 3u);
}

BOOST_AUTO_TEST_CASE(printing_credentials_never_shows_a_secret) {
  modelarts::credentials c;
  c.access_key = "AKVISIBLE";
  c.secret_key = "SK-Hidden-Value";
  c.security_token = "Token-Hidden-Value";
  c.password = "Password-Hidden-Value";
  std::ostringstream out;
  out << c << ' ' << c.secret_key;
  BOOST_TEST(out.str().find("Hidden-Value") == std::string::npos);
  BOOST_TEST(out.str().find("AKVISIBLE") != std::string::npos);
}

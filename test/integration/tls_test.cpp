// TLS verification, host overrides and HTTPS proxies.
#include "emulator_fixture.hpp"

#include "http/transport_error.hpp"

#include <modelarts/emulator/connect_proxy.hpp>

#include <boost/test/unit_test.hpp>

using namespace test_support;

BOOST_AUTO_TEST_CASE(a_certificate_for_another_host_name_is_refused) {
  auto options = default_emulator_options();
  options.certificate_names = {"not-this-host.example"};
  emulator_fixture f(options);
  auto client = f.make_client();
  try {
    f.run(client.training().list_flavors());
    BOOST_FAIL("expected a transport_error");
  } catch (const modelarts::http::transport_error& e) {
    BOOST_TEST(e.never_sent());
    BOOST_TEST(std::string(e.what()).find("certificate verify failed") != std::string::npos);
  }
  BOOST_TEST(f.server.statistics().connections_accepted == 1u); // refused at once, not retried
  BOOST_TEST(f.flavor_requests() == 0u);
}

BOOST_AUTO_TEST_CASE(an_untrusted_certificate_authority_is_refused) {
  emulator_fixture f;
  auto options = f.options();
  options.tls.ca_file.clear(); // the system's CAs do not know the emulator's
  auto client = f.make_client(options, f.access_key());
  BOOST_CHECK_THROW(f.run(client.training().list_flavors()), modelarts::http::transport_error);
  BOOST_TEST(f.flavor_requests() == 0u);
}

BOOST_AUTO_TEST_CASE(the_loud_opt_out_accepts_an_unverified_peer) {
  auto options = default_emulator_options();
  options.certificate_names = {"not-this-host.example"};
  emulator_fixture f(options);
  auto client_options = f.options();
  client_options.tls.ca_file.clear();
  client_options.tls.insecure_skip_verify_i_understand_the_risk = true;
  auto client = f.make_client(client_options, f.access_key());
  BOOST_TEST(!f.run(client.training().list_flavors()).empty());
}

BOOST_AUTO_TEST_CASE(a_host_override_reaches_a_private_name_and_still_verifies_it) {
  auto options = default_emulator_options();
  options.certificate_names = {"modelarts.private.example"};
  emulator_fixture f(options);
  auto client_options = f.options();
  client_options.endpoint.modelarts = "https://modelarts.private.example:" + std::to_string(f.server.port());
  client_options.host_overrides["modelarts.private.example"] = "127.0.0.1";
  auto client = f.make_client(client_options, f.access_key());
  BOOST_TEST(!f.run(client.training().list_flavors()).empty());
}

BOOST_AUTO_TEST_CASE(https_goes_through_a_connect_proxy) {
  emulator_fixture f;
  modelarts::emulator::connect_proxy proxy;
  auto options = f.options();
  options.proxy.url = proxy.endpoint();
  auto client = f.make_client(options, f.access_key());
  BOOST_TEST(!f.run(client.training().list_flavors()).empty());
  BOOST_TEST(!f.run(client.training().list_flavors()).empty());
  BOOST_TEST(proxy.tunnels_opened() == 1u); // the tunnel is a pooled keep-alive connection
}

BOOST_AUTO_TEST_CASE(no_proxy_bypasses_the_proxy) {
  emulator_fixture f;
  modelarts::emulator::connect_proxy proxy;
  auto options = f.options();
  options.proxy.url = proxy.endpoint();
  options.proxy.no_proxy = {"localhost"};
  auto client = f.make_client(options, f.access_key());
  BOOST_TEST(!f.run(client.training().list_flavors()).empty());
  BOOST_TEST(proxy.tunnels_opened() == 0u);
}

BOOST_AUTO_TEST_CASE(proxy_credentials_from_the_url_are_sent_as_basic_authorization) {
  emulator_fixture f;
  modelarts::emulator::connect_proxy proxy(modelarts::emulator::proxy_credentials{"proxy-user", "p@ss:word"});
  auto options = f.options();
  options.proxy.url = "http://proxy-user:p%40ss%3Aword@127.0.0.1:" + std::to_string(proxy.port());
  auto client = f.make_client(options, f.access_key());
  BOOST_TEST(!f.run(client.training().list_flavors()).empty());
  BOOST_TEST(proxy.tunnels_opened() == 1u);
}

BOOST_AUTO_TEST_CASE(a_proxy_refusing_the_tunnel_is_a_proxy_error_without_the_password) {
  emulator_fixture f;
  modelarts::emulator::connect_proxy proxy(modelarts::emulator::proxy_credentials{"proxy-user", "right"});
  auto options = f.options();
  options.proxy.url = "http://proxy-user:Wrong-Proxy-Password@127.0.0.1:" + std::to_string(proxy.port());
  auto client = f.make_client(options, f.access_key());
  try {
    f.run(client.training().list_flavors());
    BOOST_FAIL("expected a transport_error");
  } catch (const modelarts::http::transport_error& e) {
    BOOST_TEST(e.code() == make_error_code(modelarts::errc::proxy_error));
    BOOST_TEST(std::string(e.what()).find("407") != std::string::npos);
    BOOST_TEST(std::string(e.what()).find("Wrong-Proxy-Password") == std::string::npos);
  }
  BOOST_TEST(proxy.authentication_refusals() == 1u); // a refusal is final, not retried
}

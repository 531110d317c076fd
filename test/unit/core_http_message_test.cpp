#include "core/http_message.hpp"

#include <boost/test/unit_test.hpp>

#include <stdexcept>

using namespace modelarts::http;

BOOST_AUTO_TEST_CASE(an_https_url_gives_host_port_and_base_path) {
  std::string base;
  const auto o = parse_origin("https://modelarts.cn-north-4.myhuaweicloud.com/base/", &base);
  BOOST_TEST(o.scheme == "https");
  BOOST_TEST(o.host == "modelarts.cn-north-4.myhuaweicloud.com");
  BOOST_TEST(o.port == 443);
  BOOST_TEST(base == "/base");
  BOOST_TEST(o.host_header() == "modelarts.cn-north-4.myhuaweicloud.com");
}

BOOST_AUTO_TEST_CASE(explicit_ports_and_ipv6_literals_are_kept) {
  const auto a = parse_origin("http://127.0.0.1:8080");
  BOOST_TEST(a.port == 8080);
  BOOST_TEST(a.host_header() == "127.0.0.1:8080");
  const auto b = parse_origin("HTTPS://[::1]:9443/x");
  BOOST_TEST(b.scheme == "https");
  BOOST_TEST(b.host == "::1");
  BOOST_TEST(b.host_header() == "[::1]:9443");
}

BOOST_AUTO_TEST_CASE(malformed_urls_are_refused_with_a_reason) {
  for (const char* bad : {"modelarts.example.com", "ftp://x", "https://", "https://host:0", "https://host:70000",
                          "https://host:12ab", "https://user:pw@host", "https://[::1"}) {
    BOOST_CHECK_THROW(parse_origin(bad), std::invalid_argument);
  }
}

BOOST_AUTO_TEST_CASE(the_request_target_encodes_path_segments_and_query) {
  request r;
  r.path = "/v2/p 1/obj+name/ü";
  r.query = {{"flavor_type", "CPU"}, {"q", "a b&c"}, {"uploads", ""}};
  BOOST_TEST(r.target() == "/v2/p%201/obj%2Bname/%C3%BC?flavor_type=CPU&q=a%20b%26c&uploads");
}

BOOST_AUTO_TEST_CASE(header_names_compare_case_insensitively_and_set_replaces) {
  header_list h;
  h.add("X-Auth-Token", "one");
  h.add("x-auth-token", "two");
  BOOST_TEST(h.size() == 2u);
  BOOST_TEST(*h.get("X-AUTH-TOKEN") == "one");
  h.set("x-Auth-token", "three");
  BOOST_TEST(h.size() == 1u);
  BOOST_TEST(*h.get("X-Auth-Token") == "three");
  h.erase("X-AUTH-token");
  BOOST_TEST(!h.contains("x-auth-token"));
}

// The signers' date forms: APIG/SigV4 `YYYYMMDDTHHMMSSZ` and RFC 1123.
#include "auth/signer.hpp"

#include <boost/test/unit_test.hpp>

namespace auth = modelarts::auth;
using namespace std::chrono;
using namespace std::chrono_literals;

namespace {
auth::clock::time_point at(year_month_day d, hours h, minutes m, seconds s) {
  return auth::clock::time_point{sys_days{d} + h + m + s};
}
} // namespace

BOOST_AUTO_TEST_CASE(apig_date_format) {
  BOOST_TEST(auth::apig_date(at(2020y / June / 8, 2h, 39min, 0s)) == "20200608T023900Z");
  BOOST_TEST(auth::apig_date(at(2006y / January / 2, 15h, 4min, 5s)) == "20060102T150405Z");
}

BOOST_AUTO_TEST_CASE(apig_date_drops_fractions_of_a_second) {
  BOOST_TEST(auth::apig_date(at(2020y / June / 8, 2h, 39min, 0s) + 999ms) == "20200608T023900Z");
  // Before 1970, flooring must go down, not towards zero.
  BOOST_TEST(auth::apig_date(auth::clock::time_point{} - 500ms) == "19691231T235959Z");
}

BOOST_AUTO_TEST_CASE(apig_date_round_trip) {
  for (auto t = at(1999y / December / 31, 23h, 59min, 59s); t < at(2031y / January / 1, 0h, 0min, 0s);
       t += 86400s * 37 + 3671s) {
    const auto parsed = auth::parse_apig_date(auth::apig_date(t));
    BOOST_REQUIRE(parsed.has_value());
    BOOST_TEST((*parsed == t));
  }
}

BOOST_AUTO_TEST_CASE(parse_apig_date_rejects_other_forms) {
  const char* bad[] = {"",
                       "20200608T023900",
                       "20200608T023900z",
                       "20200608 023900Z",
                       "20201308T023900Z",
                       "20200230T023900Z",
                       "20200608T243900Z",
                       "20200608T026000Z",
                       "20200608T023960Z",
                       "2020060xT023900Z",
                       "20200608T023900Z ",
                       "Mon, 08 Jun 2020 02:39:00 GMT"};
  for (const char* s : bad) BOOST_TEST(!auth::parse_apig_date(s).has_value(), s);
}

BOOST_AUTO_TEST_CASE(http_date_format) {
  BOOST_TEST(auth::http_date(at(2019y / June / 4, 6h, 54min, 59s)) == "Tue, 04 Jun 2019 06:54:59 GMT");
  BOOST_TEST(auth::http_date(at(2015y / October / 12, 8h, 12min, 38s)) == "Mon, 12 Oct 2015 08:12:38 GMT");
}

BOOST_AUTO_TEST_CASE(http_date_round_trip) {
  for (auto t = at(1994y / November / 6, 8h, 49min, 37s); t < at(2040y / January / 1, 0h, 0min, 0s);
       t += 86400s * 91 + 7s) {
    const auto parsed = auth::parse_http_date(auth::http_date(t));
    BOOST_REQUIRE(parsed.has_value());
    BOOST_TEST((*parsed == t));
  }
}

BOOST_AUTO_TEST_CASE(parse_http_date_accepts_the_obsolete_forms) {
  const auto expected = at(1994y / November / 6, 8h, 49min, 37s);
  BOOST_TEST((auth::parse_http_date("Sun, 06 Nov 1994 08:49:37 GMT") == expected));
  BOOST_TEST((auth::parse_http_date("Sunday, 06-Nov-94 08:49:37 GMT") == expected));
  BOOST_TEST((auth::parse_http_date("Sun Nov  6 08:49:37 1994") == expected));
}

BOOST_AUTO_TEST_CASE(parse_http_date_rejects_garbage) {
  BOOST_TEST(!auth::parse_http_date("").has_value());
  BOOST_TEST(!auth::parse_http_date("20200608T023900Z").has_value());
  BOOST_TEST(!auth::parse_http_date("Tue, 31 Jun 2019 06:54:59 GMT").has_value());
}

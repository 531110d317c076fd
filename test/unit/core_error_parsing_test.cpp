// Reading error answers from the services: parse_api_error, clock-skew
// detection, Retry-After, and the HTTP-date and excerpt helpers they use.
#include "core/error_parsing.hpp"
#include "core/http_date.hpp"
#include "core/http_status.hpp"
#include "core/text_excerpt.hpp"

#include <boost/test/unit_test.hpp>

#include <chrono>
#include <sstream>
#include <string>

using modelarts::api_error;
using modelarts::parse_api_error;
using modelarts::http::header_list;
using namespace std::chrono_literals;

namespace {

const header_list no_headers;

header_list with_header(std::string_view name, std::string_view value) {
  header_list h;
  h.set(name, value);
  return h;
}

bool is_valid_utf8(std::string_view s) {
  for (std::size_t i = 0; i < s.size();) {
    const auto b = static_cast<unsigned char>(s[i]);
    std::size_t len = b < 0x80 ? 1 : (b & 0xE0) == 0xC0 ? 2 : (b & 0xF0) == 0xE0 ? 3 : (b & 0xF8) == 0xF0 ? 4 : 0;
    if (len == 0 || i + len > s.size()) return false;
    for (std::size_t k = 1; k < len; ++k)
      if ((static_cast<unsigned char>(s[i + k]) & 0xC0) != 0x80) return false;
    i += len;
  }
  return true;
}

std::chrono::system_clock::time_point at(std::string_view http_date) {
  const auto t = modelarts::http::parse_http_date(http_date);
  BOOST_REQUIRE(t.has_value());
  return *t;
}

/// The wait in seconds, or -1 when the value is rejected (printable in a failure).
long long wait_of(std::string_view retry_after, std::chrono::system_clock::time_point now) {
  const auto wait = modelarts::parse_retry_after(retry_after, now);
  return wait ? static_cast<long long>(wait->count()) : -1;
}

} // namespace

BOOST_AUTO_TEST_SUITE(json_bodies)

BOOST_AUTO_TEST_CASE(modelarts_error_code_message_and_solution) {
  const auto e = parse_api_error(
      404, with_header("X-Request-Id", "5f1e0c2a"),
      R"({"error_code":"ModelArts.0104","error_msg":"training job not found","error_solution":"check the job id"})");
  BOOST_TEST(e.http_status() == 404U);
  BOOST_TEST(e.service_code() == "ModelArts.0104");
  BOOST_TEST(e.message() == "training job not found");
  BOOST_TEST(e.solution() == "check the job id");
  BOOST_TEST(e.request_id() == "5f1e0c2a");
  BOOST_TEST(std::string(e.what()) ==
             "HTTP 404 ModelArts.0104: training job not found (request id 5f1e0c2a)");
}

BOOST_AUTO_TEST_CASE(misspelt_error_message_field) {
  const auto e = parse_api_error(400, no_headers,
                                 R"({"error_code":"ModelArts.2763","error_message":"log file not found"})");
  BOOST_TEST(e.service_code() == "ModelArts.2763");
  BOOST_TEST(e.message() == "log file not found");
}

BOOST_AUTO_TEST_CASE(code_and_message_fields) {
  const auto e = parse_api_error(409, no_headers, R"({"code":"ModelArts.4902","message":"duplicate name"})");
  BOOST_TEST(e.service_code() == "ModelArts.4902");
  BOOST_TEST(e.message() == "duplicate name");
}

BOOST_AUTO_TEST_CASE(iam_nested_error_with_a_numeric_code) {
  const auto e = parse_api_error(
      401, no_headers,
      R"({"error":{"code":401,"message":"The request you have made requires authentication.","title":"Unauthorized"}})");
  BOOST_TEST(e.service_code() == "401");
  BOOST_TEST(e.message() == "The request you have made requires authentication.");
}

BOOST_AUTO_TEST_CASE(iam_nested_error_with_only_a_title) {
  const auto e = parse_api_error(403, no_headers, R"({"error":{"code":"403","title":"Forbidden"}})");
  BOOST_TEST(e.service_code() == "403");
  BOOST_TEST(e.message() == "Forbidden");
}

BOOST_AUTO_TEST_CASE(oauth_style_error_with_description) {
  const auto e = parse_api_error(400, no_headers,
                                 R"({"error":"invalid_grant","error_description":"password expired"})");
  BOOST_TEST(e.service_code() == "invalid_grant");
  BOOST_TEST(e.message() == "password expired");
}

BOOST_AUTO_TEST_CASE(request_id_from_the_body_when_no_header_has_one) {
  const auto e = parse_api_error(
      401, no_headers,
      R"({"error_msg":"Incorrect IAM authentication information: verify aksk signature fail","error_code":"APIG.0301","request_id":"a5322eb8"})");
  BOOST_TEST(e.service_code() == "APIG.0301");
  BOOST_TEST(e.request_id() == "a5322eb8");
}

BOOST_AUTO_TEST_CASE(request_id_header_wins_over_the_body) {
  const auto e = parse_api_error(401, with_header("X-Request-Id", "from-header"),
                                 R"({"error_code":"APIG.0301","error_msg":"x","request_id":"from-body"})");
  BOOST_TEST(e.request_id() == "from-header");
}

BOOST_AUTO_TEST_CASE(a_code_without_message_gets_the_reason_phrase) {
  const auto e = parse_api_error(429, no_headers, R"({"error_code":"APIG.0308"})");
  BOOST_TEST(e.service_code() == "APIG.0308");
  BOOST_TEST(e.message() == "Too Many Requests");
}

BOOST_AUTO_TEST_CASE(a_multi_line_message_becomes_one_line) {
  const auto e = parse_api_error(500, no_headers, R"({"error_code":"E","error_msg":"first\n\tsecond\r\n"})");
  BOOST_TEST(e.message() == "first second");
}

BOOST_AUTO_TEST_CASE(an_object_without_known_fields_is_shown_as_text) {
  const auto e = parse_api_error(500, no_headers, R"({"unexpected": true})");
  BOOST_TEST(e.service_code().empty());
  BOOST_TEST(e.message() == R"({"unexpected": true})");
}

BOOST_AUTO_TEST_CASE(a_json_string_is_the_message) {
  const auto e = parse_api_error(503, no_headers, R"("service overloaded")");
  BOOST_TEST(e.message() == "service overloaded");
}

BOOST_AUTO_TEST_CASE(a_json_array_is_shown_as_text) {
  const auto e = parse_api_error(500, no_headers, "[1, 2, 3]");
  BOOST_TEST(e.service_code().empty());
  BOOST_TEST(e.message() == "[1, 2, 3]");
}

BOOST_AUTO_TEST_CASE(garbage_after_a_brace_is_shown_as_text) {
  const auto e = parse_api_error(500, no_headers, "{this is not json");
  BOOST_TEST(e.service_code().empty());
  BOOST_TEST(e.message() == "{this is not json");
}

BOOST_AUTO_TEST_CASE(truncated_json_is_shown_as_text) {
  const auto e = parse_api_error(500, no_headers, R"({"error_code":"ModelArts.0104","error_msg":"train)");
  BOOST_TEST(e.service_code().empty());
  BOOST_TEST(e.message() == R"({"error_code":"ModelArts.0104","error_msg":"train)");
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(xml_bodies)

constexpr std::string_view obs_no_such_key =
    R"(<?xml version="1.0" encoding="UTF-8"?>
<Error><Code>NoSuchKey</Code><Message>The specified key does not exist.</Message><RequestId>0000018A2B3C</RequestId><HostId>ZmFrZS1ob3N0</HostId><Key>data/a.jpg</Key></Error>)";

BOOST_AUTO_TEST_CASE(obs_error_document) {
  const auto e = parse_api_error(404, no_headers, obs_no_such_key);
  BOOST_TEST(e.service_code() == "NoSuchKey");
  BOOST_TEST(e.message() == "The specified key does not exist.");
  BOOST_TEST(e.request_id() == "0000018A2B3C");
  BOOST_TEST(e.host_id() == "ZmFrZS1ob3N0");
}

BOOST_AUTO_TEST_CASE(obs_request_id_header_wins_over_the_document) {
  const auto e = parse_api_error(404, with_header("x-obs-request-id", "obs-header-id"), obs_no_such_key);
  BOOST_TEST(e.request_id() == "obs-header-id");
}

BOOST_AUTO_TEST_CASE(entities_in_xml_text_are_decoded) {
  const auto e = parse_api_error(
      400, no_headers,
      "<Error><Code>InvalidArgument</Code><Message>a &lt;b&gt; &amp; &quot;c&quot; &#39;d&#39;</Message></Error>");
  BOOST_TEST(e.message() == R"(a <b> & "c" 'd')");
}

BOOST_AUTO_TEST_CASE(host_id_from_a_header_when_the_body_has_none) {
  header_list h;
  h.set("x-obs-id-2", "header-host");
  const auto e = parse_api_error(403, h, "<Error><Code>AccessDenied</Code><Message>Access Denied</Message></Error>");
  BOOST_TEST(e.host_id() == "header-host");
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(other_bodies)

BOOST_AUTO_TEST_CASE(gateway_html_page_becomes_its_text) {
  const auto e = parse_api_error(502, no_headers,
                                 "<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n"
                                 "<center><h1>502 Bad Gateway</h1></center>\r\n<hr><center>nginx</center>\r\n"
                                 "</body>\r\n</html>\r\n");
  BOOST_TEST(e.service_code().empty());
  BOOST_TEST(e.message() == "502 Bad Gateway 502 Bad Gateway nginx");
}

BOOST_AUTO_TEST_CASE(scripts_styles_and_comments_are_dropped) {
  const auto e = parse_api_error(503, no_headers,
                                 "<html><head><style>body{color:red}</style><script>var x = 1 < 2;</script>"
                                 "</head><!-- built by proxy --><body><p>Try&nbsp;again</p></body></html>");
  BOOST_TEST(e.message() == "Try again");
}

BOOST_AUTO_TEST_CASE(huge_html_is_cut_to_a_short_line) {
  std::string body = "<html><body>";
  while (body.size() < 5 * 1024 * 1024) body += "<p>Service temporarily unavailable, please retry.</p>\n";
  body += "</body></html>";
  const auto e = parse_api_error(503, no_headers, body);
  BOOST_TEST(e.message().size() <= 203U);
  BOOST_TEST(e.message().size() >= 150U);
  BOOST_TEST(e.message().find('\n') == std::string::npos);
  BOOST_TEST(e.message().substr(0, 34) == "Service temporarily unavailable, p");
  BOOST_TEST(e.message().substr(e.message().size() - 3) == "...");
}

BOOST_AUTO_TEST_CASE(a_cut_never_splits_a_utf8_character) {
  std::string body;
  for (int i = 0; i < 300; ++i) body += "\xC3\xA9"; // é
  const auto e = parse_api_error(500, no_headers, body);
  BOOST_TEST(is_valid_utf8(e.message()));
  BOOST_TEST(e.message().size() <= 203U);
}

BOOST_AUTO_TEST_CASE(plain_text_is_trimmed_to_one_line) {
  const auto e = parse_api_error(503, no_headers, "  upstream connect error\n  or disconnect/reset  \n");
  BOOST_TEST(e.message() == "upstream connect error or disconnect/reset");
}

BOOST_AUTO_TEST_CASE(plain_text_keeps_angle_brackets_and_ampersands) {
  const auto e = parse_api_error(500, no_headers, "quota < limit & usage > 0");
  BOOST_TEST(e.message() == "quota < limit & usage > 0");
}

BOOST_AUTO_TEST_CASE(invalid_utf8_and_control_bytes_are_replaced) {
  const auto e = parse_api_error(500, no_headers, std::string("bad\xFF\x01") + "byte" + std::string(1, '\0') + "x");
  BOOST_TEST(e.message() == "bad? byte x");
}

BOOST_AUTO_TEST_CASE(empty_body_gives_the_reason_phrase) {
  BOOST_TEST(parse_api_error(404, no_headers, "").message() == "Not Found");
  BOOST_TEST(parse_api_error(502, no_headers, " \r\n ").message() == "Bad Gateway");
}

BOOST_AUTO_TEST_CASE(empty_body_with_a_nonstandard_status_names_its_class) {
  BOOST_TEST(parse_api_error(599, no_headers, "").message() == "Server Error");
  BOOST_TEST(parse_api_error(499, no_headers, "").message() == "Client Error");
}

BOOST_AUTO_TEST_CASE(hostile_bodies_never_throw) {
  const std::string deep_json(100000, '[');
  const std::string deep_object = std::string(5000, '{') + "\"a\":1";
  for (std::string_view body : {std::string_view(deep_json), std::string_view(deep_object),
                                std::string_view("<"), std::string_view("<Error><Code>x"),
                                std::string_view("<!-- unterminated"), std::string_view("&#x110000; &#; &"),
                                std::string_view("\"unterminated string"), std::string_view("{\"error\":[]}")}) {
    BOOST_CHECK_NO_THROW((void)parse_api_error(500, no_headers, body));
  }
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(request_ids_and_secrets)

BOOST_AUTO_TEST_CASE(x_request_id_is_found_whatever_its_case) {
  BOOST_TEST(parse_api_error(500, with_header("x-request-id", "lower"), "").request_id() == "lower");
}

BOOST_AUTO_TEST_CASE(obs_then_amz_request_id_headers) {
  header_list h;
  h.set("x-amz-request-id", "amz");
  BOOST_TEST(parse_api_error(500, h, "").request_id() == "amz");
  h.set("x-obs-request-id", "obs");
  BOOST_TEST(parse_api_error(500, h, "").request_id() == "obs");
  h.set("X-Request-Id", "apig");
  BOOST_TEST(parse_api_error(500, h, "").request_id() == "apig");
}

BOOST_AUTO_TEST_CASE(credentials_in_headers_never_reach_the_error) {
  const std::string secret = "S3CR3T-do-not-print-7f3a";
  header_list h;
  h.set("Authorization", "SDK-HMAC-SHA256 Access=AK, SignedHeaders=host, Signature=" + secret);
  h.set("X-Auth-Token", secret);
  h.set("X-Subject-Token", secret);
  h.set("X-Security-Token", secret);
  const auto e = parse_api_error(401, h, R"({"error_code":"APIG.0301","error_msg":"token invalid"})");
  std::ostringstream os;
  os << e;
  BOOST_TEST(std::string(e.what()).find(secret) == std::string::npos);
  BOOST_TEST(os.str().find(secret) == std::string::npos);
  BOOST_TEST(e.request_id().empty());
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(clock_skew)

BOOST_AUTO_TEST_CASE(obs_request_time_too_skewed) {
  const api_error e(403, "RequestTimeTooSkewed",
                    "The difference between the request time and the server's time is too large.", "");
  BOOST_TEST(modelarts::is_clock_skew_error(e));
}

BOOST_AUTO_TEST_CASE(s3_message_without_the_code) {
  const api_error e(403, "", "The difference between the request time and the current time is too large.", "");
  BOOST_TEST(modelarts::is_clock_skew_error(e));
}

BOOST_AUTO_TEST_CASE(apig_signature_expired) {
  const api_error e(401, "APIG.0303",
                    "Incorrect app authentication information: signature expired, signature "
                    "time:20230527T000431Z,server time:20230527T020608Z",
                    "");
  BOOST_TEST(modelarts::is_clock_skew_error(e));
}

BOOST_AUTO_TEST_CASE(apig_0201_with_an_expiry_message) {
  const api_error e(400, "APIG.0201", "Request expired", "");
  BOOST_TEST(modelarts::is_clock_skew_error(e));
}

BOOST_AUTO_TEST_CASE(apig_0201_for_bad_parameters_is_not_skew) {
  const api_error e(400, "APIG.0201", "API request error.", "");
  BOOST_TEST(!modelarts::is_clock_skew_error(e));
}

BOOST_AUTO_TEST_CASE(an_expired_token_is_not_skew) {
  const api_error e(401, "APIG.0301",
                    "Incorrect IAM authentication information: token expires, expires_at: 2024-01-01", "");
  BOOST_TEST(!modelarts::is_clock_skew_error(e));
}

BOOST_AUTO_TEST_CASE(an_unrelated_error_is_not_skew) {
  const api_error e(404, "ModelArts.0104", "training job not found", "");
  BOOST_TEST(!modelarts::is_clock_skew_error(e));
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(retry_after)

const auto now = at("Tue, 15 Nov 1994 08:12:31 GMT");

BOOST_AUTO_TEST_CASE(delta_seconds) {
  BOOST_TEST(wait_of("120", now) == 120);
  BOOST_TEST(wait_of("0", now) == 0);
}

BOOST_AUTO_TEST_CASE(delta_seconds_with_surrounding_spaces) {
  BOOST_TEST(wait_of("  7 ", now) == 7);
}

BOOST_AUTO_TEST_CASE(a_huge_delta_is_capped) {
  BOOST_TEST(wait_of("99999999999999999999999", now) == 2147483647);
}

BOOST_AUTO_TEST_CASE(imf_fixdate_relative_to_now) {
  BOOST_TEST(wait_of("Tue, 15 Nov 1994 08:13:01 GMT", now) == 30);
}

BOOST_AUTO_TEST_CASE(a_date_partway_through_a_second_rounds_up) {
  BOOST_TEST(wait_of("Tue, 15 Nov 1994 08:13:01 GMT", now + 500ms) == 30);
}

BOOST_AUTO_TEST_CASE(rfc850_and_asctime_dates) {
  BOOST_TEST(wait_of("Tuesday, 15-Nov-94 08:12:41 GMT", now) == 10);
  BOOST_TEST(wait_of("Tue Nov 15 08:12:51 1994", now) == 20);
}

BOOST_AUTO_TEST_CASE(a_date_in_the_past_means_now) {
  BOOST_TEST(wait_of("Tue, 15 Nov 1994 08:00:00 GMT", now) == 0);
}

BOOST_AUTO_TEST_CASE(anything_else_is_rejected) {
  for (std::string_view v : {"", "soon", "-5", "1.5", "12abc", "Tue, 31 Feb 1994 08:13:01 GMT",
                             "Tue, 15 Nov 1994 25:13:01 GMT", "Tue, 15 Nov 1994 08:13:01 UTC"}) {
    BOOST_TEST_CONTEXT("value '" << v << "'") {
      BOOST_TEST(wait_of(v, now) == -1);
    }
  }
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(http_dates)

BOOST_AUTO_TEST_CASE(parses_the_three_forms_to_the_same_instant) {
  const auto imf = at("Sun, 06 Nov 1994 08:49:37 GMT");
  BOOST_TEST((at("Sunday, 06-Nov-94 08:49:37 GMT") == imf));
  BOOST_TEST((at("Sun Nov  6 08:49:37 1994") == imf));
  BOOST_TEST(std::chrono::duration_cast<std::chrono::seconds>(imf.time_since_epoch()).count() == 784111777);
}

BOOST_AUTO_TEST_CASE(formats_imf_fixdate) {
  BOOST_TEST(modelarts::http::format_http_date(at("Sun, 06 Nov 1994 08:49:37 GMT") + 999ms) ==
             "Sun, 06 Nov 1994 08:49:37 GMT");
  BOOST_TEST(modelarts::http::format_http_date(at("Thu, 29 Feb 2024 23:59:59 GMT")) ==
             "Thu, 29 Feb 2024 23:59:59 GMT");
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(reason_phrases)

BOOST_AUTO_TEST_CASE(standard_and_unknown_statuses) {
  BOOST_TEST(modelarts::http::reason_phrase(503) == "Service Unavailable");
  BOOST_TEST(modelarts::http::reason_phrase(418) == "Client Error");
  BOOST_TEST(modelarts::http::reason_phrase(42) == "Unknown Status");
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(excerpts)

BOOST_AUTO_TEST_CASE(keeps_markup_when_asked) {
  BOOST_TEST(modelarts::text_excerpt("a <b>  c", {.max_bytes = 200, .strip_markup = false}) == "a <b> c");
}

BOOST_AUTO_TEST_CASE(an_unterminated_tag_ends_the_text) {
  BOOST_TEST(modelarts::text_excerpt("before <div class=") == "before");
}

BOOST_AUTO_TEST_CASE(numeric_references_become_utf8) {
  BOOST_TEST(modelarts::text_excerpt("caf&#233; &#x4E2D;") == "caf\xC3\xA9 \xE4\xB8\xAD");
}

BOOST_AUTO_TEST_CASE(unknown_references_stay_literal) {
  BOOST_TEST(modelarts::text_excerpt("R&D &copy; &#;") == "R&D &copy; &#;");
}

BOOST_AUTO_TEST_SUITE_END()

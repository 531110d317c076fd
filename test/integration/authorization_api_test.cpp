// The agency and authorization API against the emulator, with the seeds' bodies.
#include "emulator_fixture.hpp"

#include "modelarts/authorization.hpp"

#include <boost/test/unit_test.hpp>

using namespace modelarts;
using test_support::code_of;

namespace {

struct authorizations : test_support::emulator_fixture {
  client c = make_client();
  authorization_client authz{c};

  [[nodiscard]] std::uint64_t requests_to(std::string_view method, const char* resource) const {
    return server.requests_matching(method, "/v2/" + server.settings().project_id + "/" + resource);
  }
};

template <class F>
std::optional<api_error> api_error_of(F&& f) {
  try {
    f();
  } catch (const api_error& e) {
    return e;
  }
  BOOST_ERROR("no api_error");
  return std::nullopt;
}

const std::string seed_user = "****af917080f5d21f55c018ba19****";

} // namespace

BOOST_FIXTURE_TEST_CASE(the_modelarts_agency_is_named_after_its_suffix, authorizations) {
  BOOST_TEST(run(authz.create_modelarts_agency("iam-user01")) == "ma_agency_iam-user01");
  const auto again = api_error_of([&] { run(authz.create_modelarts_agency("iam-user01")); });
  BOOST_TEST_REQUIRE(again.has_value());
  BOOST_TEST(again->http_status() == 400u);
  BOOST_TEST(again->service_code() == "ModelArts.3104");
}

BOOST_FIXTURE_TEST_CASE(the_seed_authorization_is_set_and_listed, authorizations) {
  run(authz.create_modelarts_agency("iam-user01"));
  run(authz.set_authorization({.user_id = seed_user, .type = "agency", .content = "ma_agency_iam-user01"}));
  run(authz.set_authorization({.user_id = std::string(all_users), .content = "modelarts_agency"}));
  const auto list = run(authz.list_authorizations());
  BOOST_TEST(list.total_count == 2);
  BOOST_TEST_REQUIRE(list.auth.size() == 2u);
  BOOST_TEST(list.auth[0].user_id == seed_user);
  BOOST_TEST(!list.auth[0].user_name.has_value());
  BOOST_TEST(list.auth[0].type == "agency");
  BOOST_TEST(list.auth[0].content == "ma_agency_iam-user01");
  BOOST_TEST(list.auth[0].create_time > 1600000000000);
  BOOST_TEST(list.auth[1].user_name.value_or("") == "all-users");
}

BOOST_FIXTURE_TEST_CASE(setting_again_replaces_the_users_authorization, authorizations) {
  run(authz.create_modelarts_agency("first"));
  run(authz.create_modelarts_agency("second"));
  run(authz.set_authorization({.user_id = seed_user, .content = "ma_agency_first"}));
  run(authz.set_authorization({.user_id = seed_user, .content = "ma_agency_second"}));
  const auto list = run(authz.list_authorizations());
  BOOST_TEST_REQUIRE(list.auth.size() == 1u);
  BOOST_TEST(list.auth[0].content == "ma_agency_second");
}

BOOST_FIXTURE_TEST_CASE(an_authorization_must_name_an_existing_agency, authorizations) {
  const auto e = api_error_of(
      [&] { run(authz.set_authorization({.user_id = seed_user, .content = "ma_agency_nobody"})); });
  BOOST_TEST_REQUIRE(e.has_value());
  BOOST_TEST(e->http_status() == 400u);
  BOOST_TEST(e->service_code() == "ModelArts.3103");
  BOOST_TEST(run(authz.list_authorizations()).total_count == 0);
}

BOOST_FIXTURE_TEST_CASE(one_users_authorization_is_deleted, authorizations) {
  run(authz.set_authorization({.user_id = seed_user, .content = "modelarts_agency"}));
  run(authz.set_authorization({.user_id = "another-user", .content = "modelarts_agency"}));
  const auto deleted = run(authz.delete_authorization(seed_user));
  BOOST_TEST(deleted.result);
  BOOST_TEST(deleted.success_message.empty());
  const auto list = run(authz.list_authorizations());
  BOOST_TEST_REQUIRE(list.auth.size() == 1u);
  BOOST_TEST(list.auth[0].user_id == "another-user");
  const auto again = api_error_of([&] { run(authz.delete_authorization(seed_user)); });
  BOOST_TEST_REQUIRE(again.has_value());
  BOOST_TEST(again->http_status() == 404u);
  BOOST_TEST(again->service_code() == "ModelArts.3102");
}

BOOST_FIXTURE_TEST_CASE(all_users_deletes_every_authorization, authorizations) {
  run(authz.set_authorization({.user_id = seed_user, .content = "modelarts_agency"}));
  run(authz.set_authorization({.user_id = "another-user", .content = "modelarts_agency"}));
  const auto deleted = run(authz.delete_authorization(std::string(all_users)));
  BOOST_TEST(deleted.result);
  BOOST_TEST(deleted.success_message == "Delete all-users auth info successfully!");
  BOOST_TEST(run(authz.list_authorizations()).auth.empty());
}

BOOST_FIXTURE_TEST_CASE(a_credential_authorization_needs_no_agency, authorizations) {
  run(authz.set_authorization({.user_id = seed_user, .type = "credential", .content = "AKEXAMPLE"}));
  BOOST_TEST(run(authz.list_authorizations()).auth.at(0).type == "credential");
}

BOOST_FIXTURE_TEST_CASE(arguments_the_api_cannot_take_are_refused_before_sending, authorizations) {
  const auto invalid = make_error_code(errc::invalid_argument);
  BOOST_TEST((code_of([&] { run(authz.create_modelarts_agency("")); }) == invalid));
  BOOST_TEST((code_of([&] { run(authz.create_modelarts_agency("has space")); }) == invalid));
  BOOST_TEST((code_of([&] { run(authz.create_modelarts_agency(std::string(55, 'a'))); }) == invalid));
  BOOST_TEST((code_of([&] { run(authz.set_authorization({.user_id = "", .content = "x"})); }) == invalid));
  BOOST_TEST((code_of([&] { run(authz.set_authorization({.user_id = "u", .type = "role", .content = "x"})); }) ==
              invalid));
  BOOST_TEST((code_of([&] { run(authz.set_authorization({.user_id = "u", .content = ""})); }) == invalid));
  BOOST_TEST((code_of([&] { run(authz.delete_authorization("")); }) == invalid));
  BOOST_TEST(requests_to("POST", "agency") == 0u);
  BOOST_TEST(requests_to("POST", "authorizations") == 0u);
  BOOST_TEST(requests_to("DELETE", "authorizations") == 0u);
}

BOOST_FIXTURE_TEST_CASE(a_token_authenticated_client_works_too, authorizations) {
  auto with_token = make_client(options(), password());
  authorization_client token_authz(with_token);
  BOOST_TEST(run(token_authz.create_modelarts_agency("token-user")) == "ma_agency_token-user");
  BOOST_TEST(run(token_authz.list_authorizations()).total_count == 0);
}

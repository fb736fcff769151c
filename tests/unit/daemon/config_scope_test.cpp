// A subscriber's `scope:`: the sensitive groups it may see and the further fields it denies.
// Values, the default (nothing sensitive), every error with its line and key path, and the
// scope= part of the --check-config description.
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "daemon/config/config.h"
#include "daemon/config/describe.h"
#include "unit/daemon/config_support.h"

namespace {

using namespace weft::config;
using namespace weft::config::test;

// Lines 1..10 are fixed; `extra` starts at line 11, under the one subscriber.
std::string config_text(const std::string& extra) {
  return "connections:\n"
         "  - id: demo-sandbox\n"
         "    tenant: demo\n"
         "    provider: sandbox\n"
         "    environment: sandbox\n"
         "    secrets: [s1]\n"
         "subscribers:\n"
         "  - id: hr\n"
         "    url: http://127.0.0.1:8090/events\n"
         "    secrets: [whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw]\n" +
         extra + "    events: [\"ats.*\"]\n";
}

}  // namespace

TEST_CASE("config scope: omitted, a subscriber sees nothing sensitive and denies nothing") {
  Loaded loaded = load_text(config_text(""));
  REQUIRE(loaded.error == "");
  const Scope& scope = loaded.config->subscribers.at(0).scope;
  CHECK(scope.sensitive.empty());
  CHECK(scope.deny.empty());
  CHECK(describe(*loaded.config).find(" events=ats.* scope=none timeout=") != std::string::npos);
}

TEST_CASE("config scope: sensitive groups and deny paths are read in order, duplicates once") {
  Loaded loaded = load_text(config_text(
      "    scope:\n"
      "      sensitive: [eeo, compensation, eeo]\n"
      "      deny: [candidate.phone_numbers, application.rejection, candidate.phone_numbers]\n"));
  REQUIRE(loaded.error == "");
  const Scope& scope = loaded.config->subscribers.at(0).scope;
  CHECK(scope.sensitive == std::vector<std::string>{"eeo", "compensation"});
  CHECK(scope.deny == std::vector<std::string>{"candidate.phone_numbers", "application.rejection"});
  CHECK(describe(*loaded.config)
            .find(" scope=sensitive:eeo,compensation;deny:candidate.phone_numbers,"
                  "application.rejection timeout=") != std::string::npos);

  Loaded deny_only = load_text(config_text("    scope: {deny: [offer.start_date]}\n"));
  REQUIRE(deny_only.error == "");
  CHECK(describe(*deny_only.config).find(" scope=deny:offer.start_date timeout=") !=
        std::string::npos);
  Loaded all = load_text(
      config_text("    scope: {sensitive: [date_of_birth, compensation, eeo], deny: []}\n"));
  REQUIRE(all.error == "");
  CHECK(all.config->subscribers.at(0).scope.sensitive.size() == 3);
  CHECK(all.config->subscribers.at(0).scope.deny.empty());

  // One custom field by its vendor key (any printable text), or all of them.
  Loaded custom =
      load_text(config_text("    scope: {deny: [\"offer.custom_fields.Salary Band (EUR)\", "
                            "candidate.custom_fields]}\n"));
  REQUIRE(custom.error == "");
  CHECK(
      custom.config->subscribers.at(0).scope.deny ==
      std::vector<std::string>{"offer.custom_fields.Salary Band (EUR)", "candidate.custom_fields"});
}

TEST_CASE("config scope: an unknown group is an error that lists the known ones") {
  CHECK(load_text(config_text("    scope: {sensitive: [eeo, salary]}\n")).error ==
        "11: subscribers[0].scope.sensitive[1]: unknown sensitive group 'salary' (known: "
        "compensation, date_of_birth, eeo)");
  // A name that is not a plain word is not echoed.
  CHECK(load_text(config_text("    scope: {sensitive: [\"E E O\"]}\n")).error ==
        "11: subscribers[0].scope.sensitive[0]: unknown sensitive group (known: "
        "compensation, date_of_birth, eeo)");
}

TEST_CASE("config scope: bad deny paths, unknown keys and wrong shapes are errors") {
  const std::string shape =
      "11: subscribers[0].scope.deny[0]: must be a field path like \"candidate.phone_numbers\" "
      "(<entity>.<field>) or \"offer.custom_fields.<key>\"";
  CHECK(load_text(config_text("    scope: {deny: [phone_numbers]}\n")).error == shape);
  CHECK(load_text(config_text("    scope: {deny: [candidate.emails.address]}\n")).error == shape);
  // A field the schema does not have (a typo would otherwise withhold nothing).
  CHECK(load_text(config_text("    scope: {deny: [candidate.emial]}\n")).error ==
        "11: subscribers[0].scope.deny[0]: unknown field 'emial' of candidate records (see "
        "schema/candidate.json)");
  CHECK(load_text(config_text("    scope: {deny: [offer.phone_numbers]}\n")).error ==
        "11: subscribers[0].scope.deny[0]: unknown field 'phone_numbers' of offer records (see "
        "schema/offer.json)");
  CHECK(load_text(config_text("    scope: {deny: ['offer.custom_fields.a\"b']}\n")).error ==
        "11: subscribers[0].scope.deny[0]: a custom field key must be 1..128 printable "
        "characters without quotes");
  CHECK(load_text(config_text("    scope: {deny: [offer.custom_fields.]}\n")).error ==
        "11: subscribers[0].scope.deny[0]: a custom field key must be 1..128 printable "
        "characters without quotes");
  std::string unknown = load_text(config_text("    scope: {deny: [person.emails]}\n")).error;
  CHECK(unknown.starts_with("11: subscribers[0].scope.deny[0]: unknown entity 'person' (known: "));
  CHECK(unknown.find("candidate") != std::string::npos);
  CHECK(unknown.find("eeo") != std::string::npos);
  CHECK(load_text(config_text("    scope: {deny: [candidate.id]}\n")).error ==
        "11: subscribers[0].scope.deny[0]: id and remote_id cannot be withheld");
  CHECK(load_text(config_text("    scope: {deny: [offer.remote_id]}\n")).error ==
        "11: subscribers[0].scope.deny[0]: id and remote_id cannot be withheld");
  CHECK(load_text(config_text("    scope: {fields: [x]}\n"))
            .error.starts_with("11: subscribers[0].scope.fields: "));
  CHECK(load_text(config_text("    scope: eeo\n")).error.starts_with("11: subscribers[0].scope: "));
  CHECK(load_text(config_text("    scope: {sensitive: eeo}\n"))
            .error.starts_with("11: subscribers[0].scope.sensitive: must be a list of "));
}

#include <doctest/doctest.h>

#include "providers/core/enums.h"
#include "providers/core/printable.h"

using namespace weft;

namespace {

const EnumTable kStatus = {{"Active", "active"}, {"Archived", "rejected"}};

std::string written(const json::Value& object) {
  return json::serialize(object);
}

}  // namespace

TEST_CASE("enums: a table maps vendor text, anything else is unknown") {
  CHECK(map_enum(kStatus, "Archived") == "rejected");
  CHECK(map_enum(kStatus, "archived") == "unknown");
  CHECK(map_enum(kStatus, "") == "unknown");
}

TEST_CASE("enums: the unified value and the vendor's text are written side by side") {
  json::Document doc;
  doc.SetObject();
  auto& a = doc.GetAllocator();
  set_enum(doc, "status", kStatus, std::optional<std::string>("Archived"), a);
  set_enum(doc, "stage", kStatus, std::optional<std::string>("Odd"), a);
  set_enum(doc, "kind", kStatus, std::nullopt, a);
  set_enum(doc, "type", "social_media", std::nullopt, a);
  set_enum(doc, "currency", std::nullopt, std::optional<std::string>("usd"), a);
  CHECK(written(doc) ==
        R"({"status":"rejected","status_raw":"Archived","stage":"unknown","stage_raw":"Odd",)"
        R"("kind":null,"kind_raw":null,"type":"social_media","type_raw":null,)"
        R"("currency":null,"currency_raw":"usd"})");
  // Written again, a field keeps its place and takes the new value.
  set_enum(doc, "status", kStatus, std::optional<std::string>("Active"), a);
  CHECK(written(doc).starts_with(R"({"status":"active","status_raw":"Active","stage")"));
}

TEST_CASE("printable: vendor text is cut and stripped of anything but a token's characters") {
  CHECK(printable("candidate_teleported") == "candidate_teleported");
  CHECK(printable("x\ny z='1'") == "x?y?z??1?");
  CHECK(printable(std::string(70, 'a')) == std::string(64, 'a') + "...");
  CHECK(printable("abcdef", 3) == "abc...");
  CHECK(printable("") == "");
}

#include <doctest/doctest.h>

#include "providers/core/json.h"

using namespace weft;

TEST_CASE("json::parse accepts documents within the depth limit") {
  json::Document doc;
  CHECK(json::parse(R"({"a":{"b":[1,2,{"c":"d"}]}})", doc, 4).empty());
  CHECK(json::text(json::find_path(doc, {"a", "b"})->Begin()) == std::string("1"));
}

TEST_CASE("json::parse refuses too deep and malformed documents with a one-line reason") {
  json::Document doc;
  std::string deep(100, '[');
  deep += std::string(100, ']');
  auto too_deep = json::parse(deep, doc, 64);
  CHECK(too_deep == "JSON nested deeper than 64");
  auto bad = json::parse(R"({"a": )", doc);
  CHECK(bad.starts_with("malformed JSON at byte "));
  CHECK(bad.find('\n') == std::string::npos);
  CHECK_FALSE(json::parse("\"\xff\"", doc).empty());  // invalid UTF-8
}

TEST_CASE("json::parse counts every value against max_values: members, elements, containers") {
  json::Document doc;
  // {"a":[1,2],"b":{"c":null}}: the outer object, a's array, 1, 2, b's object and c's null
  // are 6 values (a key and its value count once).
  const std::string text = R"({"a":[1,2],"b":{"c":null}})";
  CHECK(json::parse(text, doc, json::Limits(64, 6)).empty());
  CHECK(doc["b"].HasMember("c"));
  CHECK(json::parse(text, doc, json::Limits(64, 5)) == "JSON has more than 5 values");
  // A flat array of many values: refused as soon as the count passes the limit.
  std::string wide = "[0";
  for (int i = 0; i < 5000; ++i) wide += ",0";
  wide += "]";
  CHECK(json::parse(wide, doc).empty());  // the default is 20000
  CHECK(json::parse(wide, doc, json::Limits(64, 1000)) == "JSON has more than 1000 values");
  CHECK(json::parse_object(wide, doc, json::Limits(64, 1000), "x body") ==
        "JSON has more than 1000 values");
}

TEST_CASE("json::text reads strings and integers, not other types") {
  json::Document doc;
  REQUIRE(json::parse(R"({"s":"x","i":42,"n":null,"f":1.5,"o":{}})", doc).empty());
  CHECK(json::text(doc, "s") == std::string("x"));
  CHECK(json::text(doc, "i") == std::string("42"));
  CHECK_FALSE(json::text(doc, "n").has_value());
  CHECK_FALSE(json::text(doc, "f").has_value());
  CHECK_FALSE(json::text(doc, "missing").has_value());
}

TEST_CASE("json::parse_object names what is not an object, and passes parse errors on") {
  json::Document doc;
  CHECK(json::parse_object(R"({"a":1})", doc, 64, "x body").empty());
  CHECK(json::parse_object("[1,2]", doc, 64, "x body") == "x body is not a JSON object");
  CHECK(json::parse_object("3", doc, 64, "x body") == "x body is not a JSON object");
  CHECK(json::parse_object(R"({"a": )", doc, 64, "x body").starts_with("malformed JSON at byte "));
  CHECK(json::parse_object("[[[1]]]", doc, 2, "x body") == "JSON nested deeper than 2");
}

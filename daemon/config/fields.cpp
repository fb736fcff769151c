#include "daemon/config/fields.h"

#include <cctype>
#include <charconv>
#include <cstdio>

#include "daemon/config/checks.h"
#include "daemon/config/secrets.h"
#include "daemon/config/units.h"

namespace weft::config {

namespace {

std::string range(uint64_t lo, uint64_t hi) {
  return std::to_string(lo) + ".." + std::to_string(hi);
}

}  // namespace

std::string read_text(const Value& value, std::string_view expected) {
  if (!value.is_scalar() || value.node().Scalar().empty()) {
    value.fail("must be " + std::string(expected));
  }
  return value.node().Scalar();
}

uint64_t read_integer(const Value& value, uint64_t lo, uint64_t hi) {
  std::string message = "must be an integer " + range(lo, hi);
  auto number = value.is_scalar() ? parse_uint(value.node().Scalar()) : std::nullopt;
  if (!number || *number < lo || *number > hi) value.fail(message);
  return *number;
}

Duration read_duration(const Value& value, Duration lo, Duration hi) {
  auto duration = value.is_scalar() ? parse_duration(value.node().Scalar()) : std::nullopt;
  if (!duration) value.fail("must be a duration like 250ms, 3s, 10m or 2h");
  if (*duration < lo || *duration > hi) {
    value.fail("must be " + format_duration(lo) + ".." + format_duration(hi));
  }
  return *duration;
}

std::size_t read_size(const Value& value, std::size_t lo, std::size_t hi) {
  const std::string text = value.is_scalar() ? value.node().Scalar() : std::string();
  auto size = parse_size(text);
  if (!size && has_unsupported_size_unit(text)) {
    value.fail("unsupported unit: use bytes (512) or binary units KiB, MiB, GiB");
  }
  if (!size) value.fail("must be a size like 512, 64KiB, 1MiB or 1GiB");
  if (*size < lo || *size > hi) value.fail("must be " + format_size(lo) + ".." + format_size(hi));
  return *size;
}

double read_rate_limit(const Value& value) {
  const std::string expected = "must be a rate like 10/s, 600/m or 3600/h";
  std::string text = read_text(value, "a rate like 10/s");
  auto slash = text.find('/');
  if (slash == std::string::npos) value.fail(expected);
  auto count = parse_uint(std::string_view(text).substr(0, slash));
  std::string unit = text.substr(slash + 1);
  double per = unit == "s" ? 1 : unit == "m" ? 60 : unit == "h" ? 3600 : 0;
  if (!count || per == 0) value.fail(expected);
  if (*count == 0 || *count > 100'000) value.fail("must allow 1..100000 requests per unit");
  return static_cast<double>(*count) / per;
}

double read_number(const Value& value, double lo, double hi) {
  char bounds[64];
  std::snprintf(bounds, sizeof bounds, "must be a number %g..%g", lo, hi);
  const std::string text = value.is_scalar() ? value.node().Scalar() : std::string();
  // Digits, optionally a point and more digits: no sign, exponent, "nan" or "inf" to guess at.
  std::size_t point = text.find('.');
  std::string_view whole = std::string_view(text).substr(0, point);
  std::string_view fraction =
      point == std::string::npos ? std::string_view() : std::string_view(text).substr(point + 1);
  auto digits = [](std::string_view part) {
    for (char c : part) {
      if (!std::isdigit(static_cast<unsigned char>(c))) return false;
    }
    return true;
  };
  bool shaped = !whole.empty() && digits(whole) && digits(fraction) &&
                (point == std::string::npos || !fraction.empty()) && text.size() <= 32;
  double number = 0;
  if (shaped) {
    auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), number);
    shaped = error == std::errc() && end == text.data() + text.size();
  }
  if (!shaped || number < lo || number > hi) value.fail(bounds);
  return number;
}

std::vector<Value> read_list(const Value& value, std::size_t min, std::size_t max,
                             std::string_view what) {
  std::vector<Value> items;
  if (value.is_sequence()) items = value.items();
  if (!value.is_sequence() || items.size() < min || items.size() > max) {
    std::string count = min == 0 ? "at most " + std::to_string(max) : range(min, max);
    value.fail("must be a list of " + count + " " + std::string(what));
  }
  return items;
}

std::string read_id(const Value& value) {
  constexpr std::string_view expected = "an id: [a-z0-9][a-z0-9_-]{0,63}";
  std::string id = read_text(value, expected);
  if (!valid_id(id)) value.fail("must be " + std::string(expected));
  return id;
}

void SeenIds::add(const std::string& id, const Value& where) {
  for (const auto& [seen, line] : seen_) {
    if (seen == id) {
      where.fail("duplicate id '" + id + "' (first at line " + std::to_string(line) + ")");
    }
  }
  seen_.emplace_back(id, where.line());
}

std::vector<std::string> read_secrets(const Value& value,
                                      std::string (*problem)(std::string_view)) {
  std::vector<std::string> secrets;
  for (const Value& item : read_list(value, 1, 16, "secrets")) {
    auto secret = resolve_secret(read_text(item));
    if (!secret.error.empty()) item.fail(secret.error);
    if (problem != nullptr) {
      if (std::string why = problem(secret.value); !why.empty()) item.fail(why);
    }
    secrets.push_back(std::move(secret.value));
  }
  return secrets;
}

std::string read_secret_reference(const Value& value) {
  constexpr std::string_view kReferenceOnly =
      "must come from ${file:...}, ${env:...} or ${cred:...}";
  if (!value.is_scalar() || !value.node().Scalar().starts_with("${")) value.fail(kReferenceOnly);
  ResolvedSecret secret = resolve_secret(value.node().Scalar());
  if (!secret.error.empty()) value.fail(secret.error);
  return std::move(secret.value);
}

}  // namespace weft::config

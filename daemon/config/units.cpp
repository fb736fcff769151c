#include "daemon/config/units.h"

#include <array>
#include <cctype>
#include <limits>
#include <utility>

namespace weft::config {

namespace {

// Splits "123abc" into (123, "abc"); nullopt when there are no leading digits or they overflow.
std::optional<std::pair<uint64_t, std::string_view>> split_number(std::string_view text) {
  std::size_t i = 0;
  while (i < text.size() && std::isdigit(static_cast<unsigned char>(text[i]))) ++i;
  auto number = parse_uint(text.substr(0, i));
  if (!number) return std::nullopt;
  return std::pair{*number, text.substr(i)};
}

std::optional<uint64_t> multiply(uint64_t value, uint64_t factor, uint64_t max) {
  if (value > max / factor) return std::nullopt;
  return value * factor;
}

struct Unit {
  std::string_view suffix;
  uint64_t factor;
};

constexpr std::array<Unit, 4> kDurationUnits = {Unit{"h", 3'600'000}, Unit{"m", 60'000},
                                                Unit{"s", 1'000}, Unit{"ms", 1}};
constexpr std::array<Unit, 4> kSizeUnits = {Unit{"GiB", 1ull << 30}, Unit{"MiB", 1ull << 20},
                                            Unit{"KiB", 1ull << 10}, Unit{"", 1}};

}  // namespace

std::optional<uint64_t> parse_uint(std::string_view text) {
  if (text.empty()) return std::nullopt;
  uint64_t value = 0;
  for (char c : text) {
    if (!std::isdigit(static_cast<unsigned char>(c))) return std::nullopt;
    auto digit = static_cast<uint64_t>(c - '0');
    if (value > (std::numeric_limits<uint64_t>::max() - digit) / 10) return std::nullopt;
    value = value * 10 + digit;
  }
  return value;
}

std::optional<Duration> parse_duration(std::string_view text) {
  auto split = split_number(text);
  if (!split) return std::nullopt;
  auto [number, suffix] = *split;
  for (const Unit& unit : kDurationUnits) {
    if (suffix != unit.suffix) continue;
    // Keep it well inside the range of milliseconds' representation.
    auto ms = multiply(number, unit.factor, std::numeric_limits<int64_t>::max() / 1000);
    if (!ms) return std::nullopt;
    return Duration{static_cast<Duration::rep>(*ms)};
  }
  return std::nullopt;
}

std::optional<std::size_t> parse_size(std::string_view text) {
  auto split = split_number(text);
  if (!split) return std::nullopt;
  auto [number, suffix] = *split;
  for (const Unit& unit : kSizeUnits) {
    if (suffix != unit.suffix) continue;
    auto bytes = multiply(number, unit.factor, std::numeric_limits<std::size_t>::max());
    if (!bytes) return std::nullopt;
    return static_cast<std::size_t>(*bytes);
  }
  return std::nullopt;
}

bool has_unsupported_size_unit(std::string_view text) {
  auto split = split_number(text);
  if (!split) return false;
  std::string suffix;
  for (char c : split->second)
    suffix += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  for (std::string_view decimal : {"k", "kb", "m", "mb", "g", "gb", "b", "kib", "mib", "gib"}) {
    if (suffix == decimal) return true;
  }
  return false;
}

std::string format_duration(Duration d) {
  auto ms = static_cast<uint64_t>(d.count());
  for (const Unit& unit : kDurationUnits) {
    if (ms != 0 && ms % unit.factor == 0)
      return std::to_string(ms / unit.factor) + std::string(unit.suffix);
  }
  return std::to_string(ms) + "s";
}

std::string format_size(std::size_t bytes) {
  for (const Unit& unit : kSizeUnits) {
    if (bytes != 0 && bytes % unit.factor == 0)
      return std::to_string(bytes / unit.factor) + std::string(unit.suffix);
  }
  return "0";
}

}  // namespace weft::config

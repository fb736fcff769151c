// The record writer the provider mappers share: builds one unified record in a draft's
// document, members in the order written. It starts with `id` and `remote_id` placeholders
// that seal() fills, so every record reads id-first. Vendors add their own conversions (vendor
// times, remote fields) in a class derived from it.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "providers/core/enums.h"
#include "providers/core/json.h"
#include "providers/core/provider.h"

namespace weft {

// The same writes for mappers that fill a draft's document directly.
void put(json::Document& out, std::string_view key, json::Value value);
// A string, or null when absent.
void put_text(json::Document& out, std::string_view key, const std::optional<std::string>& text);
// The unified id of another record, or null when the vendor gave none.
void put_ref(json::Document& out, std::string_view key, const NormalizeContext& ctx,
             std::string_view entity, const std::optional<std::string>& remote_id);

class RecordWriter {
 public:
  RecordWriter(json::Document& doc, const NormalizeContext& ctx);

  json::Allocator& alloc() { return alloc_; }
  std::string unified(std::string_view entity, std::string_view remote_id) const {
    return ctx_.unified_id(entity, remote_id);
  }

  void put(std::string_view key, json::Value value);
  void null(std::string_view key) { put(key, json::Value()); }
  void text(std::string_view key, const std::optional<std::string>& value);
  void flag(std::string_view key, std::optional<bool> value);
  // The unified id of another record, or null when the vendor gave none.
  void ref(std::string_view key, std::string_view entity, const std::optional<std::string>& id);
  void refs(std::string_view key, std::string_view entity, const std::vector<std::string>& ids);
  // key = unified enum value, key_raw = the vendor's original text (or null).
  void enumerated(std::string_view key, std::string_view value,
                  const std::optional<std::string>& raw);
  void enumerated(std::string_view key, EnumTable table, const std::optional<std::string>& raw);

 protected:
  json::Value& object_;
  json::Allocator& alloc_;
  const NormalizeContext& ctx_;
};

}  // namespace weft

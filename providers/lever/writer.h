// The record writer the Lever builders share: members in the order written, id and
// remote_id first (filled when the envelope seals the record).
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "providers/core/enums.h"
#include "providers/core/json.h"
#include "providers/core/provider.h"

namespace weft::lever {

// Builds one unified record in a draft's document.
class Writer {
 public:
  Writer(json::Document& doc, const NormalizeContext& ctx)
      : doc_(doc), a_(doc.GetAllocator()), ctx_(ctx) {
    if (!doc_.IsObject()) doc_.SetObject();
    put("id", json::Value());  // filled when the envelope seals the record
    put("remote_id", json::Value());
  }
  json::Allocator& a() { return a_; }
  void put(std::string_view key, json::Value v) { json::set(doc_, key, std::move(v), a_); }
  void text(std::string_view key, const std::optional<std::string>& v) {
    put(key, json::string_or_null(v, a_));
  }
  void ref(std::string_view key, std::string_view entity, std::string_view remote_id) {
    text(key, remote_id.empty() ? std::nullopt : std::optional(ctx_.unified_id(entity, remote_id)));
  }
  void enumerated(std::string_view key, std::optional<std::string_view> value,
                  const std::optional<std::string>& raw) {
    set_enum(doc_, key, value, raw, a_);
  }
  void base(const std::optional<std::string>& url, const std::optional<std::string>& created,
            const std::optional<std::string>& updated) {
    text("remote_url", url);
    text("remote_created_at", created);
    text("remote_updated_at", updated);
    put("remote_deleted_at", json::Value());
    put("custom_fields", json::Value(rapidjson::kObjectType));
  }

 private:
  json::Document& doc_;
  json::Allocator& a_;
  const NormalizeContext& ctx_;
};

}  // namespace weft::lever

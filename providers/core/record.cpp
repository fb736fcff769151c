#include "providers/core/record.h"

namespace weft {

void put(json::Document& out, std::string_view key, json::Value value) {
  json::set(out, key, std::move(value), out.GetAllocator());
}

void put_text(json::Document& out, std::string_view key, const std::optional<std::string>& text) {
  put(out, key, json::string_or_null(text, out.GetAllocator()));
}

void put_ref(json::Document& out, std::string_view key, const NormalizeContext& ctx,
             std::string_view entity, const std::optional<std::string>& remote_id) {
  put_text(out, key, remote_id ? std::optional(ctx.unified_id(entity, *remote_id)) : std::nullopt);
}

RecordWriter::RecordWriter(json::Document& doc, const NormalizeContext& ctx)
    : object_(doc), alloc_(doc.GetAllocator()), ctx_(ctx) {
  if (!object_.IsObject()) object_.SetObject();
  json::set(object_, "id", json::Value(), alloc_);
  json::set(object_, "remote_id", json::Value(), alloc_);
}

void RecordWriter::put(std::string_view key, json::Value value) {
  json::set(object_, key, std::move(value), alloc_);
}

void RecordWriter::text(std::string_view key, const std::optional<std::string>& value) {
  put(key, json::string_or_null(value, alloc_));
}

void RecordWriter::flag(std::string_view key, std::optional<bool> value) {
  put(key, value ? json::Value(*value) : json::Value());
}

void RecordWriter::ref(std::string_view key, std::string_view entity,
                       const std::optional<std::string>& id) {
  text(key, id ? std::optional(unified(entity, *id)) : std::nullopt);
}

void RecordWriter::refs(std::string_view key, std::string_view entity,
                        const std::vector<std::string>& ids) {
  json::Value list(rapidjson::kArrayType);
  for (const auto& id : ids) list.PushBack(json::string(unified(entity, id), alloc_), alloc_);
  put(key, std::move(list));
}

void RecordWriter::enumerated(std::string_view key, std::string_view value,
                              const std::optional<std::string>& raw) {
  set_enum(object_, key, value, raw, alloc_);
}

void RecordWriter::enumerated(std::string_view key, EnumTable table,
                              const std::optional<std::string>& raw) {
  set_enum(object_, key, table, raw, alloc_);
}

}  // namespace weft

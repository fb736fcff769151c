#include "providers/core/envelope.h"

#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include "providers/core/crypto.h"
#include "providers/core/ids.h"

namespace weft {

const char* to_string(DataMode mode) {
  switch (mode) {
    case DataMode::full:
      return "full";
    case DataMode::partial:
      return "partial";
    case DataMode::reference:
      return "reference";
    case DataMode::tombstone:
      return "tombstone";
  }
  return "full";
}

std::string NormalizeContext::unified_id(std::string_view entity,
                                         std::string_view remote_id) const {
  return unified_record_id(connection.id, entity, remote_id);
}

namespace {

constexpr char kSep = '\x1f';

std::string digest_id(std::string_view prefix, std::initializer_list<std::string_view> parts) {
  std::string material;
  for (auto p : parts) material.append(p).push_back(kSep);
  return std::string(prefix) + to_hex(sha256(material)).substr(0, 32);
}

using Writer = rapidjson::Writer<rapidjson::StringBuffer>;

void put(Writer& w, std::string_view key, std::string_view value) {
  w.Key(key.data(), static_cast<rapidjson::SizeType>(key.size()));
  w.String(value.data(), static_cast<rapidjson::SizeType>(value.size()));
}

void put_id_or_null(Writer& w, std::string_view key, const std::string& connection,
                    std::string_view entity, const std::string& remote_id) {
  w.Key(key.data(), static_cast<rapidjson::SizeType>(key.size()));
  if (remote_id.empty()) {
    w.Null();
    return;
  }
  auto id = unified_record_id(connection, entity, remote_id);
  w.String(id.data(), static_cast<rapidjson::SizeType>(id.size()));
}

}  // namespace

std::string event_id(std::string_view connection_id, std::string_view vendor_key,
                     std::string_view type, const SubjectRef& subject) {
  return digest_id("evt_", {connection_id, vendor_key, type, subject.entity, subject.remote_id});
}

std::vector<UnifiedEvent> seal(Normalized& n, const SealInput& in) {
  const auto& conn = in.connection;
  std::string vendor_key =
      n.vendor_event_id.empty() ? "sha256:" + to_hex(sha256(in.raw_body)) : n.vendor_event_id;
  std::string correlation =
      n.correlation_id.empty() ? digest_id("cor_", {conn.id, vendor_key}) : n.correlation_id;

  std::vector<UnifiedEvent> out;
  out.reserve(n.events.size());
  for (auto& draft : n.events) {
    UnifiedEvent ev;
    ev.id = event_id(conn.id, vendor_key, draft.type, draft.subject);
    ev.type = draft.type;
    ev.connection_id = conn.id;
    ev.subject_id = unified_record_id(conn.id, draft.subject.entity, draft.subject.remote_id);

    auto& alloc = draft.data.GetAllocator();
    if (!draft.data.IsObject()) draft.data.SetObject();
    json::set(draft.data, "id", json::string(ev.subject_id, alloc), alloc);
    json::set(draft.data, "remote_id", json::string(draft.subject.remote_id, alloc), alloc);

    rapidjson::StringBuffer buf;
    Writer w(buf);
    w.StartObject();
    put(w, "schema_version", "1");
    put(w, "id", ev.id);
    put(w, "type", ev.type);
    put(w, "occurred_at", draft.occurred_at.empty() ? in.received_at : draft.occurred_at);
    put(w, "received_at", in.received_at);
    put(w, "tenant_id", conn.tenant);
    put(w, "connection_id", conn.id);
    put(w, "provider", conn.provider);
    put(w, "environment", conn.environment);
    w.Key("subject");
    w.StartObject();
    put(w, "entity", draft.subject.entity);
    put(w, "id", ev.subject_id);
    put(w, "remote_id", draft.subject.remote_id);
    put_id_or_null(w, "candidate_id", conn.id, "candidate", draft.subject.candidate_remote_id);
    put_id_or_null(w, "job_id", conn.id, "job", draft.subject.job_remote_id);
    w.EndObject();
    put(w, "data_mode", to_string(draft.mode));
    w.Key("data");
    draft.data.Accept(w);
    w.Key("previous");
    if (draft.previous.IsObject()) {
      draft.previous.Accept(w);
    } else {
      w.Null();
    }
    w.Key("changed_fields");
    w.StartArray();
    for (const auto& f : draft.changed_fields) w.String(f.data(), f.size());
    w.EndArray();
    put(w, "correlation_id", correlation);
    w.Key("source");
    w.StartObject();
    put(w, "kind", in.source_kind);
    put(w, "vendor_event_type", n.vendor_event_type);
    w.Key("vendor_event_id");
    if (n.vendor_event_id.empty()) {
      w.Null();
    } else {
      w.String(n.vendor_event_id.data(), n.vendor_event_id.size());
    }
    w.Key("signature_verified");
    w.Bool(in.signature_verified);
    w.EndObject();
    w.Key("redacted_fields");
    w.StartArray();
    w.EndArray();
    w.EndObject();
    ev.body.assign(buf.GetString(), buf.GetSize());
    out.push_back(std::move(ev));
  }
  return out;
}

}  // namespace weft

// Teamtailor resources (JSON:API-like `payload.data`: id, type, kebab-case attributes) ->
// unified records and event drafts. One mapper per resource; the action (create, update,
// destroy) comes from the event name.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "providers/core/event.h"
#include "providers/core/json.h"
#include "providers/core/provider.h"

namespace weft::teamtailor {

// One delivered resource: payload.data, its id, and its attributes (an empty object when
// the vendor sent none, as destroy events may).
struct Resource {
  const json::Value& data;
  std::string id;
  const json::Value& attributes;
};

// Appends the drafts of one event; returns "" or a one-line reason (no payload content).
using Mapper = std::string (*)(const Resource& resource, std::string_view action,
                               const NormalizeContext& ctx, std::vector<EventDraft>& out);

std::string map_candidate(const Resource&, std::string_view, const NormalizeContext&,
                          std::vector<EventDraft>&);
std::string map_job(const Resource&, std::string_view, const NormalizeContext&,
                    std::vector<EventDraft>&);
std::string map_job_application(const Resource&, std::string_view, const NormalizeContext&,
                                std::vector<EventDraft>&);

// Attribute access (attributes.cpp). Teamtailor documents kebab-case attributes but lists
// some webhook fields in snake_case: both spellings are read, kebab-case first.
const json::Value* attribute(const json::Value& attributes, std::string_view kebab_name);
std::optional<std::string> text_attribute(const json::Value& attributes,
                                          std::string_view kebab_name);
std::optional<bool> bool_attribute(const json::Value& attributes, std::string_view kebab_name);
// An attribute as an RFC 3339 UTC timestamp; nullopt when absent, null or unreadable.
std::optional<std::string> time_attribute(const json::Value& attributes,
                                          std::string_view kebab_name);
// The vendor id of a related record: attributes "<name>-id" / "<name>_id", or the JSON:API
// relationship data.relationships.<name>.data.id.
std::optional<std::string> related_id(const Resource& resource, std::string_view name);

// Record pieces (attributes.cpp).
// id, remote_id, remote_url (null), remote_created_at, remote_updated_at, remote_deleted_at.
void record_head(json::Value& out, const Resource& resource, std::string_view entity,
                 const NormalizeContext& ctx, json::Allocator& a);
// attributes["custom-fields"] when it is an object, else {}.
json::Value custom_fields(const Resource& resource, json::Allocator& a);
json::Value unified_or_null(const NormalizeContext& ctx, std::string_view entity,
                            const std::optional<std::string>& remote_id, json::Allocator& a);
// An `ats.<entity>.deleted` tombstone with the ids known.
EventDraft tombstone(SubjectRef subject, const NormalizeContext& ctx);

}  // namespace weft::teamtailor

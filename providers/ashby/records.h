// Ashby objects -> unified entity records (EVENTS.md). Every reference to another record
// carries the daemon's unified id; the vendor's ids stay in remote_id.
#pragma once

#include <string_view>

#include "providers/core/json.h"
#include "providers/core/provider.h"

namespace weft::ashby {

// Each builder replaces `out` with the record of one Ashby object.
void application_record(const json::Value& app, const NormalizeContext& ctx, json::Document& out);
// From the candidate summary embedded in an application: ids, name, e-mails and phones only
// (a partial record).
void candidate_record(const json::Value& candidate, const NormalizeContext& ctx,
                      json::Document& out);
void job_record(const json::Value& job, const NormalizeContext& ctx, json::Document& out);
// Ashby's posting payload says nothing of its published state: the action does ("" when it
// does not either: status null).
void job_posting_record(const json::Value& posting, std::string_view status,
                        const NormalizeContext& ctx, json::Document& out);
// One interview record per Ashby interview schedule; its events are summed up.
void interview_record(const json::Value& schedule, const NormalizeContext& ctx,
                      json::Document& out);
void offer_record(const json::Value& offer, const NormalizeContext& ctx, json::Document& out);
// One element of job.openings (openings have no unified id of their own).
json::Value opening_record(const json::Value& opening, const NormalizeContext& ctx,
                           json::Allocator& a);

// The id and remote_id of vendor["id"], and the common fields every record starts with.
void record_head(json::Value& out, const NormalizeContext& ctx, std::string_view entity,
                 const json::Value& vendor, json::Allocator& a);
// remote_created_at and remote_updated_at from the vendor's createdAt and updatedAt.
void remote_times(json::Value& out, const json::Value& vendor, json::Allocator& a);
// The unified id of the record whose vendor id is *remote_id, or null.
json::Value reference(const NormalizeContext& ctx, std::string_view entity,
                      const json::Value* remote_id, json::Allocator& a);

// The unified text of a record's field ("" when absent), e.g. field(record, "status").
std::string_view field(const json::Value& record, std::string_view key);

}  // namespace weft::ashby

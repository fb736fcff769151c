// Lever API objects -> unified records. Lever's opportunity is the unified application, its
// contact the unified candidate; archive reasons (type hired | non-hired) tell a hire from a
// rejection, since Lever archives an opportunity for both.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "providers/core/json.h"
#include "providers/core/provider.h"

namespace weft::lever {

struct ArchiveReason {
  std::optional<std::string> type;  // "hired" | "non-hired"; nullopt: the reason is not known
  std::optional<std::string> text;
};
using ArchiveReasons = std::map<std::string, ArchiveReason, std::less<>>;

// "hired" for a hired-type reason, "rejected" for non-hired, "unknown" otherwise.
std::string_view archive_status(const ArchiveReason* reason);
// The reason id of an archived state ({"archivedAt","reason"}), or "".
std::string archived_reason_id(const json::Value* archived);
// The unified status of an opportunity: active unless archived; archived by reason type.
std::string_view opportunity_status(const json::Value& opp, const ArchiveReasons& reasons);

// The contact id, and the posting of the opportunity's first application ("" when none).
std::string contact_of(const json::Value& opp);
std::string posting_of(const json::Value& opp);

// Each builder fills `out` (an object) with one unified record; id and remote_id are set
// when the envelope seals it. interview_ids: nullptr when Lever's list was not read.
void application_record(json::Document& out, const json::Value& opp, const ArchiveReasons& reasons,
                        const std::vector<std::string>* interview_ids, const NormalizeContext& ctx);
// From the contact fields Lever aggregates onto the opportunity.
void candidate_from_opportunity(json::Document& out, const json::Value& opp,
                                const NormalizeContext& ctx);
// From GET /v1/contacts/{id}.
void candidate_from_contact(json::Document& out, const json::Value& contact,
                            const NormalizeContext& ctx);
// An interview of an opportunity; its status from canceledAt and its end against received_at.
void interview_record(json::Document& out, const json::Value& interview,
                      std::string_view opportunity_id, const NormalizeContext& ctx);
// The interview's unified status text.
std::string_view interview_status(const json::Value& interview, std::string_view received_at);

// A stage reference {id, remote_id, name, category, order} from an id and optional name.
json::Value stage_ref(std::string_view stage_id, const std::optional<std::string>& name,
                      const NormalizeContext& ctx, json::Allocator& a);

}  // namespace weft::lever

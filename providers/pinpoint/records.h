// Pinpoint JSON:API documents -> unified records. GET /api/v1/applications/{id} with
// include=candidate,job,stage answers {"data": application, "included": [...]}, attributes in
// snake_case; the application carries the applicant's own details too.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "providers/core/json.h"
#include "providers/core/provider.h"

namespace weft::pinpoint {

// One application read, with its related records found in `included`.
struct ApplicationView {
  const json::Value* application = nullptr;  // data
  const json::Value* attributes = nullptr;   // data.attributes (an object, maybe empty)
  const json::Value* candidate = nullptr;    // the included candidate, when sent
  const json::Value* stage = nullptr;        // the included stage, when sent
  std::string candidate_id, job_id, stage_id;
};

// Reads the document; false when it holds no application object.
bool read_application(const json::Document& doc, ApplicationView& out);

// A Pinpoint id: a number or a non-empty string, as text.
std::optional<std::string> id_text(const json::Value* value);
// relationships.<name>.data.id of a JSON:API resource.
std::optional<std::string> relationship_id(const json::Value& resource, std::string_view name);

// The unified status: from the application's own timestamps, then its stage's type or name;
// fallback (the webhook's word) only when neither says.
std::string_view application_status(const ApplicationView& app, std::string_view fallback);

void application_record(json::Document& out, const ApplicationView& app, std::string_view status,
                        const NormalizeContext& ctx);
// From the included candidate, else from the applicant details on the application.
void candidate_record(json::Document& out, const ApplicationView& app, std::string_view app_id,
                      const NormalizeContext& ctx);

}  // namespace weft::pinpoint

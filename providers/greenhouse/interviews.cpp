// Greenhouse interview_deleted and scorecard_deleted: ids only.
#include "providers/greenhouse/mapping.h"

namespace weft::greenhouse {

namespace {

std::string deleted(const Input& in, std::string_view key) {
  const json::Value* record = json::find(in.payload, key);
  if (!record || !record->IsObject()) return lacks(in, key);
  auto id = id_of(*record, "id");
  if (!id) return lacks(in, std::string(key) + ".id");
  auto candidate_id = id_of(*record, "candidate_id");  // scorecards name their candidate
  auto& draft =
      add_tombstone(in.events, {std::string(key), *id, candidate_id.value_or(""), {}}, "deleted");
  if (candidate_id) Record(draft.data, in.ctx).ref("candidate_id", "candidate", candidate_id);
  return {};
}

}  // namespace

// Greenhouse fires this both when a scheduled interview is canceled and when it is deleted,
// and does not say which: only the deletion is certain.
std::string map_interview_deleted(const Input& in) {
  return deleted(in, "interview");
}

std::string map_scorecard_deleted(const Input& in) {
  return deleted(in, "scorecard");
}

}  // namespace weft::greenhouse

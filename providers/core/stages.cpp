#include "providers/core/stages.h"

#include <string>

namespace weft {

namespace {

// " phone screen " from "Phone-Screen": lowercased words padded with spaces.
std::string padded_words(std::string_view name) {
  std::string words = " ";
  for (char c : name) {
    bool alnum = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    words.push_back(!alnum ? ' ' : (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c);
  }
  words.push_back(' ');
  return words;
}

bool says(const std::string& words, std::string_view phrase) {
  std::string needle = " ";
  needle.append(phrase).push_back(' ');
  return words.find(needle) != std::string::npos;
}

bool says_any(const std::string& words, std::initializer_list<std::string_view> phrases) {
  for (std::string_view p : phrases) {
    if (says(words, p)) return true;
  }
  return false;
}

}  // namespace

bool name_says(std::string_view name, std::string_view phrase) {
  return says(padded_words(name), phrase);
}

std::string_view stage_category_of_name(std::string_view name) {
  const std::string words = padded_words(name);
  // Checked in this order because names combine words: "Offer Review" is an offer stage,
  // "Technical Phone Interview" a screen, "Application Review" a review.
  if (says_any(words, {"reference", "references", "background"})) return "background_check";
  if (says(words, "offer")) return "offer";
  if (says_any(words,
               {"take home", "assessment", "test", "exercise", "assignment", "case study"})) {
    return "assessment";
  }
  if (says_any(words, {"screen", "screening", "phone"})) return "screen";
  if (says(words, "review")) return "review";
  if (says_any(words, {"interview", "interviews", "face to face", "onsite", "on site"})) {
    return "interview";
  }
  if (says(words, "hired")) return "hired";
  if (says(words, "rejected")) return "rejected";
  if (says_any(words, {"applied", "new applicant", "new", "lead"})) return "applied";
  return "other";
}

}  // namespace weft

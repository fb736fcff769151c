#include "providers/core/json.h"

#include <rapidjson/error/en.h>
#include <rapidjson/reader.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

namespace weft::json {

namespace {

// Counts nesting and values while handing events to the document's own handler.
class LimitedHandler {
 public:
  LimitedHandler(Document& d, const Limits& limits) : doc_(d), limits_(limits) {}
  bool Null() { return counted() && doc_.Null(); }
  bool Bool(bool b) { return counted() && doc_.Bool(b); }
  bool Int(int i) { return counted() && doc_.Int(i); }
  bool Uint(unsigned u) { return counted() && doc_.Uint(u); }
  bool Int64(int64_t i) { return counted() && doc_.Int64(i); }
  bool Uint64(uint64_t u) { return counted() && doc_.Uint64(u); }
  bool Double(double d) { return counted() && doc_.Double(d); }
  bool RawNumber(const char* s, rapidjson::SizeType n, bool copy) {
    return counted() && doc_.RawNumber(s, n, copy);
  }
  bool String(const char* s, rapidjson::SizeType n, bool copy) {
    return counted() && doc_.String(s, n, copy);
  }
  bool StartObject() { return counted() && ++depth_ <= limits_.max_depth && doc_.StartObject(); }
  bool Key(const char* s, rapidjson::SizeType n, bool copy) { return doc_.Key(s, n, copy); }
  bool EndObject(rapidjson::SizeType n) {
    --depth_;
    return doc_.EndObject(n);
  }
  bool StartArray() { return counted() && ++depth_ <= limits_.max_depth && doc_.StartArray(); }
  bool EndArray(rapidjson::SizeType n) {
    --depth_;
    return doc_.EndArray(n);
  }
  bool too_deep() const { return depth_ > limits_.max_depth; }
  bool too_many() const { return values_ > limits_.max_values; }

 private:
  bool counted() { return ++values_ <= limits_.max_values; }

  Document& doc_;
  const Limits& limits_;
  unsigned depth_ = 0;
  std::size_t values_ = 0;
};

}  // namespace

std::string parse(std::string_view text, Document& out, const Limits& limits) {
  rapidjson::MemoryStream ms(text.data(), text.size());
  rapidjson::EncodedInputStream<rapidjson::UTF8<>, rapidjson::MemoryStream> in(ms);
  LimitedHandler handler(out, limits);
  rapidjson::Reader reader;
  // Populate runs the reader into the document's own handler, so the limits cost nothing
  // beyond two counters and parsing stays one pass.
  auto generate = [&](Document&) {
    constexpr unsigned flags =
        rapidjson::kParseValidateEncodingFlag | rapidjson::kParseIterativeFlag;
    return !reader.Parse<flags>(in, handler).IsError();
  };
  out.Populate(generate);
  if (handler.too_deep()) return "JSON nested deeper than " + std::to_string(limits.max_depth);
  if (handler.too_many()) {
    return "JSON has more than " + std::to_string(limits.max_values) + " values";
  }
  if (reader.HasParseError()) {
    return std::string("malformed JSON at byte ") + std::to_string(reader.GetErrorOffset()) + ": " +
           rapidjson::GetParseError_En(reader.GetParseErrorCode());
  }
  return {};
}

std::string parse_object(std::string_view text, Document& out, const Limits& limits,
                         std::string_view what) {
  if (auto error = parse(text, out, limits); !error.empty()) return error;
  if (!out.IsObject()) return std::string(what) + " is not a JSON object";
  return {};
}

const Value* find(const Value& object, std::string_view key) {
  if (!object.IsObject()) return nullptr;
  auto it = object.FindMember(Value(rapidjson::StringRef(key.data(), key.size())));
  if (it == object.MemberEnd()) return nullptr;
  return &it->value;
}

const Value* find_path(const Value& object, std::initializer_list<std::string_view> keys) {
  const Value* v = &object;
  for (auto key : keys) {
    v = find(*v, key);
    if (!v) return nullptr;
  }
  return v;
}

std::optional<std::string> text(const Value* v) {
  if (!v) return std::nullopt;
  if (v->IsString()) return std::string(v->GetString(), v->GetStringLength());
  if (v->IsInt64()) return std::to_string(v->GetInt64());
  if (v->IsUint64()) return std::to_string(v->GetUint64());
  return std::nullopt;
}

std::optional<std::string> text(const Value& object, std::string_view key) {
  return text(find(object, key));
}

std::optional<bool> boolean(const Value& object, std::string_view key) {
  const Value* v = find(object, key);
  if (!v || !v->IsBool()) return std::nullopt;
  return v->GetBool();
}

Value string(std::string_view s, Allocator& a) {
  return Value(s.data(), static_cast<rapidjson::SizeType>(s.size()), a);
}

Value string_or_null(const std::optional<std::string>& s, Allocator& a) {
  return s ? string(*s, a) : Value(rapidjson::kNullType);
}

Value copy(const Value* v, Allocator& a) {
  if (!v) return Value(rapidjson::kNullType);
  return Value(*v, a);
}

void set(Value& object, std::string_view key, Value value, Allocator& a) {
  auto it = object.FindMember(Value(rapidjson::StringRef(key.data(), key.size())));
  if (it != object.MemberEnd()) {
    it->value = std::move(value);
    return;
  }
  object.AddMember(string(key, a), std::move(value), a);
}

std::string serialize(const Value& v) {
  rapidjson::StringBuffer buf;
  rapidjson::Writer<rapidjson::StringBuffer> w(buf);
  v.Accept(w);
  return std::string(buf.GetString(), buf.GetSize());
}

}  // namespace weft::json

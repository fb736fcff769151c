// weftd verify: checks the Standard Webhooks signature of one captured delivery read from
// stdin. The capture is the HTTP request as it went over the wire (what `nc -l PORT`, a
// proxy, or Wireshark's "Follow TCP stream" saves): an optional request line, the headers,
// a blank line, the body. The body is Content-Length bytes when the header is there,
// de-chunked for Transfer-Encoding: chunked, else everything after the blank line.
// Exit 0 and "ok: ..." when a signature matches, 1 and "invalid: <reason>" when not.
#include <cstdio>
#include <iostream>
#include <iterator>
#include <optional>

#include "daemon/cli/commands.h"
#include "daemon/config/units.h"
#include "daemon/deliver/signing.h"
#include "daemon/runtime/clock.h"
#include "providers/core/headers.h"
#include "providers/core/printable.h"

namespace weft::cli {

namespace {

constexpr std::size_t kMaxCapture = 16 << 20;

int usage() {
  std::fprintf(stderr,
               "usage: weftd verify --secret whsec_…|whpk_… [--secret …] [--tolerance 5m] "
               "< captured-request\n");
  return 2;
}

int invalid(const std::string& reason) {
  std::printf("invalid: %s\n", reason.c_str());
  return 1;
}

struct Capture {
  Headers headers;
  std::string body;
  std::string error;  // non-empty: why it is not a capture
};

std::string_view trim(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t' || text.back() == '\r'))
    text.remove_suffix(1);
  return text;
}

// The next line of text from pos (without its \n or \r\n); pos moves past it. nullopt at the
// end of the text without a newline.
std::optional<std::string_view> next_line(std::string_view text, std::size_t& pos) {
  std::size_t newline = text.find('\n', pos);
  if (newline == std::string_view::npos) return std::nullopt;
  std::string_view line = text.substr(pos, newline - pos);
  if (line.ends_with('\r')) line.remove_suffix(1);
  pos = newline + 1;
  return line;
}

// Decodes a chunked body: hex size lines, data, a 0 chunk; trailers are ignored.
std::optional<std::string> dechunk(std::string_view text) {
  std::string out;
  std::size_t pos = 0;
  for (int chunks = 0; chunks < 1'000'000; ++chunks) {
    auto size_line = next_line(text, pos);
    if (!size_line) return std::nullopt;
    std::string_view digits = trim(size_line->substr(0, size_line->find(';')));
    if (digits.empty() || digits.size() > 8) return std::nullopt;
    std::size_t size = 0;
    for (char c : digits) {
      if (!std::isxdigit(static_cast<unsigned char>(c))) return std::nullopt;
      size = size * 16 + static_cast<std::size_t>(std::isdigit(static_cast<unsigned char>(c))
                                                      ? c - '0'
                                                      : std::tolower(c) - 'a' + 10);
    }
    if (size == 0) return out;
    if (pos + size > text.size()) return std::nullopt;
    out.append(text.substr(pos, size));
    pos += size;
    if (!next_line(text, pos)) return std::nullopt;  // the CRLF after the data
  }
  return std::nullopt;
}

Capture parse_capture(std::string_view text) {
  Capture capture;
  std::size_t pos = 0;
  // Leading blank lines (a copy and paste) and the request line are skipped.
  std::optional<std::string_view> line;
  while ((line = next_line(text, pos)) && trim(*line).empty()) {
  }
  if (line && line->find(':') == std::string_view::npos && line->find(" HTTP/") != line->npos)
    line = next_line(text, pos);
  for (int count = 0; line && !line->empty(); ++count, line = next_line(text, pos)) {
    auto colon = line->find(':');
    if (colon == std::string_view::npos || colon == 0 || count > 200) {
      capture.error = "not a captured HTTP request: a header line without ':'";
      return capture;
    }
    capture.headers.add(std::string(trim(line->substr(0, colon))),
                        std::string(trim(line->substr(colon + 1))));
  }
  if (!line) {
    capture.error = "not a captured HTTP request: no blank line after the headers";
    return capture;
  }
  std::string_view rest = text.substr(pos);
  if (auto length = capture.headers.find("content-length")) {
    auto n = config::parse_uint(*length);
    if (!n) {
      capture.error = "Content-Length is not a number";
    } else if (*n > rest.size()) {
      capture.error = "the body is shorter than its Content-Length (" +
                      std::to_string(rest.size()) + " < " + std::string(*length) + ")";
    } else {
      capture.body = rest.substr(0, *n);
    }
  } else if (iequals(capture.headers.find("transfer-encoding").value_or(""), "chunked")) {
    auto body = dechunk(rest);
    if (!body) {
      capture.error = "a malformed chunked body";
    } else {
      capture.body = std::move(*body);
    }
  } else {
    capture.body = rest;
  }
  return capture;
}

}  // namespace

int verify(const std::vector<std::string>& args) {
  std::vector<std::string> secrets;
  int64_t tolerance = 300;
  for (std::size_t i = 0; i < args.size(); ++i) {
    if (args[i] == "--secret" && i + 1 < args.size()) {
      secrets.push_back(args[++i]);
    } else if (args[i] == "--tolerance" && i + 1 < args.size()) {
      auto d = config::parse_duration(args[++i]);
      if (!d || d->count() < 1000) {
        std::fprintf(stderr, "verify: --tolerance must be a duration like 30s, 5m or 1h\n");
        return 2;
      }
      tolerance = d->count() / 1000;
    } else {
      return usage();
    }
  }
  if (secrets.empty()) return usage();
  for (std::size_t i = 0; i < secrets.size(); ++i) {
    if (!deliver::decode_public_key(secrets[i]) && !deliver::decode_signing_key(secrets[i])) {
      std::fprintf(stderr,
                   "verify: --secret #%zu must be whsec_ (HMAC) or whpk_ (Ed25519 public key) "
                   "followed by base64\n",
                   i + 1);
      return 2;
    }
  }
  std::string input;
  input.assign(std::istreambuf_iterator<char>(std::cin), std::istreambuf_iterator<char>());
  if (input.size() > kMaxCapture) return invalid("the capture is over 16 MiB");
  if (input.empty()) return invalid("nothing on stdin");

  Capture capture = parse_capture(input);
  if (!capture.error.empty()) return invalid(capture.error);
  auto id = capture.headers.find("webhook-id");
  auto timestamp = capture.headers.find("webhook-timestamp");
  auto signature = capture.headers.find("webhook-signature");
  if (!id || !timestamp || !signature) {
    return invalid("missing webhook-id, webhook-timestamp or webhook-signature header");
  }
  auto outcome = deliver::verify(secrets, *id, *timestamp, *signature, capture.body,
                                 now_unix_seconds(), tolerance);
  if (!outcome.ok) return invalid(outcome.reason);
  std::printf("ok: webhook-id %s, signature valid, %zu-byte body\n", printable(*id).c_str(),
              capture.body.size());
  return 0;
}

}  // namespace weft::cli

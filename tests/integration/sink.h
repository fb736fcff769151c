// A subscriber endpoint for tests: a real HTTP server on 127.0.0.1 that records every
// request and answers as the test tells it (a status, held until released, or not there).
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace weft::it {

struct Recorded {
  std::string method;
  std::string target;
  std::map<std::string, std::string> headers;  // names lowercased
  std::string body;
  int answered = 0;  // the status sent back; 0 while held or when the answer could not be sent
  std::chrono::steady_clock::time_point arrived{};  // when the whole request had been read

  std::string header(const std::string& lower_name) const {
    auto it = headers.find(lower_name);
    return it == headers.end() ? std::string() : it->second;
  }
};

// One answer: a status and extra response headers (e.g. Retry-After).
struct SinkReply {
  int status = 200;
  std::vector<std::pair<std::string, std::string>> headers{};
};

// Picks the answer for a request as it is about to be answered (on the sink's thread, with
// the sink's lock held: it must not call the Sink); nullopt: fall back to the script, then
// to set_status.
using Responder = std::function<std::optional<SinkReply>(const Recorded&)>;

class Sink {
 public:
  // Listens on 127.0.0.1:port at once (0: any free port).
  explicit Sink(uint16_t port = 0);
  ~Sink();
  Sink(const Sink&) = delete;
  Sink& operator=(const Sink&) = delete;

  uint16_t port() const;
  std::string url() const;  // http://127.0.0.1:PORT/events

  // Each control takes effect before it returns.
  void set_status(int status);      // for requests answered from now on (default 200)
  void set_reply(SinkReply reply);  // set_status with response headers
  // The next requests are answered with these, one each, in order; then set_status applies.
  void script(std::vector<SinkReply> replies);
  // Decides each answer first (before the script); an empty function removes it.
  void set_responder(Responder responder);
  void hold();     // requests from now on wait, unanswered, until release()
  void release();  // answers every held request and stops holding
  void close();    // stops listening and drops every connection: refused
  void open();     // listens again on the same port

  std::vector<Recorded> requests() const;
  std::size_t count() const;
  std::size_t connections_accepted() const;
  // Waits (bounded) until at least n requests have arrived.
  bool wait_for_count(std::size_t n, std::chrono::milliseconds timeout);
  // Waits (bounded) until at least n requests have been answered.
  bool wait_for_answered(std::size_t n, std::chrono::milliseconds timeout);

 private:
  struct State;
  std::shared_ptr<State> state_;
};

}  // namespace weft::it

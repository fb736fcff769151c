// The moving parts of the chaos test (chaos_test.cpp): a weftd that is SIGKILLed and started
// again on the same config and spool, vendor threads that send signed Greenhouse webhooks and
// re-send each one until it gets a 2xx, and a controller that makes a sink flap.
#pragma once

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "integration/http_client.h"
#include "integration/process.h"
#include "integration/sink.h"

namespace weft::it {

// weftd runs on one config; kill_and_restart() SIGKILLs the running one and starts another.
// Every run is kept (with its log) until destruction. Thread-safe.
class RestartingWeftd {
 public:
  explicit RestartingWeftd(std::string config_path);
  ~RestartingWeftd();

  // The running weftd's port (0 while down) and its run number (1 for the first start).
  struct Endpoint {
    uint16_t port = 0;
    int run = 0;
  };
  Endpoint endpoint() const;
  // Waits (bounded) until a run later than `run` listens; returns the endpoint then.
  Endpoint wait_for_next(int run, Millis timeout) const;
  // Kill -9, wait for the exit, start again. "" or what went wrong (one line).
  std::string kill_and_restart();
  int restarts() const;
  // Log lines of every run whose msg field equals msg.
  std::vector<std::string> log_lines(const std::string& msg) const;
  std::string last_log() const;

 private:
  std::string config_path_;
  mutable std::mutex mutex_;
  mutable std::condition_variable changed_;
  std::vector<std::unique_ptr<Weftd>> runs_;
  Endpoint current_;
};

// One vendor webhook: a Greenhouse candidate_stage_change for application `subject`, the
// `seq`-th of that subject, with its own delivery id (the Greenhouse-Event-ID header).
struct Webhook {
  long subject = 0;
  int seq = 0;
  std::string delivery_id;
  std::string body;
};

// subjects x per_subject webhooks, application ids from first_subject on.
std::vector<Webhook> chaos_webhooks(long first_subject, int subjects, int per_subject);

// What the vendors saw. accepted[subject] lists delivery ids in the order they got their 2xx.
struct LoadResult {
  std::map<long, std::vector<std::string>> accepted;
  std::size_t webhooks = 0;  // distinct webhooks the vendors had to send
  std::size_t requests = 0;  // POSTs, re-sends included
  std::size_t accepted_count = 0;
  std::size_t answered_503 = 0;
  std::size_t transport_errors = 0;  // refused, reset, timed out (weftd down or killed)
  std::size_t unexpected = 0;        // any other status: a failure
  std::string unexpected_sample;     // the first such status and error reason
  std::size_t given_up = 0;          // not accepted before the load's deadline
};

// Vendor threads, each owning every `vendors`-th subject. A thread goes through its subjects
// round-robin, one webhook at a time, and re-sends the same webhook until a 2xx.
class VendorLoad {
 public:
  // Each vendor starts a new webhook at most every `pace` (a vendor's own sending rate), and
  // none is sent after `deadline`.
  VendorLoad(RestartingWeftd& weftd, std::vector<Webhook> webhooks, int vendors, Millis pace,
             std::chrono::steady_clock::time_point deadline);
  ~VendorLoad();  // joins

  // Waits (bounded) until at least n webhooks were accepted, or all vendors finished.
  void wait_accepted(std::size_t n, Millis timeout);
  std::size_t accepted();  // webhooks accepted so far
  LoadResult join();

 private:
  // A vendor thread's keep-alive connection, to the weftd run it was opened to.
  struct Connection {
    std::unique_ptr<HttpClient> client;
    int run = 0;
  };
  void run(std::vector<const Webhook*> mine);
  bool send_until_accepted(const Webhook& w, LoadResult& local, Connection& connection);

  RestartingWeftd& weftd_;
  std::vector<Webhook> webhooks_;
  Millis pace_;
  std::chrono::steady_clock::time_point deadline_;
  std::mutex mutex_;
  std::condition_variable progress_;
  LoadResult result_;
  int running_ = 0;
  std::vector<std::thread> threads_;
};

// Cycles a sink through accept (200) / refuse (500) / hold (the subscriber times out) /
// close (it disappears), with an accepting phase between the others, until stopped; then
// leaves it open, accepting and released.
class Flapper {
 public:
  enum class Phase { accept, refuse, timeout, disappear };

  Flapper(Sink& sink, unsigned seed);
  ~Flapper();  // stops
  void stop();
  std::size_t phases() const;
  // Waits (bounded) until the sink enters `phase` (again); false on timeout or when stopped.
  bool wait_for_phase(Phase phase, Millis timeout);

 private:
  void run(unsigned seed);

  Sink& sink_;
  mutable std::mutex mutex_;
  std::condition_variable wake_;
  bool stopping_ = false;
  std::size_t phases_ = 0;
  Phase phase_ = Phase::accept;
  std::thread thread_;
};

}  // namespace weft::it

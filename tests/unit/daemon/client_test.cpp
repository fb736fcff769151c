// The delivery client against real HTTP(S) servers on 127.0.0.1, port 0. The servers are
// written here with Asio coroutines on their own thread, so each test controls exactly when
// (and whether) a response goes out.
#include "daemon/http/client.h"

#include <doctest/doctest.h>
#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http.hpp>

#include <atomic>
#include <future>
#include <map>
#include <mutex>
#include <thread>

#include <openssl/pem.h>
#include <openssl/x509v3.h>

namespace asio = boost::asio;
namespace bhttp = boost::beast::http;
using asio::ip::tcp;
using namespace std::chrono_literals;
using weft::http::Client;
using weft::http::PostResult;
using weft::http::Url;

namespace {

// ---- A self-signed certificate for "localhost", made at test time. ----

struct TestCertificate {
  std::unique_ptr<EVP_PKEY, decltype(&EVP_PKEY_free)> key{nullptr, EVP_PKEY_free};
  std::unique_ptr<X509, decltype(&X509_free)> cert{nullptr, X509_free};
  std::string pem;
};

TestCertificate make_certificate(const char* dns_name) {
  TestCertificate out;
  out.key.reset(EVP_EC_gen("P-256"));
  REQUIRE(out.key);
  out.cert.reset(X509_new());
  X509* cert = out.cert.get();
  X509_set_version(cert, 2);
  ASN1_INTEGER_set(X509_get_serialNumber(cert), 1);
  X509_gmtime_adj(X509_getm_notBefore(cert), -3600);
  X509_gmtime_adj(X509_getm_notAfter(cert), 24 * 3600);
  X509_set_pubkey(cert, out.key.get());
  X509_NAME* name = X509_get_subject_name(cert);
  X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_ASC,
                             reinterpret_cast<const unsigned char*>(dns_name), -1, -1, 0);
  X509_set_issuer_name(cert, name);
  X509V3_CTX ctx;
  X509V3_set_ctx_nodb(&ctx);
  X509V3_set_ctx(&ctx, cert, cert, nullptr, nullptr, 0);
  std::string san = std::string("DNS:") + dns_name;
  for (auto [nid, value] : {std::pair{NID_subject_alt_name, san.c_str()},
                            std::pair{NID_basic_constraints, "critical,CA:TRUE"}}) {
    X509_EXTENSION* ext = X509V3_EXT_conf_nid(nullptr, &ctx, nid, value);
    REQUIRE(ext);
    X509_add_ext(cert, ext, -1);
    X509_EXTENSION_free(ext);
  }
  REQUIRE(X509_sign(cert, out.key.get(), EVP_sha256()) > 0);
  std::unique_ptr<BIO, decltype(&BIO_free)> bio(BIO_new(BIO_s_mem()), BIO_free);
  REQUIRE(PEM_write_bio_X509(bio.get(), cert) == 1);
  char* data = nullptr;
  long size = BIO_get_mem_data(bio.get(), &data);
  out.pem.assign(data, static_cast<size_t>(size));
  return out;
}

std::unique_ptr<asio::ssl::context> server_tls(const TestCertificate& certificate) {
  auto ctx = std::make_unique<asio::ssl::context>(asio::ssl::context::tls_server);
  REQUIRE(SSL_CTX_use_certificate(ctx->native_handle(), certificate.cert.get()) == 1);
  REQUIRE(SSL_CTX_use_PrivateKey(ctx->native_handle(), certificate.key.get()) == 1);
  return ctx;
}

// ---- The test server. ----

struct SeenRequest {
  std::string method;
  std::string target;
  std::map<std::string, std::string> headers;  // lowercase names
  std::string body;
  std::string server_name;  // TLS SNI, if any
};

struct ServerOptions {
  unsigned status = 200;
  bool close_after_response = false;  // answer keep-alive, then close anyway
  unsigned hold_until_waiting = 0;    // hold answers until this many requests wait
  bool hold_until_released = false;   // hold answers until release()
  asio::ssl::context* tls = nullptr;
};

class TestServer {
 public:
  explicit TestServer(ServerOptions options)
      : options_(options),
        acceptor_(ioc_, {asio::ip::make_address("127.0.0.1"), 0}),
        gate_(ioc_, asio::steady_timer::time_point::max()) {
    asio::co_spawn(ioc_, accept_loop(), asio::detached);
    thread_ = std::thread([this] { ioc_.run(); });
  }
  ~TestServer() {
    ioc_.stop();
    thread_.join();
  }

  std::string url(std::string_view scheme = "http", std::string_view host = "127.0.0.1") const {
    return std::string(scheme) + "://" + std::string(host) + ":" + std::to_string(port()) +
           "/events?x=1";
  }
  unsigned short port() const { return acceptor_.local_endpoint().port(); }
  int connections() const { return accepted_.load(); }
  int max_open() const { return max_open_.load(); }
  std::vector<SeenRequest> requests() {
    std::lock_guard lock(mutex_);
    return seen_;
  }
  // Lets held answers go, now and from now on.
  void release() {
    asio::post(ioc_, [this] { open_gate(); });
  }
  // Ready once the server has closed a connection after answering on it.
  std::shared_future<void> first_close() { return first_close_future_; }

 private:
  void open_gate() {
    gate_open_ = true;
    gate_.cancel();
  }

  asio::awaitable<void> accept_loop() {
    for (;;) {
      auto [ec, socket] = co_await acceptor_.async_accept(asio::as_tuple(asio::use_awaitable));
      if (ec) co_return;
      asio::co_spawn(ioc_, session(std::move(socket)), asio::detached);
    }
  }

  asio::awaitable<void> session(tcp::socket socket) {
    ++accepted_;
    int open = ++open_;
    int seen_max = max_open_.load();
    while (open > seen_max && !max_open_.compare_exchange_weak(seen_max, open)) {
    }
    try {
      if (options_.tls) {
        asio::ssl::stream<tcp::socket> stream(std::move(socket), *options_.tls);
        co_await stream.async_handshake(asio::ssl::stream_base::server, asio::use_awaitable);
        const char* sni = SSL_get_servername(stream.native_handle(), TLSEXT_NAMETYPE_host_name);
        co_await serve(stream, sni ? sni : "");
      } else {
        co_await serve(socket, "");
      }
    } catch (const std::exception&) {
      // The peer went away or failed the handshake: the session just ends.
    }
    --open_;
  }

  template <class Stream>
  asio::awaitable<void> serve(Stream& stream, std::string server_name) {
    boost::beast::flat_buffer buffer;
    for (;;) {
      bhttp::request<bhttp::string_body> request;
      co_await bhttp::async_read(stream, buffer, request, asio::use_awaitable);
      SeenRequest seen{std::string(request.method_string()),
                       std::string(request.target()),
                       {},
                       request.body(),
                       server_name};
      for (const auto& field : request) {
        std::string name(field.name_string());
        for (auto& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        seen.headers[name] = std::string(field.value());
      }
      {
        std::lock_guard lock(mutex_);
        seen_.push_back(std::move(seen));
      }

      if (options_.hold_until_waiting || options_.hold_until_released) {
        ++waiting_;
        if (options_.hold_until_waiting && waiting_ >= options_.hold_until_waiting) open_gate();
        while (!gate_open_) co_await gate_.async_wait(asio::as_tuple(asio::use_awaitable));
        --waiting_;
      }

      bhttp::response<bhttp::string_body> response{static_cast<bhttp::status>(options_.status),
                                                   request.version()};
      response.set(bhttp::field::content_type, "text/plain");
      if (options_.status / 100 == 3) response.set(bhttp::field::location, "/elsewhere");
      response.body() = "ok";
      response.keep_alive(request.keep_alive());
      response.prepare_payload();
      co_await bhttp::async_write(stream, response, asio::use_awaitable);
      if (options_.close_after_response) {
        boost::system::error_code ec;
        boost::beast::get_lowest_layer(stream).close(ec);
        if (!first_close_set_.exchange(true)) first_close_.set_value();
        co_return;
      }
      if (!request.keep_alive()) co_return;
    }
  }

  ServerOptions options_;
  asio::io_context ioc_;
  tcp::acceptor acceptor_;
  asio::steady_timer gate_;
  bool gate_open_ = false;
  unsigned waiting_ = 0;
  std::atomic<int> accepted_{0};
  std::atomic<int> open_{0};
  std::atomic<int> max_open_{0};
  std::mutex mutex_;
  std::vector<SeenRequest> seen_;
  std::promise<void> first_close_;
  std::shared_future<void> first_close_future_ = first_close_.get_future().share();
  std::atomic<bool> first_close_set_{false};
  std::thread thread_;
};

// ---- The client side: an io_context on two threads, like the daemon's pool. ----

class ClientRuntime {
 public:
  ClientRuntime() {
    for (auto& t : threads_) t = std::thread([this] { ioc.run(); });
  }
  ~ClientRuntime() {
    guard_.reset();
    ioc.stop();
    for (auto& t : threads_) t.join();
    // The closes that clients destroyed just before posted may not have run: they run now, so
    // nothing a client holds for a request stays referenced by a handler that never runs.
    ioc.restart();
    ioc.poll();
  }

  std::shared_ptr<Client> client(const std::string& url, unsigned max_connections,
                                 std::size_t max_queue = 1024, asio::ssl::context* tls = nullptr) {
    auto parsed = Url::parse(url);
    REQUIRE(parsed);
    return std::make_shared<Client>(ioc, tls ? *tls : *default_tls_, *parsed, max_connections,
                                    max_queue);
  }

  asio::io_context ioc;

 private:
  asio::executor_work_guard<asio::io_context::executor_type> guard_{ioc.get_executor()};
  std::unique_ptr<asio::ssl::context> default_tls_ = weft::http::make_client_tls_context();
  std::thread threads_[2];
};

const std::string kBody = R"({"id":"evt_1","type":"application.created"})";

std::future<PostResult> post(Client& client, std::chrono::milliseconds timeout = 5s,
                             std::vector<weft::Header> headers = {{"webhook-id", "evt_1"}}) {
  auto promise = std::make_shared<std::promise<PostResult>>();
  auto future = promise->get_future();
  client.post(std::move(headers), std::make_shared<const std::string>(kBody), timeout,
              [promise](PostResult result) { promise->set_value(std::move(result)); });
  return future;
}

// Waits for a result; a generous bound so a broken client fails the test instead of hanging.
PostResult await(std::future<PostResult>& future) {
  REQUIRE(future.wait_for(20s) == std::future_status::ready);
  return future.get();
}
PostResult await(std::future<PostResult>&& future) {
  return await(future);
}

bool ready(std::future<PostResult>& future) {
  return future.wait_for(0s) == std::future_status::ready;
}

unsigned short closed_port() {
  asio::io_context ioc;
  tcp::acceptor acceptor(ioc, {asio::ip::make_address("127.0.0.1"), 0});
  return acceptor.local_endpoint().port();
}

}  // namespace

TEST_CASE("client: posts the body with the delivery headers and records the status") {
  TestServer server({});
  ClientRuntime runtime;
  auto client = runtime.client(server.url(), 2);

  auto start = std::chrono::steady_clock::now();
  auto result = await(post(*client));
  auto elapsed = std::chrono::steady_clock::now() - start;

  CHECK(result.status == 200);
  CHECK(result.error.empty());
  CHECK_FALSE(result.reused_connection);
  CHECK(result.latency.count() > 0);
  CHECK(result.latency <= elapsed);

  auto seen = server.requests();
  REQUIRE(seen.size() == 1);
  CHECK(seen[0].method == "POST");
  CHECK(seen[0].target == "/events?x=1");
  CHECK(seen[0].body == kBody);
  CHECK(seen[0].headers["host"] == "127.0.0.1:" + std::to_string(server.port()));
  CHECK(seen[0].headers["content-type"] == "application/json");
  CHECK(seen[0].headers["content-length"] == std::to_string(kBody.size()));
  CHECK(seen[0].headers["user-agent"] == "weft/0.1");
  CHECK(seen[0].headers["webhook-id"] == "evt_1");
}

TEST_CASE("client: reuses a keep-alive connection") {
  TestServer server({});
  ClientRuntime runtime;
  auto client = runtime.client(server.url(), 4);

  auto first = await(post(*client));
  auto second = await(post(*client));
  CHECK(first.status == 200);
  CHECK_FALSE(first.reused_connection);
  CHECK(second.status == 200);
  CHECK(second.reused_connection);
  CHECK(server.connections() == 1);
  CHECK(server.requests().size() == 2);
}

TEST_CASE("client: a redirect is only a status") {
  TestServer server({.status = 302});
  ClientRuntime runtime;
  auto client = runtime.client(server.url(), 1);

  auto result = await(post(*client));
  CHECK(result.status == 302);
  CHECK(result.error.empty());
  REQUIRE(server.requests().size() == 1);
  CHECK(server.requests()[0].target == "/events?x=1");
}

TEST_CASE("client: a server that never answers times out, and the connection is dropped") {
  TestServer server({.hold_until_released = true});
  ClientRuntime runtime;
  auto client = runtime.client(server.url(), 1);

  auto start = std::chrono::steady_clock::now();
  auto result = await(post(*client, 300ms));
  auto elapsed = std::chrono::steady_clock::now() - start;
  CHECK(result.status == 0);
  CHECK(result.error == "timeout");
  CHECK(elapsed >= 300ms);
  CHECK(elapsed < 3s);
  CHECK(result.latency >= 300ms);

  // The timed-out connection is not reused: the next request opens another one.
  server.release();
  auto next = await(post(*client));
  CHECK(next.status == 200);
  CHECK_FALSE(next.reused_connection);
  CHECK(server.connections() == 2);
}

TEST_CASE("client: connection refused") {
  ClientRuntime runtime;
  auto client = runtime.client("http://127.0.0.1:" + std::to_string(closed_port()) + "/", 1);
  auto result = await(post(*client));
  CHECK(result.status == 0);
  CHECK(result.error.starts_with("connect: "));
  CAPTURE(result.error);
}

TEST_CASE("client: a keep-alive connection the server closed while idle is retried fresh") {
  TestServer server({.close_after_response = true});
  ClientRuntime runtime;
  auto client = runtime.client(server.url(), 1);

  auto first = await(post(*client));
  CHECK(first.status == 200);
  REQUIRE(server.first_close().wait_for(20s) == std::future_status::ready);

  auto second = await(post(*client));
  CHECK(second.status == 200);
  CHECK(second.error.empty());
  CHECK_FALSE(second.reused_connection);  // answered on the fresh connection
  CHECK(server.connections() == 2);
  CHECK(server.requests().size() == 2);
}

TEST_CASE("client: max_connections bounds the pool; the rest wait their turn") {
  // The server answers only once two requests wait, so both connections are in use at once.
  TestServer server({.hold_until_waiting = 2});
  ClientRuntime runtime;
  auto client = runtime.client(server.url(), 2);

  std::vector<std::future<PostResult>> futures;
  for (int i = 0; i < 5; ++i) futures.push_back(post(*client));
  int reused = 0;
  for (auto& future : futures) {
    auto result = await(future);
    CHECK(result.status == 200);
    CHECK(result.error.empty());
    reused += result.reused_connection ? 1 : 0;
  }
  CHECK(server.connections() == 2);
  CHECK(server.max_open() == 2);
  CHECK(reused == 3);
  CHECK(server.requests().size() == 5);
}

TEST_CASE("client: a full queue fails at once") {
  TestServer server({.hold_until_released = true});
  ClientRuntime runtime;
  auto client = runtime.client(server.url(), 1, 1);

  auto a = post(*client);  // on the connection, held by the server
  auto b = post(*client);  // queued
  auto c = post(*client);  // no room
  auto rejected = await(c);
  CHECK(rejected.status == 0);
  CHECK(rejected.error == "pool queue full");
  CHECK_FALSE(ready(a));
  CHECK_FALSE(ready(b));

  server.release();
  auto first = await(a);
  auto second = await(b);
  CHECK(first.status == 200);
  CHECK(second.status == 200);
  CHECK(second.reused_connection);
  CHECK(server.connections() == 1);
}

TEST_CASE("client: a queued request still ends at its deadline") {
  TestServer server({.hold_until_released = true});
  ClientRuntime runtime;
  auto client = runtime.client(server.url(), 1);

  auto a = post(*client, 20s);
  auto b = post(*client, 200ms);
  auto queued = await(b);
  CHECK(queued.error == "timeout");
  CHECK(queued.latency >= 200ms);
  CHECK_FALSE(ready(a));

  server.release();
  CHECK(await(a).status == 200);
  CHECK(server.requests().size() == 1);  // the timed-out one was never sent
}

TEST_CASE("client: close fails queued requests and later posts") {
  TestServer server({.hold_until_released = true});
  ClientRuntime runtime;
  auto client = runtime.client(server.url(), 1);

  auto a = post(*client);
  auto b = post(*client);
  client->close();
  CHECK(await(b).error == "client closed");

  server.release();
  CHECK(await(a).status == 200);  // in flight: allowed to finish
  CHECK(await(post(*client)).error == "client closed");
  CHECK(server.requests().size() == 1);
}

TEST_CASE("client: an io_context destroyed with a request out frees the client and the request") {
  // A connection must not own the callback that owns it: else the two keep each other, the
  // client and the request alive once the io_context destroys their handlers unrun.
  TestServer server({.hold_until_released = true});
  std::weak_ptr<Client> weak;
  std::future<PostResult> held;
  {
    ClientRuntime runtime;
    auto client = runtime.client(server.url(), 1);
    weak = client;
    held = post(*client, 30s);
    // Answered on the client's strand after the first request took the connection.
    CHECK(await(post(*client, 0ms)).error == "timeout");
    CHECK_FALSE(ready(held));
  }
  CHECK(weak.expired());
  // The request's callback was destroyed without running: the promise it held is broken.
  REQUIRE(held.wait_for(0s) == std::future_status::ready);
  CHECK_THROWS_AS(held.get(), std::future_error);
  server.release();
}

TEST_CASE("client: headers that would break the request are refused") {
  TestServer server({});
  ClientRuntime runtime;
  auto client = runtime.client(server.url(), 1);

  auto injected = await(post(*client, 5s, {{"webhook-id", "evt_1\r\nx-evil: 1"}}));
  CHECK(injected.error == "write: invalid header");
  auto bad_name = await(post(*client, 5s, {{"bad name", "x"}}));
  CHECK(bad_name.error == "write: invalid header");
  // Framing stays the client's: a caller cannot smuggle its own length or host.
  auto framing = await(post(*client, 5s, {{"Content-Length", "1"}}));
  CHECK(framing.error == "write: invalid header");
  CHECK(await(post(*client, 5s, {{"host", "example.com"}})).error == "write: invalid header");
  CHECK(server.connections() == 0);
}

TEST_CASE("client: a spent budget fails without touching the network") {
  TestServer server({});
  ClientRuntime runtime;
  auto client = runtime.client(server.url(), 1);

  CHECK(await(post(*client, 0ms)).error == "timeout");
  CHECK(await(post(*client, -5ms)).error == "timeout");
  CHECK(server.connections() == 0);
  // A huge timeout is clamped, not overflowed into the past.
  auto result = await(post(*client, std::chrono::milliseconds::max()));
  CHECK(result.status == 200);
}

TEST_CASE("client: https with a trusted certificate, SNI and host name checks") {
  auto certificate = make_certificate("localhost");
  auto server_ctx = server_tls(certificate);
  TestServer server({.tls = server_ctx.get()});
  ClientRuntime runtime;

  auto trusting = weft::http::make_client_tls_context();
  trusting->add_certificate_authority(asio::buffer(certificate.pem));

  SUBCASE("trusted certificate for the host name") {
    auto client = runtime.client(server.url("https", "localhost"), 1, 16, trusting.get());
    auto first = await(post(*client));
    CHECK(first.status == 200);
    CHECK(first.error.empty());
    auto second = await(post(*client));
    CHECK(second.status == 200);
    CHECK(second.reused_connection);
    CHECK(server.connections() == 1);
    auto seen = server.requests();
    REQUIRE(seen.size() == 2);
    CHECK(seen[0].server_name == "localhost");
    CHECK(seen[0].body == kBody);
    CHECK(seen[0].headers["host"] == "localhost:" + std::to_string(server.port()));
  }

  SUBCASE("certificate not in the system store") {
    auto client = runtime.client(server.url("https", "localhost"), 1);
    auto result = await(post(*client));
    CHECK(result.status == 0);
    CHECK(result.error.starts_with("tls: "));
    CHECK(result.error.find("certificate verify failed") != std::string::npos);
    CAPTURE(result.error);
    CHECK(server.requests().empty());
  }

  SUBCASE("trusted certificate, wrong host name") {
    auto client = runtime.client(server.url("https", "127.0.0.1"), 1, 16, trusting.get());
    auto result = await(post(*client));
    CHECK(result.status == 0);
    CHECK(result.error.starts_with("tls: "));
    CAPTURE(result.error);
    CHECK(server.requests().empty());
  }

  SUBCASE("plain http to a TLS port is no response") {
    auto client = runtime.client(server.url("http", "127.0.0.1"), 1);
    auto result = await(post(*client, 2s));
    CHECK(result.status == 0);
    CHECK_FALSE(result.error.empty());
    CAPTURE(result.error);
  }
}

// The SSRF guard inside the HTTP client. Names are resolved by a resolver the test injects,
// and every connect goes through a connector the test injects: it records the address it was
// asked for and connects only to loopback, failing anything else without touching the
// network. So even a broken guard could never reach a non-loopback address from here.
#include <doctest/doctest.h>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http.hpp>

#include <atomic>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "daemon/http/client.h"

namespace asio = boost::asio;
namespace bhttp = boost::beast::http;
using asio::ip::tcp;
using namespace std::chrono_literals;
using weft::http::AddressPolicy;
using weft::http::Client;
using weft::http::ClientOptions;
using weft::http::Endpoints;
using weft::http::PostResult;
using weft::http::Url;

namespace {

// An HTTP server on 127.0.0.1 that answers every request with one fixed response and closes.
class LoopbackServer {
 public:
  explicit LoopbackServer(std::string response)
      : response_(std::move(response)), acceptor_(ioc_, {asio::ip::make_address("127.0.0.1"), 0}) {
    accept();
    thread_ = std::thread([this] { ioc_.run(); });
  }
  ~LoopbackServer() {
    ioc_.stop();
    thread_.join();
  }

  uint16_t port() const { return acceptor_.local_endpoint().port(); }
  int requests() const { return requests_.load(); }
  int connections() const { return connections_.load(); }

 private:
  struct Exchange {
    explicit Exchange(tcp::socket s) : socket(std::move(s)) {}
    tcp::socket socket;
    boost::beast::flat_buffer buffer;
    bhttp::request<bhttp::string_body> request;
  };

  void accept() {
    acceptor_.async_accept([this](boost::system::error_code ec, tcp::socket socket) {
      if (ec) return;
      ++connections_;
      auto exchange = std::make_shared<Exchange>(std::move(socket));
      bhttp::async_read(exchange->socket, exchange->buffer, exchange->request,
                        [this, exchange](boost::system::error_code ec, std::size_t) {
                          if (ec) return;
                          ++requests_;
                          asio::async_write(exchange->socket, asio::buffer(response_),
                                            [exchange](boost::system::error_code, std::size_t) {
                                              boost::system::error_code ignored;
                                              exchange->socket.shutdown(tcp::socket::shutdown_both,
                                                                        ignored);
                                            });
                        });
      accept();
    });
  }

  std::string response_;
  asio::io_context ioc_;
  tcp::acceptor acceptor_;
  std::thread thread_;
  std::atomic<int> requests_{0};
  std::atomic<int> connections_{0};
};

const std::string kNoContent =
    "HTTP/1.1 204 No Content\r\nContent-Length: 0\r\nConnection: close\r\n\r\n";

bool loopback(const asio::ip::address& address) {
  return address.is_loopback();  // 127.0.0.0/8 and ::1 only
}

// The client side: an io_context run by the test thread, the injected resolver and connector,
// and what they were asked.
struct Guarded {
  std::unique_ptr<asio::ssl::context> tls = weft::http::make_client_tls_context();
  asio::io_context ioc;  // after tls: destroyed first, with any handler still holding a stream
  std::map<std::string, std::vector<std::vector<std::string>>> names;  // answers, in turn
  std::vector<std::string> resolved;                                   // names asked for
  std::vector<tcp::endpoint> connects;  // every address the connector was asked for
  // Where the connector really connects instead of what it was asked (0: as asked).
  uint16_t divert_to_port = 0;

  ClientOptions options(std::optional<AddressPolicy> policy) {
    ClientOptions options;
    if (policy) options.policy = std::make_shared<const AddressPolicy>(*policy);
    options.resolve = [this](const std::string& host, const std::string& port,
                             weft::http::ResolveDone done) {
      resolved.push_back(host);
      const auto port_number = static_cast<uint16_t>(std::stoi(port));
      Endpoints endpoints;
      boost::system::error_code ec;
      auto literal = asio::ip::make_address(host, ec);
      if (!ec) {
        endpoints.emplace_back(literal, port_number);
      } else if (auto it = names.find(host); it != names.end() && !it->second.empty()) {
        // Each lookup takes the next answer; the last one repeats.
        const auto& answer = it->second.front();
        for (const auto& address : answer) {
          endpoints.emplace_back(asio::ip::make_address(address), port_number);
        }
        if (it->second.size() > 1) it->second.erase(it->second.begin());
      } else {
        return done(asio::error::host_not_found, {});
      }
      done({}, std::move(endpoints));
    };
    options.connect = [this](boost::beast::tcp_stream& stream, const tcp::endpoint& endpoint,
                             weft::http::ConnectDone done) {
      connects.push_back(endpoint);
      if (divert_to_port != 0) {
        return stream.async_connect({asio::ip::make_address("127.0.0.1"), divert_to_port},
                                    std::move(done));
      }
      if (!loopback(endpoint.address())) {
        // Never leaves the machine: fails as a refused connection would.
        return asio::post(stream.get_executor(),
                          [done = std::move(done)] { done(asio::error::connection_refused); });
      }
      stream.async_connect(endpoint, std::move(done));
    };
    return options;
  }

  PostResult post(const std::string& url, std::optional<AddressPolicy> policy) {
    auto client = make_client(url, std::move(policy));
    return post(*client);
  }

  std::shared_ptr<Client> make_client(const std::string& url, std::optional<AddressPolicy> policy) {
    auto parsed = Url::parse(url);
    REQUIRE(parsed);
    return std::make_shared<Client>(ioc, *tls, *parsed, 1, 16, options(std::move(policy)));
  }

  PostResult post(Client& client) {
    std::optional<PostResult> result;
    client.post({}, std::make_shared<const std::string>("{}"), 5s,
                [&](PostResult r) { result = std::move(r); });
    ioc.restart();
    // Bounded: each step waits at most 10s, and the attempt's own deadline is 5s.
    for (int step = 0; step < 10000 && !result; ++step) {
      if (ioc.run_one_for(10s) == 0) break;
    }
    REQUIRE(result);
    return *result;
  }

  bool connected_to_refused(const AddressPolicy& policy) const {
    for (const auto& endpoint : connects) {
      if (!policy.refusal(endpoint.address(), true).empty()) return true;
    }
    return false;
  }
};

AddressPolicy strict() {
  return AddressPolicy();
}

AddressPolicy allow_loopback() {
  return AddressPolicy::from_strings({"127.0.0.0/8", "::1/128"}, true);
}

}  // namespace

TEST_CASE("client guard: literal non-public addresses are refused before any connect") {
  LoopbackServer server(kNoContent);
  const std::string port = std::to_string(server.port());
  const std::pair<std::string, std::string> cases[] = {
      {"http://127.0.0.1:" + port + "/x", "loopback"},
      {"http://[::1]:" + port + "/x", "loopback"},
      {"http://10.0.0.5/x", "private"},
      {"http://192.168.1.10:8080/x", "private"},
      {"http://169.254.169.254/latest/meta-data", "link-local"},
      {"http://[::ffff:169.254.169.254]/latest/meta-data", "link-local"},
      {"http://[fd00::5]/x", "unique-local"},
      {"http://0.0.0.0:" + port + "/x", "unspecified"},
      {"https://10.0.0.5/x", "private"},
  };
  for (const auto& [url, reason] : cases) {
    CAPTURE(url);
    Guarded guarded;
    PostResult result = guarded.post(url, strict());
    CHECK(result.status == 0);
    CHECK(result.refused == reason);
    CHECK(result.error == "refused: " + reason + " address");
    CHECK(guarded.resolved.size() == 1);
    CHECK(guarded.connects.empty());
  }
  CHECK(server.connections() == 0);
}

TEST_CASE("client guard: a name resolving to a private address is refused, never connected") {
  Guarded guarded;
  guarded.names["metadata.example"] = {{"169.254.169.254"}};
  guarded.names["intranet.example"] = {{"10.0.0.5", "fd00::5"}};
  guarded.names["local.example"] = {{"127.0.0.1", "::1"}};

  PostResult metadata = guarded.post("http://metadata.example/latest/meta-data", strict());
  CHECK(metadata.error == "refused: link-local address");
  CHECK(metadata.refused == "link-local");
  // The first refused address names the reason.
  PostResult intranet = guarded.post("https://intranet.example/hooks", strict());
  CHECK(intranet.error == "refused: private address");
  PostResult local = guarded.post("http://local.example:9/hooks", strict());
  CHECK(local.error == "refused: loopback address");

  CHECK(guarded.resolved ==
        std::vector<std::string>{"metadata.example", "intranet.example", "local.example"});
  CHECK(guarded.connects.empty());
}

TEST_CASE("client guard: only the allowed addresses of a name are tried") {
  LoopbackServer server(kNoContent);
  Guarded guarded;
  guarded.names["mixed.example"] = {{"10.0.0.5", "169.254.169.254", "127.0.0.1"}};
  const AddressPolicy policy = allow_loopback();
  PostResult result =
      guarded.post("http://mixed.example:" + std::to_string(server.port()) + "/x", policy);
  CHECK(result.error.empty());
  CHECK(result.status == 204);
  CHECK(result.refused.empty());
  REQUIRE(guarded.connects.size() == 1);
  CHECK(guarded.connects[0].address().to_string() == "127.0.0.1");
  CHECK_FALSE(guarded.connected_to_refused(policy));
  CHECK(server.requests() == 1);
}

TEST_CASE("client guard: each connection connects to the addresses its own lookup checked") {
  // A rebinding name: loopback (allowed) at first, the metadata address afterwards.
  LoopbackServer server(kNoContent);
  Guarded guarded;
  guarded.names["rebind.example"] = {{"127.0.0.1"}, {"169.254.169.254"}};
  const AddressPolicy policy = allow_loopback();
  auto client =
      guarded.make_client("http://rebind.example:" + std::to_string(server.port()) + "/", policy);

  PostResult first = guarded.post(*client);
  CHECK(first.status == 204);
  // The server closed the connection: the next attempt looks the name up again.
  PostResult second = guarded.post(*client);
  CHECK(second.status == 0);
  CHECK(second.error == "refused: link-local address");
  CHECK(guarded.resolved.size() == 2);
  REQUIRE(guarded.connects.size() == 1);
  CHECK(guarded.connects[0].address().to_string() == "127.0.0.1");
  CHECK_FALSE(guarded.connected_to_refused(policy));
  CHECK(server.requests() == 1);
  client->close();
}

TEST_CASE("client guard: a redirect to a private address is a status, not followed") {
  LoopbackServer server(
      "HTTP/1.1 302 Found\r\nLocation: http://169.254.169.254/latest/meta-data\r\n"
      "Content-Length: 0\r\nConnection: close\r\n\r\n");
  Guarded guarded;
  const AddressPolicy policy = allow_loopback();
  PostResult result =
      guarded.post("http://127.0.0.1:" + std::to_string(server.port()) + "/hooks", policy);
  CHECK(result.status == 302);
  CHECK(result.error.empty());
  CHECK(guarded.resolved == std::vector<std::string>{"127.0.0.1"});
  REQUIRE(guarded.connects.size() == 1);
  CHECK(guarded.connects[0].address().to_string() == "127.0.0.1");
  CHECK(server.requests() == 1);
}

TEST_CASE("client guard: the address actually connected to is judged too") {
  // A connector that lands somewhere other than where it was asked (as a rebinding proxy or a
  // broken stack might): the guard checks the peer of the open socket, before any request.
  LoopbackServer server(kNoContent);
  Guarded guarded;
  guarded.names["public.example"] = {{"93.184.216.34"}};
  guarded.divert_to_port = server.port();
  PostResult result = guarded.post("http://public.example/x", strict());
  CHECK(result.error == "refused: loopback address");
  CHECK(result.refused == "loopback");
  CHECK(server.requests() == 0);
}

TEST_CASE("client guard: allow_plain_http false refuses http:// outside allow_private") {
  Guarded guarded;
  guarded.names["public.example"] = {{"93.184.216.34"}};
  const AddressPolicy tls_only = AddressPolicy::from_strings({"127.0.0.0/8"}, false);

  PostResult plain = guarded.post("http://public.example/x", tls_only);
  CHECK(plain.error == "refused: plain http");
  CHECK(plain.refused == "plain-http");
  CHECK(guarded.connects.empty());

  // Over TLS the public address passes the guard; the test's connector then declines it
  // without touching the network.
  PostResult secure = guarded.post("https://public.example/x", tls_only);
  CHECK(secure.refused.empty());
  CHECK(secure.error.starts_with("connect: "));
  REQUIRE(guarded.connects.size() == 1);
  CHECK(guarded.connects[0].address().to_string() == "93.184.216.34");

  // Plain http inside an allowed range is fine.
  LoopbackServer server(kNoContent);
  PostResult local =
      guarded.post("http://127.0.0.1:" + std::to_string(server.port()) + "/x", tls_only);
  CHECK(local.status == 204);
}

TEST_CASE("client guard: send() reports refusals the same way; no policy refuses nothing") {
  LoopbackServer server(kNoContent);
  Guarded guarded;
  auto client =
      guarded.make_client("http://127.0.0.1:" + std::to_string(server.port()) + "/", strict());
  std::optional<weft::http::ClientResponse> response;
  client->send({.method = "GET", .target = "/v1/x"}, 5s, 1024,
               [&](weft::http::ClientResponse r) { response = std::move(r); });
  guarded.ioc.restart();
  for (int step = 0; step < 10000 && !response; ++step) {
    if (guarded.ioc.run_one_for(10s) == 0) break;
  }
  REQUIRE(response);
  CHECK(response->error == "refused: loopback address");
  CHECK(response->refused == "loopback");
  CHECK(guarded.connects.empty());

  PostResult open = guarded.post("http://127.0.0.1:" + std::to_string(server.port()) + "/",
                                 std::optional<AddressPolicy>());
  CHECK(open.status == 204);
  CHECK(server.requests() == 1);
}

#!/usr/bin/env python3
"""A slow subscriber for tests/bench/run's `slow` scenario: an HTTP/1.1 server on 127.0.0.1
that reads each request (headers, then the body by Content-Length), waits DELAY seconds and
answers `200` with an empty body, keeping the connection open. It exits on SIGTERM or SIGINT,
and by itself after LIFETIME seconds, so a crashed benchmark does not leave it behind.

Usage: slow_sink.py PORT LIFETIME_SECONDS [DELAY_SECONDS (default 2)]
"""
import asyncio
import signal
import sys

MAX_HEADER = 64 * 1024
MAX_BODY = 16 * 1024 * 1024


async def serve_connection(reader, writer, delay):
    try:
        while True:
            try:
                head = await reader.readuntil(b"\r\n\r\n")
            except (asyncio.IncompleteReadError, asyncio.LimitOverrunError, ConnectionError):
                return
            lines = head.decode("latin-1").split("\r\n")
            length, close = 0, False
            for line in lines[1:]:
                name, _, value = line.partition(":")
                name, value = name.strip().lower(), value.strip()
                if name == "content-length":
                    length = int(value)
                elif name == "connection" and value.lower() == "close":
                    close = True
            if not 0 <= length <= MAX_BODY:
                return
            await reader.readexactly(length)
            await asyncio.sleep(delay)
            writer.write(b"HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n")
            await writer.drain()
            if close:
                return
    except (asyncio.IncompleteReadError, ConnectionError, ValueError):
        return
    except asyncio.CancelledError:
        return  # the server stops: connections still waiting are dropped quietly
    finally:
        writer.close()


async def main():
    port, lifetime = int(sys.argv[1]), float(sys.argv[2])
    delay = float(sys.argv[3]) if len(sys.argv) > 3 else 2.0
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(sig, stop.set)
    server = await asyncio.start_server(
        lambda r, w: serve_connection(r, w, delay), "127.0.0.1", port, limit=MAX_HEADER
    )
    try:
        await asyncio.wait_for(stop.wait(), timeout=lifetime)
    except asyncio.TimeoutError:
        pass
    server.close()


if __name__ == "__main__":
    if len(sys.argv) not in (3, 4):
        sys.exit(__doc__)
    asyncio.run(main())

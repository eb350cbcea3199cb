#!/usr/bin/env python3
"""A fault-injecting TCP proxy on loopback, for the agent soak (issue 19): the agent talks to the backend
through it, and the harness changes what the network does while captures flow.

    python3 faultproxy.py --listen 127.0.0.1:0 --target 127.0.0.1:8080 --control 127.0.0.1:0

Prints `listening <port> control <port>` on its first line. The control port takes one-line commands
(plain TCP, answered with `ok ...` or `error ...`):

    pass                  forward as is (the default)
    down                  refuse new connections (RST at once) and reset every open one: a network loss
    stall                 accept, but forward nothing in either direction (a black hole; TCP stays up)
    latency MS            delay every chunk by MS milliseconds in both directions
    reset-every N         reset each connection after N chunks (flaky link); 0 turns it off
    stats                 counts: connections, resets, bytes up/down
    quit                  stop

Loopback only: --listen, --target and --control must be 127.0.0.1 addresses.
"""
import argparse
import asyncio
import socket
import struct
import sys


class Proxy:
    def __init__(self, target_host, target_port):
        self.target = (target_host, target_port)
        self.mode = "pass"
        self.latency = 0.0
        self.reset_every = 0
        self.open = set()
        self.stats = {"connections": 0, "refused": 0, "resets": 0, "up": 0, "down": 0}

    @staticmethod
    def reset(writer):
        """Closes with RST (SO_LINGER 0), as a dropped link looks to the peer."""
        sock = writer.get_extra_info("socket")
        if sock is not None:
            try:
                sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
            except OSError:
                pass
        writer.transport.abort()

    async def pipe(self, reader, writer, direction, pair):
        chunks = 0
        try:
            while True:
                data = await reader.read(65536)
                if not data:
                    break
                while self.mode == "stall":
                    await asyncio.sleep(0.05)
                if self.mode == "down":
                    break
                if self.latency > 0:
                    await asyncio.sleep(self.latency)
                writer.write(data)
                await writer.drain()
                self.stats[direction] += len(data)
                chunks += 1
                if self.reset_every and chunks >= self.reset_every:
                    self.stats["resets"] += 1
                    for w in pair:
                        self.reset(w)
                    return
        except (ConnectionError, OSError, asyncio.CancelledError):
            pass
        finally:
            try:
                writer.close()
            except Exception:
                pass

    async def handle(self, client_reader, client_writer):
        if self.mode == "down":
            self.stats["refused"] += 1
            self.reset(client_writer)
            return
        try:
            upstream_reader, upstream_writer = await asyncio.open_connection(*self.target)
        except OSError:
            self.stats["refused"] += 1
            self.reset(client_writer)
            return
        self.stats["connections"] += 1
        pair = (client_writer, upstream_writer)
        self.open.add(pair)
        try:
            await asyncio.gather(
                self.pipe(client_reader, upstream_writer, "up", pair),
                self.pipe(upstream_reader, client_writer, "down", pair))
        finally:
            self.open.discard(pair)

    def command(self, line):
        words = line.split()
        if not words:
            return "error empty command"
        name = words[0]
        if name in ("pass", "stall"):
            self.mode = name
        elif name == "down":
            self.mode = "down"
            for pair in list(self.open):
                self.stats["resets"] += 1
                for w in pair:
                    self.reset(w)
        elif name == "latency" and len(words) == 2 and words[1].isdigit():
            self.latency = int(words[1]) / 1000
        elif name == "reset-every" and len(words) == 2 and words[1].isdigit():
            self.reset_every = int(words[1])
        elif name == "stats":
            pass
        elif name == "quit":
            raise SystemExit(0)
        else:
            return f"error unknown command {line.strip()!r}"
        counts = " ".join(f"{k}={v}" for k, v in self.stats.items())
        return f"ok mode={self.mode} latency_ms={int(self.latency * 1000)} reset_every={self.reset_every} open={len(self.open)} {counts}"


def loopback(text):
    host, _, port = text.rpartition(":")
    if host != "127.0.0.1" or not port.isdigit():
        raise argparse.ArgumentTypeError(f"{text}: must be 127.0.0.1:PORT (loopback only)")
    return host, int(port)


async def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--listen", type=loopback, default=("127.0.0.1", 0))
    parser.add_argument("--target", type=loopback, required=True)
    parser.add_argument("--control", type=loopback, default=("127.0.0.1", 0))
    args = parser.parse_args()
    proxy = Proxy(*args.target)
    stop = asyncio.Event()

    async def control(reader, writer):
        try:
            while line := await reader.readline():
                try:
                    answer = proxy.command(line.decode(errors="replace"))
                except SystemExit:
                    writer.write(b"ok quitting\n")
                    await writer.drain()
                    stop.set()
                    return
                writer.write((answer + "\n").encode())
                await writer.drain()
        finally:
            writer.close()

    server = await asyncio.start_server(proxy.handle, *args.listen)
    controller = await asyncio.start_server(control, *args.control)
    print(f"listening {server.sockets[0].getsockname()[1]} control {controller.sockets[0].getsockname()[1]}", flush=True)
    async with server, controller:
        await stop.wait()


if __name__ == "__main__":
    try:
        asyncio.run(main())
    except KeyboardInterrupt:
        sys.exit(0)

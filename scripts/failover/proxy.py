#!/usr/bin/env python3
"""A TCP forwarder standing in for what moves a database address to the new primary in production (a virtual IP,
HAProxy with a primary check, Patroni's DNS): it listens on one loopback port and sends each new connection to the
port named in a file, read afresh for every connection, so scripts/failover-test.sh switches it by rewriting the
file. A connection it cannot pass on is closed at once; while the file says `hold`, new connections are accepted
and never answered, as an address whose host has gone from the network.

    proxy.py LISTEN_PORT TARGET_FILE
"""
import asyncio
import sys


async def pipe(reader, writer):
    try:
        while data := await reader.read(65536):
            writer.write(data)
            await writer.drain()
    except (ConnectionError, OSError):
        pass
    finally:
        writer.close()


async def handle(client_reader, client_writer, target_file):
    with open(target_file, encoding="ascii") as file:
        target = file.read().strip()
    if target == "hold":
        await client_reader.read()
        client_writer.close()
        return
    port = int(target)
    try:
        upstream_reader, upstream_writer = await asyncio.open_connection("127.0.0.1", port)
    except OSError:
        client_writer.close()
        return
    await asyncio.gather(pipe(client_reader, upstream_writer), pipe(upstream_reader, client_writer))


async def main():
    listen_port, target_file = int(sys.argv[1]), sys.argv[2]
    server = await asyncio.start_server(lambda r, w: handle(r, w, target_file), "127.0.0.1", listen_port)
    async with server:
        await server.serve_forever()


if __name__ == "__main__":
    asyncio.run(main())

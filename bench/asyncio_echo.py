"""The baseline: an echo server on asyncio streams, as the asyncio docs write it."""
import asyncio


async def _echo(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
    try:
        while data := await reader.read(65536):
            writer.write(data)
            await writer.drain()
    except ConnectionError:
        pass
    finally:
        writer.close()


def serve_asyncio(listener) -> None:
    """Serve echo clients on an already listening socket, forever."""
    async def main():
        server = await asyncio.start_server(_echo, sock=listener)
        async with server:
            await server.serve_forever()

    asyncio.run(main())

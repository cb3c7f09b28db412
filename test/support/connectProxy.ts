// A minimal HTTP CONNECT proxy on 127.0.0.1 for tests: it opens the tunnel it is asked for and
// records each one (target host and port, and the local port of its own connection to the target,
// so a server can tell which of its connections came through the proxy). Anything but CONNECT is
// recorded and refused with 405: the extension only ever asks a proxy for https tunnels, and a
// plain request forwarded in clear would be a bug worth seeing. Test support only, never in src/.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { createServer as createHttpsServer } from "node:https";
import { connect, type Socket } from "node:net";

export interface Tunnel {
  /** As the client asked for it in `CONNECT host:port`. */
  readonly host: string;
  readonly port: number;
  /** The local port of the proxy's socket to the target: the target sees it as the remote port. */
  upstreamPort?: number;
  /** Set when the target could not be reached (the client got 502). */
  error?: string;
}

export interface ConnectProxy {
  /** e.g. "http://127.0.0.1:41234" (https:// when served over TLS) */
  readonly url: string;
  /** Every CONNECT, in arrival order. */
  readonly tunnels: readonly Tunnel[];
  /** Requests that were not CONNECT ("GET http://…"), refused. */
  readonly refused: readonly string[];
  /** Targets of the tunnels, "host:port", in order. */
  targets(): string[];
  /** Stops listening and cuts every tunnel. */
  close(): Promise<void>;
}

export interface ConnectProxyOptions {
  /**
   * Names only the proxy resolves, to an address: like a corporate proxy that knows hosts its
   * clients cannot look up. A request for such a name that does not go through the proxy fails.
   */
  readonly resolve?: Readonly<Record<string, string>>;
  /** Serve the proxy itself over TLS (an https:// proxy) with this certificate. */
  readonly tls?: { readonly certificatePem: string; readonly privateKeyPem: string };
}

export async function startConnectProxy(options: ConnectProxyOptions = {}): Promise<ConnectProxy> {
  const tunnels: Tunnel[] = [];
  const refused: string[] = [];
  const sockets = new Set<Socket>();
  const refuse = (request: IncomingMessage, response: ServerResponse) => {
    refused.push(`${request.method ?? "?"} ${request.url ?? ""}`);
    response.writeHead(405, { connection: "close", "content-type": "text/plain" }).end("This test proxy only tunnels (CONNECT).\n");
  };
  const server: Server = options.tls ? createHttpsServer({ cert: options.tls.certificatePem, key: options.tls.privateKeyPem }, refuse) : createServer(refuse);
  const track = (socket: Socket) => {
    sockets.add(socket);
    socket.once("close", () => sockets.delete(socket));
  };
  // For a TLS proxy, "connection" is the raw socket and "secureConnection" follows it.
  server.on("connection", track);
  server.on("connect", (request: IncomingMessage, client: Socket, head: Buffer) => {
    const target = parseAuthority(request.url ?? "");
    if (!target) {
      refused.push(`CONNECT ${request.url ?? ""}`);
      client.end("HTTP/1.1 400 Bad Request\r\nConnection: close\r\n\r\n");
      return;
    }
    const tunnel: Tunnel = { ...target };
    tunnels.push(tunnel);
    const upstream = connect(target.port, options.resolve?.[target.host.toLowerCase()] ?? target.host);
    track(upstream);
    upstream.once("connect", () => {
      tunnel.upstreamPort = upstream.localPort;
      client.write("HTTP/1.1 200 Connection Established\r\n\r\n");
      if (head.length > 0) {
        upstream.write(head);
      }
      upstream.pipe(client);
      client.pipe(upstream);
    });
    upstream.once("error", (error) => {
      tunnel.error = error.message;
      if (client.writable && upstream.localPort === undefined) {
        client.end("HTTP/1.1 502 Bad Gateway\r\nConnection: close\r\n\r\n");
      } else {
        client.destroy();
      }
    });
    client.once("error", () => upstream.destroy());
    client.once("close", () => upstream.destroy());
    upstream.once("close", () => client.destroy());
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      server.off("error", reject);
      resolve();
    });
  });
  const address = server.address();
  if (address === null || typeof address === "string") {
    throw new Error("connect proxy: no TCP address");
  }
  let closed: Promise<void> | undefined;
  return {
    url: `${options.tls ? "https" : "http"}://127.0.0.1:${address.port}`,
    tunnels,
    refused,
    targets: () => tunnels.map((tunnel) => `${tunnel.host}:${tunnel.port}`),
    close: () => {
      closed ??= new Promise<void>((resolve) => {
        server.close(() => resolve());
        for (const socket of sockets) {
          socket.destroy();
        }
      });
      return closed;
    },
  };
}

/** "host:port" or "[v6]:port" from a CONNECT request line; undefined for anything else. */
function parseAuthority(authority: string): { host: string; port: number } | undefined {
  const match = /^(?:\[([0-9a-fA-F:.]+)\]|([^:[\]\s]+)):(\d{1,5})$/.exec(authority);
  const port = Number(match?.[3]);
  const host = match?.[1] ?? match?.[2];
  return host !== undefined && port > 0 && port < 65536 ? { host, port } : undefined;
}

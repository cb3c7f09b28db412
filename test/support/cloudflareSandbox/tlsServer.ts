// The sandbox over https: a TLS front that terminates TLS with a test CA's server certificate and
// relays the bytes to the sandbox's plain HTTP port on 127.0.0.1, the way Cloudflare's edge sits
// in front of its API. The sandbox itself is unchanged: every request, fault and dropped
// connection behaves as over http, and a connection the sandbox cuts is cut on the TLS side too.
// It records where each TLS connection came from, so a test can tell a connection that arrived
// through a proxy's tunnel from a direct one.
import { connect as connectTcp, type Socket } from "node:net";
import { createServer, type TLSSocket } from "node:tls";
import { makeCa, makeLeaf } from "../makeCertificates";
import type { CloudflareSandbox } from "./types";

export interface TlsIdentity {
  /** The test CA a client must trust (PEM). */
  readonly caPem: string;
  /** The server certificate, issued by the CA for `hosts` (PEM). */
  readonly certificatePem: string;
  readonly privateKeyPem: string;
}

/** A fresh CA and a server certificate from it for these hosts (IP addresses or DNS names). */
export async function makeTlsIdentity(hosts: readonly string[]): Promise<TlsIdentity> {
  const isIp = (host: string) => /^[\d.]+$|:/.test(host);
  const ca = await makeCa({ subject: "CN=Cloudflare mTLS Test Sandbox CA" });
  const leaf = await makeLeaf(ca, {
    commonName: hosts[0] ?? "localhost",
    ipAddresses: hosts.filter(isIp),
    dnsNames: hosts.filter((host) => !isIp(host)),
    extendedKeyUsages: ["1.3.6.1.5.5.7.3.1"], // serverAuth
  });
  return { caPem: ca.pem, certificatePem: leaf.pem, privateKeyPem: leaf.privateKeyPem };
}

export interface TlsConnection {
  readonly remoteAddress: string;
  readonly remotePort: number;
}

export interface TlsSandbox {
  /** e.g. "https://127.0.0.2:40123/client/v4" */
  readonly baseUrl: string;
  /** Every TCP connection the front accepted, in order (a TLS handshake may still fail on it). */
  readonly connections: readonly TlsConnection[];
  /** Stops the front (the sandbox stays up: close it yourself). */
  close(): Promise<void>;
}

export interface TlsSandboxOptions {
  /** The address to listen on; default 127.0.0.1. */
  readonly listen?: string;
  /** The host name in baseUrl (one the certificate names); default the listen address. */
  readonly hostname?: string;
  readonly identity: Pick<TlsIdentity, "certificatePem" | "privateKeyPem">;
}

export async function serveOverTls(sandbox: CloudflareSandbox, options: TlsSandboxOptions): Promise<TlsSandbox> {
  const plain = new URL(sandbox.baseUrl);
  const host = options.listen ?? "127.0.0.1";
  const connections: TlsConnection[] = [];
  const sockets = new Set<Socket>();
  const track = (socket: Socket) => {
    sockets.add(socket);
    socket.once("close", () => sockets.delete(socket));
  };
  const server = createServer({ cert: options.identity.certificatePem, key: options.identity.privateKeyPem, ALPNProtocols: ["http/1.1"] });
  server.on("connection", (socket: Socket) => {
    track(socket);
    connections.push({ remoteAddress: socket.remoteAddress ?? "", remotePort: socket.remotePort ?? 0 });
  });
  server.on("secureConnection", (secure: TLSSocket) => {
    const backend = connectTcp(Number(plain.port), plain.hostname);
    track(backend);
    secure.pipe(backend);
    backend.pipe(secure);
    secure.once("close", () => backend.destroy());
    backend.once("close", () => secure.destroy());
    secure.once("error", () => backend.destroy());
    backend.once("error", () => secure.destroy());
  });
  // A client that refuses our certificate ends the handshake: nothing to do but forget it.
  server.on("tlsClientError", (_error, socket) => socket.destroy());
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, host, () => {
      server.off("error", reject);
      resolve();
    });
  });
  const address = server.address();
  if (address === null || typeof address === "string") {
    throw new Error("sandbox TLS front: no TCP address");
  }
  const hostname = options.hostname ?? host;
  const urlHost = hostname.includes(":") ? `[${hostname}]` : hostname;
  let closed: Promise<void> | undefined;
  return {
    baseUrl: `https://${urlHost}:${address.port}${plain.pathname}`,
    connections,
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

/**
 * A local CA and a server certificate for 127.0.0.1 / localhost, as PEM files in `certDir`:
 *
 *   ca.pem          CA certificate: what clients trust (tlsOptions.ca or NODE_EXTRA_CA_CERTS)
 *   ca-key.pem      CA private key (kept so a restart with the same certDir reuses the CA)
 *   server.pem      server certificate, SAN IP:127.0.0.1 and DNS:localhost, signed by the CA
 *   server-key.pem  server private key
 *
 * Existing files in `certDir` are reused when they are still valid for at least a day and the
 * server certificate was issued by the CA, so a client configured once keeps working across
 * restarts. EC P-256 keys keep generation fast (tens of milliseconds).
 */
import { X509Certificate } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { generate } from "selfsigned";

export interface EmulatorCertificates {
  caCertPath: string;
  caCertPem: string;
  serverCertPem: string;
  serverKeyPem: string;
}

const DAY_MS = 86_400_000;

function tryReuse(dir: string): EmulatorCertificates | undefined {
  const files = ["ca.pem", "ca-key.pem", "server.pem", "server-key.pem"].map((f) => path.join(dir, f));
  if (!files.every((f) => existsSync(f))) return undefined;
  try {
    const [caPem, , serverPem, serverKey] = files.map((f) => readFileSync(f, "utf8")) as [
      string,
      string,
      string,
      string,
    ];
    const ca = new X509Certificate(caPem);
    const server = new X509Certificate(serverPem);
    const soon = Date.now() + DAY_MS;
    if (Date.parse(ca.validTo) < soon || Date.parse(server.validTo) < soon) return undefined;
    if (!server.verify(ca.publicKey) || server.checkIP("127.0.0.1") === undefined) return undefined;
    return { caCertPath: files[0]!, caCertPem: caPem, serverCertPem: serverPem, serverKeyPem: serverKey };
  } catch {
    return undefined;
  }
}

export async function ensureCertificates(dir: string): Promise<EmulatorCertificates> {
  mkdirSync(dir, { recursive: true });
  const reused = tryReuse(dir);
  if (reused) return reused;
  const notBeforeDate = new Date(Date.now() - 3_600_000);
  const notAfterDate = new Date(Date.now() + 825 * DAY_MS);
  const ca = await generate([{ name: "commonName", value: "sentinelctl ARM emulator local CA" }], {
    keyType: "ec",
    curve: "P-256",
    algorithm: "sha256",
    notBeforeDate,
    notAfterDate,
    extensions: [
      { name: "basicConstraints", cA: true, critical: true },
      { name: "keyUsage", keyCertSign: true, cRLSign: true, digitalSignature: true, critical: true },
    ],
  });
  const server = await generate([{ name: "commonName", value: "localhost" }], {
    keyType: "ec",
    curve: "P-256",
    algorithm: "sha256",
    notBeforeDate,
    notAfterDate,
    ca: { key: ca.private, cert: ca.cert },
    extensions: [
      { name: "basicConstraints", cA: false },
      { name: "keyUsage", digitalSignature: true, keyEncipherment: true, critical: true },
      { name: "extKeyUsage", serverAuth: true },
      {
        name: "subjectAltName",
        altNames: [
          { type: 2, value: "localhost" },
          { type: 7, ip: "127.0.0.1" },
        ],
      },
    ],
  });
  const caCertPath = path.join(dir, "ca.pem");
  writeFileSync(caCertPath, ca.cert);
  writeFileSync(path.join(dir, "ca-key.pem"), ca.private, { mode: 0o600 });
  writeFileSync(path.join(dir, "server.pem"), server.cert);
  writeFileSync(path.join(dir, "server-key.pem"), server.private, { mode: 0o600 });
  return { caCertPath, caCertPem: ca.cert, serverCertPem: server.cert, serverKeyPem: server.private };
}

// A fresh self-signed certificate for 127.0.0.1 and localhost, made at every start (EC P-256: ~20 ms).
import { generate } from 'selfsigned';

export interface ServerCertificate {
  key: string;
  cert: string;
}

/**
 * The certificate is a leaf (cA false) that clients pin as their only extra trust anchor: it cannot sign
 * certificates for other hosts, and its private key never leaves this process.
 */
export async function makeCertificate(): Promise<ServerCertificate> {
  const now = new Date();
  const pems = await generate([{ name: 'commonName', value: 'rulectl emulator' }], {
    keyType: 'ec',
    curve: 'P-256',
    algorithm: 'sha256',
    notBeforeDate: new Date(now.getTime() - 60_000),
    notAfterDate: new Date(now.getTime() + 30 * 86_400_000),
    extensions: [
      { name: 'basicConstraints', cA: false },
      { name: 'keyUsage', digitalSignature: true, critical: true },
      { name: 'extKeyUsage', serverAuth: true },
      {
        name: 'subjectAltName',
        altNames: [
          { type: 7, ip: '127.0.0.1' },
          { type: 2, value: 'localhost' },
        ],
      },
    ],
  });
  return { key: pems.private, cert: pems.cert };
}

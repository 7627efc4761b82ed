// A fresh self-signed certificate for 127.0.0.1 and localhost, made with node:crypto at every start
// (a few milliseconds; the selfsigned package alone took ~0.8 s to import on a loaded machine).
import { generateKeyPairSync, randomBytes, sign } from 'node:crypto';
import { bitString, boolean, integer, octetString, oid, sequence, set, tlv, utcTime, utf8 } from './der.js';

export interface ServerCertificate {
  key: string;
  cert: string;
}

const ECDSA_SHA256 = sequence(oid('1.2.840.10045.4.3.2'));
const extension = (id: string, critical: boolean, value: Buffer): Buffer =>
  sequence(oid(id), ...(critical ? [boolean(true)] : []), octetString(value));

function pem(der: Buffer): string {
  const lines = der.toString('base64').match(/.{1,64}/g) ?? [];
  return `-----BEGIN CERTIFICATE-----\n${lines.join('\n')}\n-----END CERTIFICATE-----\n`;
}

/**
 * The certificate is a leaf (cA false, serverAuth only) that clients pin as their one extra trust anchor:
 * it cannot vouch for any other host, and its private key never leaves this process.
 */
export function makeCertificate(now = new Date()): ServerCertificate {
  const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const name = sequence(set(sequence(oid('2.5.4.3'), utf8('rulectl emulator'))));
  const serial = randomBytes(16);
  serial[0] = (serial[0] ?? 0) & 0x7f;
  const tbs = sequence(
    tlv(0xa0, integer(Buffer.from([2]))), // version 3
    integer(serial),
    ECDSA_SHA256,
    name,
    sequence(utcTime(new Date(now.getTime() - 60_000)), utcTime(new Date(now.getTime() + 30 * 86_400_000))),
    name,
    publicKey.export({ type: 'spki', format: 'der' }),
    tlv(
      0xa3,
      sequence(
        extension('2.5.29.19', true, sequence()), // basicConstraints: not a CA
        extension('2.5.29.15', true, tlv(0x03, Buffer.from([0x07, 0x80]))), // keyUsage: digitalSignature
        extension('2.5.29.37', false, sequence(oid('1.3.6.1.5.5.7.3.1'))), // extKeyUsage: serverAuth
        extension(
          '2.5.29.17', // subjectAltName: IP 127.0.0.1, DNS localhost
          false,
          sequence(tlv(0x87, Buffer.from([127, 0, 0, 1])), tlv(0x82, Buffer.from('localhost', 'ascii'))),
        ),
      ),
    ),
  );
  const signature = sign('sha256', tbs, privateKey);
  return {
    key: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    cert: pem(sequence(tbs, ECDSA_SHA256, bitString(signature))),
  };
}

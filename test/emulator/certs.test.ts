// The emulator's certificate: made with node:crypto, for 127.0.0.1 and localhost, not a CA, self-signed.
import { createPrivateKey, X509Certificate } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { makeCertificate } from '../../src/emulator/certs.js';
import { integer, oid } from '../../src/emulator/der.js';

describe('makeCertificate', () => {
  it('is a valid self-signed leaf for the loopback names, fresh each time', () => {
    const now = new Date('2026-03-01T12:00:00Z');
    const a = makeCertificate(now);
    const x = new X509Certificate(a.cert);
    expect(x.verify(x.publicKey)).toBe(true);
    expect(x.ca).toBe(false);
    expect(x.subjectAltName).toBe('IP Address:127.0.0.1, DNS:localhost');
    expect(x.checkIP('127.0.0.1')).toBe('127.0.0.1');
    expect(x.checkHost('localhost')).toBe('localhost');
    expect(x.checkHost('example.com')).toBeUndefined();
    expect(x.keyUsage).toEqual(['1.3.6.1.5.5.7.3.1']);
    expect(new Date(x.validFrom).getTime()).toBeLessThan(now.getTime());
    expect(new Date(x.validTo).getTime()).toBe(now.getTime() + 30 * 86_400_000);
    expect(x.checkPrivateKey(createPrivateKey(a.key))).toBe(true);
    expect(makeCertificate(now).cert).not.toBe(a.cert);
  });

  it('encodes DER integers and OIDs correctly', () => {
    expect(oid('1.2.840.10045.4.3.2').toString('hex')).toBe('06082a8648ce3d040302');
    expect(integer(Buffer.from([0x80])).toString('hex')).toBe('02020080');
    expect(integer(Buffer.from([0, 0, 5])).toString('hex')).toBe('020105');
  });
});

import fs from 'node:fs';
import https from 'node:https';
import { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import tls from 'node:tls';
import { X509Certificate } from 'node:crypto';
import {
  CA_FILES,
  createCertificateAuthority,
  createStandInTls,
  issueCertificate,
} from './tls';

/** what a TLS client trusting `ca` makes of a server with this certificate */
async function handshake(
  server: { cert: string; key: string },
  ca: string,
  servername: string,
): Promise<string> {
  // the certificate alone, as the stand-ins serve it (no chain)
  const listening = https.createServer(
    { cert: server.cert, key: server.key },
    (_req, res) => res.end('ok'),
  );
  await new Promise<void>(r => listening.listen(0, '127.0.0.1', r));
  const { port } = listening.address() as AddressInfo;
  try {
    return await new Promise<string>(resolve => {
      const socket = tls.connect({ host: '127.0.0.1', port, ca, servername });
      socket.once('secureConnect', () => {
        socket.end();
        resolve('trusted');
      });
      socket.once('error', error => resolve(error.message));
    });
  } finally {
    await new Promise(r => listening.close(r));
  }
}

describe('the stand-ins’ TLS', () => {
  it('signs a server certificate for loopback with its CA', () => {
    const { ca, cert } = createStandInTls();
    const caCert = new X509Certificate(ca);
    const serverCert = new X509Certificate(cert);
    expect(caCert.ca).toBe(true);
    expect(serverCert.ca).toBe(false);
    expect(serverCert.checkIssued(caCert)).toBe(true);
    expect(serverCert.verify(caCert.publicKey)).toBe(true);
    expect(serverCert.subjectAltName).toBe(
      'DNS:localhost, IP Address:127.0.0.1, IP Address:0:0:0:0:0:0:0:1',
    );
    // what a TLS client checks against the name it connected to
    const peer = {
      subject: { CN: 'localhost' },
      subjectaltname: serverCert.subjectAltName,
    } as any;
    for (const host of ['localhost', '127.0.0.1', '::1']) {
      expect(tls.checkServerIdentity(host, peer)).toBeUndefined();
    }
    expect(tls.checkServerIdentity('example.com', peer)?.message).toMatch(
      /Host: example.com. is not in the cert's altnames/,
    );
  });

  it('is trusted with its CA only', async () => {
    const server = createStandInTls();
    expect(await handshake(server, server.ca, 'localhost')).toBe('trusted');
    expect(await handshake(server, createStandInTls().ca, 'localhost')).toBe(
      'unable to verify the first certificate',
    );
  });

  it('has a CA that vouches for no name but loopback', async () => {
    const ca = createCertificateAuthority();
    const elsewhere = issueCertificate(ca, { dns: ['example.com'], ips: [] });
    expect(await handshake(elsewhere, ca.cert, 'example.com')).toBe(
      'permitted subtree violation',
    );
    const loopback = issueCertificate(ca, { dns: ['localhost'], ips: [] });
    expect(await handshake(loopback, ca.cert, 'localhost')).toBe('trusted');
  });

  describe('with a CA kept in a folder', () => {
    let dir: string;
    beforeEach(() => {
      dir = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'ca-')), 'ca');
    });
    afterEach(() =>
      fs.rmSync(path.dirname(dir), { recursive: true, force: true }),
    );

    it('creates the CA once and signs a new server certificate each time', () => {
      const first = createStandInTls({ caDir: dir });
      expect(fs.readFileSync(path.join(dir, CA_FILES.cert), 'utf8')).toBe(
        first.ca,
      );
      expect(fs.statSync(path.join(dir, CA_FILES.key)).mode & 0o777).toBe(
        0o600,
      );
      const second = createStandInTls({ caDir: dir });
      expect(second.ca).toBe(first.ca);
      expect(second.cert).not.toBe(first.cert);
      expect(
        new X509Certificate(second.cert).checkIssued(
          new X509Certificate(first.ca),
        ),
      ).toBe(true);
      // nothing else is left behind
      expect(fs.readdirSync(path.dirname(dir))).toEqual(['ca']);
    });

    it('replaces a CA whose files do not belong together', () => {
      const first = createStandInTls({ caDir: dir });
      fs.writeFileSync(
        path.join(dir, CA_FILES.key),
        createCertificateAuthority().key,
      );
      const replaced = createStandInTls({ caDir: dir });
      expect(replaced.ca).not.toBe(first.ca);
      expect(createStandInTls({ caDir: dir }).ca).toBe(replaced.ca);
    });
  });
});

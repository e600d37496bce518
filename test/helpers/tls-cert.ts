import { execFileSync } from 'node:child_process';
import path from 'node:path';

export interface CertFiles {
  keyFile: string;
  certFile: string;
}

/**
 * A self-signed certificate for localhost, valid one day, made with openssl into `dir` (the test's temp dir, removed
 * with it): no private key is ever part of the repository.
 */
export function makeSelfSignedCert(dir: string, name = 'parent'): CertFiles {
  const keyFile = path.join(dir, `${name}-key.pem`);
  const certFile = path.join(dir, `${name}-cert.pem`);
  execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-subj', '/CN=localhost', '-days', '1', '-keyout', keyFile, '-out', certFile], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  return { keyFile, certFile };
}

/** streamledger.conf's `[web]` keys for these files. */
export const tlsConf = (c: CertFiles): string => `    ssl key = ${c.keyFile}\n    ssl certificate = ${c.certFile}\n`;

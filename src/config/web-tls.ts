import { createPrivateKey, X509Certificate } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import tls from 'node:tls';
import { ConfigError } from './errors';
import type { IniDocument } from './ini-file';
import { entryLocation, type SectionReader } from './section-reader';
import type { BindAddress, WebTls } from './types';
import { InvalidValue, nonEmptyText, type ValueParser } from './values';

interface PemFile {
  file: string;
  pem: string;
}

/** A PEM file read at start, so that a missing or wrong file stops the parent with the file's name, not the first TLS client. */
function pemFile(what: string, check: (pem: string) => unknown): ValueParser<PemFile> {
  return (value) => {
    const file = path.resolve(nonEmptyText(value));
    let pem: string;
    try {
      pem = fs.readFileSync(file, 'utf8');
    } catch (err) {
      throw new InvalidValue(`cannot read ${file} (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`);
    }
    try {
      check(pem);
    } catch (err) {
      throw new InvalidValue(`${file} is not ${what}: ${(err as Error).message}`);
    }
    return { file, pem };
  };
}

const privateKey = pemFile('an unencrypted PEM private key', (pem) => createPrivateKey(pem));
const certificate = pemFile('a PEM certificate', (pem) => new X509Certificate(pem));

/**
 * `[web] ssl key` and `ssl certificate` (Netdata's names): both set turns TLS on for every port, neither leaves the
 * parent plain text only. Half a pair, or a `^SSL=` port without them, is refused rather than silently served in plain
 * text as Netdata would.
 */
export function readWebTls(doc: IniDocument, web: SectionReader, bind: BindAddress[]): WebTls | null {
  const key = web.optional('ssl key', privateKey);
  const cert = web.optional('ssl certificate', certificate);
  const at = (k: string) => entryLocation(doc.get(web.section, k)!);
  if (!key && !cert) {
    if (bind.some((b) => b.tls)) throw new ConfigError(at('bind to'), '^SSL= needs [web] "ssl key" and "ssl certificate"');
    return null;
  }
  if (!key) throw new ConfigError(at('ssl certificate'), 'needs [web] "ssl key" too');
  if (!cert) throw new ConfigError(at('ssl key'), 'needs [web] "ssl certificate" too');
  try {
    tls.createSecureContext({ key: key.pem, cert: cert.pem });
  } catch (err) {
    throw new ConfigError(at('ssl key'), `does not go with the certificate ${cert.file}: ${(err as Error).message}`);
  }
  return { keyFile: key.file, certFile: cert.file, key: key.pem, cert: cert.pem };
}

/**
 * Stream version negotiation as Netdata 1.37 does it (streaming/rrdpush.c: convert_stream_version_to_capabilities,
 * stream_capabilities_to_vn, and the receiver's choice of reply). Verified against a real 1.37.1 parent:
 * no `ver`, `ver=0`, `ver=1` and non-numeric values all get the V1 prompt; `ver=2` gets the host-labels prompt.
 */
export const CAP = {
  V1: 1 << 3,
  V2: 1 << 4,
  VN: 1 << 5,
  VCAPS: 1 << 6,
  HLABELS: 1 << 7,
  CLAIM: 1 << 8,
  CLABELS: 1 << 9,
  COMPRESSION: 1 << 10,
  FUNCTIONS: 1 << 11,
  REPLICATION: 1 << 12,
  BINARY: 1 << 13,
  GAPS: 1 << 30, // streamledger's own gap filling between streamledger nodes; real Netdata ignores it
} as const;

const OLD_VERSION_CLAIM = 3;
const OLD_VERSION_CLABELS = 4;
const OLD_VERSION_COMPRESSION = 5;

/**
 * What this parent implements. COMPRESSION, FUNCTIONS and BINARY are left out, so children stream plain text.
 * REPLICATION is granted even where replication is disabled: the parent then asks for nothing, as Netdata's does.
 */
export const OUR_CAPABILITIES =
  (CAP.V1 | CAP.V2 | CAP.VN | CAP.VCAPS | CAP.HLABELS | CAP.CLAIM | CAP.CLABELS | CAP.REPLICATION | CAP.GAPS) >>> 0;

export const PROMPT_V1 = 'Hit me baby, push them over...';
export const PROMPT_V2 = 'Hit me baby, push them over and bring the host labels...';
export const PROMPT_VN = 'Hit me baby, push them over with the version=';

/** Netdata parses `ver` with strtoul(value, NULL, 0): leading digits (decimal, 0x hex or 0 octal), else 0. */
export function parseVer(ver: string | null): number {
  if (ver === null) return 0;
  const m = /^\s*(?:0[xX]([0-9a-fA-F]+)|(0[0-7]*)|([1-9][0-9]*))/.exec(ver);
  if (!m) return 0;
  const n = m[1] !== undefined ? parseInt(m[1], 16) : m[2] !== undefined ? parseInt(m[2], 8) : Number(m[3]);
  return n >>> 0;
}

export function versionToCapabilities(version: number, ours = OUR_CAPABILITIES): number {
  let caps: number;
  if (version <= 1) caps = CAP.V1;
  else if (version < OLD_VERSION_CLAIM) caps = CAP.V2 | CAP.HLABELS;
  else if (version <= OLD_VERSION_CLAIM) caps = CAP.VN | CAP.HLABELS | CAP.CLAIM;
  else if (version <= OLD_VERSION_CLABELS) caps = CAP.VN | CAP.HLABELS | CAP.CLAIM | CAP.CLABELS;
  else if (version <= OLD_VERSION_COMPRESSION) caps = CAP.VN | CAP.HLABELS | CAP.CLAIM | CAP.CLABELS | CAP.COMPRESSION;
  else caps = version;
  if (caps & CAP.VCAPS) caps &= ~(CAP.V1 | CAP.V2 | CAP.VN);
  if (caps & CAP.VN) caps &= ~(CAP.V1 | CAP.V2);
  if (caps & CAP.V2) caps &= ~CAP.V1;
  caps &= ours;
  // a streamledger child that offers both fills gaps from its event log: Netdata's per-chart replication is left out
  if (caps & CAP.GAPS) caps &= ~CAP.REPLICATION;
  return caps >>> 0;
}

function capabilitiesToVn(caps: number): number {
  if (caps & CAP.COMPRESSION) return OLD_VERSION_COMPRESSION;
  if (caps & CAP.CLABELS) return OLD_VERSION_CLABELS;
  return OLD_VERSION_CLAIM;
}

export interface Negotiation {
  capabilities: number;
  /** What the reply announces: the capability mask (VCAPS), an old version number (VN), 2 or 1. */
  negotiated: number;
  reply: string;
}

export function negotiate(ver: string | null, ours = OUR_CAPABILITIES): Negotiation {
  const capabilities = versionToCapabilities(parseVer(ver), ours);
  if (capabilities & CAP.VCAPS) return { capabilities, negotiated: capabilities, reply: PROMPT_VN + capabilities };
  if (capabilities & CAP.VN) {
    const vn = capabilitiesToVn(capabilities);
    return { capabilities, negotiated: vn, reply: PROMPT_VN + vn };
  }
  if (capabilities & CAP.V2) return { capabilities, negotiated: 2, reply: PROMPT_V2 };
  return { capabilities, negotiated: 1, reply: PROMPT_V1 };
}

const NAMES: Array<[number, string]> = Object.entries(CAP).map(([name, bit]) => [bit, name]);

/** "VCAPS HLABELS CLAIM CLABELS " - the order and trailing space of Netdata's log line. */
export function capabilitiesToString(caps: number): string {
  return NAMES.filter(([bit]) => caps & bit).map(([, name]) => name + ' ').join('');
}

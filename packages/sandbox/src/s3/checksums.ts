import { createHash } from 'node:crypto';
import zlib from 'node:zlib';

/**
 * The S3 additional checksums (`x-amz-checksum-<algorithm>`, base64 of the
 * big-endian digest): CRC32, CRC32C, CRC64NVME, SHA1 and SHA256, see
 * https://docs.aws.amazon.com/AmazonS3/latest/userguide/checking-object-integrity.html
 */

export type ChecksumAlgorithm =
  | 'CRC32'
  | 'CRC32C'
  | 'CRC64NVME'
  | 'SHA1'
  | 'SHA256';

export const CHECKSUM_ALGORITHMS: ChecksumAlgorithm[] = [
  'CRC32',
  'CRC32C',
  'CRC64NVME',
  'SHA1',
  'SHA256',
];

/** Raw digest lengths in bytes. */
const DIGEST_LENGTH: Record<ChecksumAlgorithm, number> = {
  CRC32: 4,
  CRC32C: 4,
  CRC64NVME: 8,
  SHA1: 20,
  SHA256: 32,
};

function crcTable(poly: number): Uint32Array {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? (c >>> 1) ^ poly : c >>> 1;
    table[n] = c >>> 0;
  }
  return table;
}

const CRC32C_TABLE = crcTable(0x82f63b78);

function crc32c(data: Buffer): number {
  let crc = 0xffffffff;
  for (const byte of data)
    crc = CRC32C_TABLE[(crc ^ byte) & 0xff] ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}

// CRC-64/NVME (reflected polynomial 0x9a6c9329ac4bc9b5), as two 32-bit halves
const CRC64_TABLE_HI = new Uint32Array(256);
const CRC64_TABLE_LO = new Uint32Array(256);
for (let n = 0; n < 256; n++) {
  let hi = 0;
  let lo = n;
  for (let k = 0; k < 8; k++) {
    const lsb = lo & 1;
    lo = ((lo >>> 1) | ((hi & 1) << 31)) >>> 0;
    hi >>>= 1;
    if (lsb) {
      hi = (hi ^ 0x9a6c9329) >>> 0;
      lo = (lo ^ 0xac4bc9b5) >>> 0;
    }
  }
  CRC64_TABLE_HI[n] = hi;
  CRC64_TABLE_LO[n] = lo;
}

function crc64nvme(data: Buffer): Buffer {
  let hi = 0xffffffff;
  let lo = 0xffffffff;
  for (const byte of data) {
    const index = (lo ^ byte) & 0xff;
    lo = (((lo >>> 8) | ((hi & 0xff) << 24)) ^ CRC64_TABLE_LO[index]) >>> 0;
    hi = ((hi >>> 8) ^ CRC64_TABLE_HI[index]) >>> 0;
  }
  const out = Buffer.alloc(8);
  out.writeUInt32BE((hi ^ 0xffffffff) >>> 0, 0);
  out.writeUInt32BE((lo ^ 0xffffffff) >>> 0, 4);
  return out;
}

/** The raw digest of `data`. */
export function digest(algorithm: ChecksumAlgorithm, data: Buffer): Buffer {
  switch (algorithm) {
    case 'CRC32': {
      const out = Buffer.alloc(4);
      out.writeUInt32BE(zlib.crc32(data) >>> 0);
      return out;
    }
    case 'CRC32C': {
      const out = Buffer.alloc(4);
      out.writeUInt32BE(crc32c(data));
      return out;
    }
    case 'CRC64NVME':
      return crc64nvme(data);
    case 'SHA1':
      return createHash('sha1').update(data).digest();
    default:
      return createHash('sha256').update(data).digest();
  }
}

/** The base64 checksum of `data`, as in `x-amz-checksum-<algorithm>`. */
export function checksum(algorithm: ChecksumAlgorithm, data: Buffer): string {
  return digest(algorithm, data).toString('base64');
}

/** Whether a base64 value has the digest length of the algorithm. */
export function isWellFormedChecksum(
  algorithm: ChecksumAlgorithm,
  value: string,
): boolean {
  return (
    /^[A-Za-z0-9+/]+={0,2}$/.test(value) &&
    Buffer.from(value, 'base64').length === DIGEST_LENGTH[algorithm]
  );
}

export function parseChecksumAlgorithm(
  value: string | undefined,
): ChecksumAlgorithm | undefined {
  const upper = value?.toUpperCase();
  return CHECKSUM_ALGORITHMS.find(a => a === upper);
}

export function checksumHeader(algorithm: ChecksumAlgorithm): string {
  return `x-amz-checksum-${algorithm.toLowerCase()}`;
}

/** The element name in XML bodies: ChecksumCRC32, ChecksumSHA256, ... */
export function checksumElement(algorithm: ChecksumAlgorithm): string {
  return `Checksum${algorithm}`;
}

export function md5(data: Buffer): Buffer {
  return createHash('md5').update(data).digest();
}

import {
  chunkStringToSign,
  signature,
  signaturesEqual,
  trailerStringToSign,
} from './sigv4';

/**
 * Decodes `Content-Encoding: aws-chunked` bodies, the payload of requests
 * whose `x-amz-content-sha256` is one of the `STREAMING-*` values:
 * https://docs.aws.amazon.com/AmazonS3/latest/API/sigv4-streaming.html and
 * https://docs.aws.amazon.com/AmazonS3/latest/API/sigv4-streaming-trailers.html
 *
 * Signed variants carry `;chunk-signature=<hex>` on every chunk header,
 * chained from the request's (seed) signature, and a final
 * `x-amz-trailer-signature` when there are trailers.
 */

export type ChunkSigning = {
  key: Buffer;
  amzDate: string;
  scope: string;
  seedSignature: string;
};

export type DecodedChunks = {
  data: Buffer;
  /** Trailing headers (name in lower case, value). */
  trailers: [string, string][];
};

export class ChunkedBodyError extends Error {
  constructor(readonly status: number, readonly code: string, message: string) {
    super(message);
  }
}

const CRLF = Buffer.from('\r\n');
const MIN_SIGNED_CHUNK = 8192;

export function decodeAwsChunked(
  body: Buffer,
  options: { trailer: boolean; signing?: ChunkSigning },
): DecodedChunks {
  const incomplete = () =>
    new ChunkedBodyError(
      400,
      'IncompleteBody',
      'The request body terminated unexpectedly',
    );
  const chunks: Buffer[] = [];
  let pos = 0;
  let previous = options.signing?.seedSignature ?? '';
  const readLine = () => {
    const end = body.indexOf(CRLF, pos);
    if (end < 0) throw incomplete();
    const line = body.subarray(pos, end).toString('latin1');
    pos = end + 2;
    return line;
  };
  for (;;) {
    const header = readLine();
    const [sizeText, ...extensions] = header.split(';');
    if (!/^[0-9a-fA-F]+$/.test(sizeText.trim())) throw incomplete();
    const size = parseInt(sizeText.trim(), 16);
    if (pos + size > body.length) throw incomplete();
    const data = body.subarray(pos, pos + size);
    pos += size;
    if (options.signing) {
      const provided = extensions
        .map(e => e.trim())
        .find(e => e.startsWith('chunk-signature='))
        ?.slice('chunk-signature='.length);
      const expected = signature(
        options.signing.key,
        chunkStringToSign(
          options.signing.amzDate,
          options.signing.scope,
          previous,
          data,
        ),
      );
      if (!provided || !signaturesEqual(provided, expected)) {
        throw new ChunkedBodyError(
          403,
          'SignatureDoesNotMatch',
          'The request signature we calculated does not match the signature you provided. Check your key and signing method.',
        );
      }
      previous = expected;
    }
    if (size === 0) break;
    chunks.push(data);
    if (!body.subarray(pos, pos + 2).equals(CRLF)) throw incomplete();
    pos += 2;
  }
  if (options.signing) {
    const small = chunks
      .slice(0, -1)
      .findIndex(c => c.length < MIN_SIGNED_CHUNK);
    if (small >= 0) {
      throw new ChunkedBodyError(
        403,
        'InvalidChunkSizeError',
        'Only the last chunk is allowed to have a size less than 8192 bytes',
      );
    }
  }
  const trailers: [string, string][] = [];
  let trailerSignature: string | undefined;
  if (options.trailer) {
    for (;;) {
      const line = readLine();
      if (line === '') break;
      const colon = line.indexOf(':');
      if (colon <= 0) throw incomplete();
      const name = line.slice(0, colon).trim().toLowerCase();
      const value = line.slice(colon + 1).trim();
      if (name === 'x-amz-trailer-signature') trailerSignature = value;
      else trailers.push([name, value]);
    }
    if (options.signing) {
      const expected = signature(
        options.signing.key,
        trailerStringToSign(
          options.signing.amzDate,
          options.signing.scope,
          previous,
          trailers,
        ),
      );
      if (!trailerSignature || !signaturesEqual(trailerSignature, expected)) {
        throw new ChunkedBodyError(
          403,
          'SignatureDoesNotMatch',
          'The trailing header signature we calculated does not match the signature you provided.',
        );
      }
    }
  } else if (pos < body.length) {
    // after the final chunk: an empty line
    readLine();
  }
  return { data: Buffer.concat(chunks), trailers };
}

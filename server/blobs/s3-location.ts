/**
 * `--blobs s3://bucket/prefix`: the bucket, the key prefix, and the connection from the
 * standard AWS environment variables. No SDK here: reading the option must not load it.
 */
import { AppError } from '../../shared/errors';

export interface S3StoreOption {
  kind: 's3';
  bucket: string;
  /** '' or ending with '/'. */
  prefix: string;
  /** An S3-compatible server (MinIO, Ceph, …); AWS when absent. */
  endpoint?: string;
  region?: string;
  /** http://endpoint/bucket/key instead of http://bucket.endpoint/key (most S3-compatible servers want it). */
  forcePathStyle?: boolean;
  /** Absent: the SDK's default chain (environment, profile, instance role). */
  credentials?: { accessKeyId: string; secretAccessKey: string; sessionToken?: string };
  /** Files larger than this go up in parts (default 16 MiB; S3 parts are at least 5 MiB). */
  multipartThresholdBytes?: number;
}

export const isS3Url = (value: string): boolean => /^s3:\/\//i.test(value);

export function s3OptionFromUrl(url: string, env: Record<string, string | undefined>, opts: { forcePathStyle?: boolean } = {}): S3StoreOption {
  const m = /^s3:\/\/([^/?#]+)\/?([^?#]*)$/i.exec(url);
  // Bucket names: 3-63 lower-case letters, digits, dots and hyphens.
  if (!m || !/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/.test(m[1])) throw new AppError('validation_failed', `not an s3://bucket/prefix address: ${url}`);
  const prefix = m[2].replace(/^\/+|\/+$/g, '');
  const keyId = env.AWS_ACCESS_KEY_ID;
  const secret = env.AWS_SECRET_ACCESS_KEY;
  return {
    kind: 's3',
    bucket: m[1],
    prefix: prefix ? `${prefix}/` : '',
    endpoint: env.AWS_ENDPOINT_URL_S3 || env.AWS_ENDPOINT_URL || undefined,
    region: env.AWS_REGION || env.AWS_DEFAULT_REGION || undefined,
    forcePathStyle: opts.forcePathStyle,
    credentials: keyId && secret ? { accessKeyId: keyId, secretAccessKey: secret, sessionToken: env.AWS_SESSION_TOKEN || undefined } : undefined,
  };
}

export const describeS3 = (o: Pick<S3StoreOption, 'bucket' | 'prefix' | 'endpoint'>): string => `s3://${o.bucket}/${o.prefix}${o.endpoint ? ` (${o.endpoint})` : ''}`;
